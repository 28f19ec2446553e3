// The egress proxy through the public API: a Sandbox run with allowed_hosts gets the proxy
// variables, reaches an allowed host, is refused a denied one, and finds both decisions
// among its Result's events.
#include "host_services.hpp"

#include <sandbox/sandbox.hpp>

#include <boost/asio/executor_work_guard.hpp>

#include <doctest/doctest.h>

#include <unistd.h>

#include <thread>

using namespace netproxy_test;

namespace {

// The host server runs on its own io_context and thread, apart from the run's.
struct HostSide {
    boost::asio::io_context io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work = boost::asio::make_work_guard(io);
    HostHttpServer server{io, "allowed body"};
    std::thread thread{[this] { io.run(); }};
    ~HostSide() {
        io.stop();
        thread.join();
    }
};

const sandbox::Event* find_network_event(const sandbox::Result& r, sandbox::EventAction action) {
    for (const auto& e : r.events)
        if (e.kind == sandbox::EventKind::security && e.type == sandbox::SecurityEventType::network &&
            e.action == action)
            return &e;
    return nullptr;
}

}  // namespace

TEST_CASE("a Sandbox run with allowed_hosts goes out through the proxy only") {
    if (::geteuid() != 0) {
        MESSAGE("skipped: the egress proxy needs root");
        return;
    }
    HostSide host;
    const std::string port = std::to_string(host.server.port());
    auto policy = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::enhanced);
    policy.allowed_hosts = {"127.0.0.1:" + port};
    sandbox::Command cmd;
    cmd.argv = {"python3", "-I", "-c",
                "import os, urllib.request, http.client\n"
                "print(os.environ['HTTPS_PROXY'], os.environ['HTTP_PROXY'], repr(os.environ['NO_PROXY']))\n"
                "print(urllib.request.urlopen('http://127.0.0.1:" + port + "/x', timeout=10).read().decode())\n"
                "c = http.client.HTTPConnection('127.0.0.1', 3128, timeout=10)\n"
                "c.set_tunnel('denied.test', 443)\n"
                "try:\n"
                "    c.request('GET', '/')\n"
                "except OSError as e:\n"
                "    print(e)\n"};
    cmd.env = {{"PATH", "/usr/bin:/bin"}, {"HTTP_PROXY", "http://elsewhere.test:1"}};
    sandbox::Result r = sandbox::Sandbox(policy).run(cmd);
    INFO("stderr: " << r.stderr_data << " message: " << r.message);
    CHECK(r.status == sandbox::Status::ok);
    CHECK(r.stdout_data ==
          "http://127.0.0.1:3128 http://127.0.0.1:3128 ''\nallowed body\nTunnel connection failed: 403 Forbidden\n");
    CHECK(host.server.connections() == 1);
    const sandbox::Event* allowed = find_network_event(r, sandbox::EventAction::allowed);
    REQUIRE(allowed != nullptr);
    CHECK(allowed->detail == "GET http://127.0.0.1:" + port + "/x allowed");
    CHECK(allowed->run_id != 0);
    const sandbox::Event* denied = find_network_event(r, sandbox::EventAction::denied);
    REQUIRE(denied != nullptr);
    CHECK(denied->detail == "CONNECT denied.test:443 not in allowlist");
    CHECK(denied->severity == sandbox::Severity::medium);
}

TEST_CASE("without allowed_hosts the box gets no proxy variables and no proxy") {
    if (::geteuid() != 0) {
        MESSAGE("skipped: the egress proxy needs root");
        return;
    }
    auto policy = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::enhanced);
    sandbox::Command cmd;
    cmd.argv = {"python3", "-I", "-c",
                "import os, socket\n"
                "print('HTTP_PROXY' in os.environ)\n"
                "try:\n"
                "    socket.create_connection(('127.0.0.1', 3128), timeout=3)\n"
                "except OSError as e:\n"
                "    print(type(e).__name__)\n"};
    cmd.env = {{"PATH", "/usr/bin:/bin"}};
    sandbox::Result r = sandbox::Sandbox(policy).run(cmd);
    INFO("stderr: " << r.stderr_data);
    // Refused (nobody listens), or denied outright by Landlock's TCP rules (ABI >= 4).
    CHECK((r.stdout_data == "False\nConnectionRefusedError\n" || r.stdout_data == "False\nPermissionError\n"));
}

TEST_CASE("host_resolution from policy JSON: a name DNS does not know reaches its pinned addresses, in order") {
    if (::geteuid() != 0) {
        MESSAGE("skipped: the egress proxy needs root");
        return;
    }
    HostSide host;
    const std::string port = std::to_string(host.server.port());
    // Nothing listens on 127.0.0.2: the proxy moves on to the second pinned address.
    auto policy = sandbox::SecurityPolicy::from_json(R"({"level":"enhanced","allowed_hosts":["pinned.test:)" + port +
                                                     R"("],"host_resolution":{"pinned.test":["127.0.0.2","127.0.0.1"]}})");
    sandbox::Command cmd;
    cmd.argv = {"python3", "-I", "-c",
                "import urllib.request\n"
                "print(urllib.request.urlopen('http://pinned.test:" + port + "/pinned', timeout=10).read().decode())\n"
                "try:\n"
                "    urllib.request.urlopen('http://unpinned.test:" + port + "/', timeout=10)\n"
                "except OSError as e:\n"
                "    print(e)\n"};
    cmd.env = {{"PATH", "/usr/bin:/bin"}};
    sandbox::Result r = sandbox::Sandbox(policy).run(cmd);
    INFO("stderr: " << r.stderr_data << " message: " << r.message);
    CHECK(r.status == sandbox::Status::ok);
    CHECK(r.stdout_data == "allowed body\nHTTP Error 403: Forbidden\n");
    CHECK(host.server.connections() == 1);
    REQUIRE(host.server.heads().size() == 1);
    CHECK(host.server.heads()[0].find("Host: pinned.test:" + port) != std::string::npos);
}
