// Telemetry through the public API with real boxes: Prometheus exposition, the event log,
// a dead OTLP receiver that must not slow runs, bounded flush, and the queue under a flood.
#include "http_client.hpp"

#include <sandbox/sandbox.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace sandbox;
namespace fs = std::filesystem;

namespace {

std::string scrape(unsigned short port) {
    telemetry::HttpUrl url{"127.0.0.1", std::to_string(port), ""};
    telemetry::HttpRequest request;
    request.method = "GET";
    request.target = "/metrics";
    auto response = telemetry::send_http(url, request, std::chrono::seconds(2));
    REQUIRE_MESSAGE(response.status == 200, response.error);
    return response.body;
}

// The value of one sample line ("name{labels} value"), or -1 when absent.
double sample(const std::string& exposition, const std::string& series) {
    std::istringstream in(exposition);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
    return -1;
}

// A loopback port nobody listens on: bound, then closed.
unsigned short dead_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

// Telemetry does not depend on the isolation level; the basic level keeps these tests fast
// and independent of namespaces.
SecurityPolicy policy() { return SecurityPolicy::for_level(SecurityLevel::basic); }

Command argv(std::vector<std::string> a) {
    Command c;
    c.argv = std::move(a);
    return c;
}

}  // namespace

TEST_CASE("runs with different outcomes show up in the Prometheus exposition and the event log") {
    fs::path log_path = fs::temp_directory_path() / ("telemetry-runs-" + std::to_string(::getpid()) + ".jsonl");
    TelemetryConfig config;
    config.prometheus_listen = "127.0.0.1:0";
    config.event_log_path = log_path.string();
    {
        Telemetry telemetry(config);
        REQUIRE(telemetry.prometheus_port() != 0);
        Sandbox box(policy());
        box.add_sink(telemetry.sink());
        CHECK(box.run(argv({"/bin/true"})).status == Status::ok);
        CHECK(box.run(argv({"/bin/true"})).status == Status::ok);
        CHECK(box.run(argv({"/bin/sh", "-c", "exit 3"})).status == Status::nonzero_exit);
        SecurityPolicy quick = policy();
        quick.limits.wall_timeout_ms = 200;
        Sandbox slow(quick);
        slow.add_sink(telemetry.sink());
        CHECK(slow.run(argv({"/bin/sleep", "5"})).status == Status::timeout);
        CHECK(telemetry.flush(std::chrono::seconds(2)));

        std::string text = scrape(telemetry.prometheus_port());
        CHECK(sample(text, R"(sandbox_runs_total{runtime="native",status="ok"})") == 2);
        CHECK(sample(text, R"(sandbox_runs_total{runtime="shell",status="nonzero_exit"})") == 1);
        CHECK(sample(text, R"(sandbox_runs_total{runtime="native",status="timeout"})") == 1);
        CHECK(sample(text, R"(sandbox_limit_violations_total{resource="wall_time"})") == 1);
        CHECK(sample(text, "sandbox_run_duration_seconds_count") == 4);
        CHECK(sample(text, R"(sandbox_run_duration_seconds_bucket{le="0.1"})") >= 3);
        CHECK(sample(text, "sandbox_active") == 0);
        CHECK(sample(text, R"(sandbox_telemetry_dropped_total{reason="queue_full"})") == 0);
        CHECK(sample(text, "sandbox_memory_peak_bytes_count") == 4);
        CHECK(sample(text, "sandbox_cpu_seconds_total") >= 0);
        CHECK(sample(text, "sandbox_watchdog_terminations_total") == 0);
    }
    std::ifstream in(log_path);
    std::vector<boost::json::object> events;
    for (std::string line; std::getline(in, line);) events.push_back(boost::json::parse(line).as_object());
    fs::remove(log_path);
    int started = 0, exited = 0;
    for (const auto& e : events) {
        if (e.at("name") == "started") ++started;
        if (e.at("name") == "exited") {
            ++exited;
            CHECK(e.at("labels").as_object().contains("status"));
            CHECK(e.at("values").as_object().contains("wall_time_s"));
        }
    }
    CHECK(started == 4);
    CHECK(exited == 4);
}

TEST_CASE("the Prometheus address must be free: a taken port is a setup error") {
    TelemetryConfig config;
    config.prometheus_listen = "127.0.0.1:0";
    Telemetry first(config);
    config.prometheus_listen = "127.0.0.1:" + std::to_string(first.prometheus_port());
    CHECK_THROWS_AS(Telemetry{config}, SetupError);
}

TEST_CASE("a dead OTLP receiver slows neither runs nor shutdown beyond their bounds") {
    TelemetryConfig config;
    config.otlp_endpoint = "http://127.0.0.1:" + std::to_string(dead_port());
    config.otlp_timeout = std::chrono::milliseconds(300);
    config.export_interval = std::chrono::milliseconds(50);
    auto t0 = std::chrono::steady_clock::now();
    std::chrono::steady_clock::duration runs_took{};
    {
        Telemetry telemetry(config);
        Sandbox box(policy());
        box.add_sink(telemetry.sink());
        for (int i = 0; i < 5; ++i) CHECK(box.run(argv({"/bin/true"})).status == Status::ok);
        runs_took = std::chrono::steady_clock::now() - t0;
        auto f0 = std::chrono::steady_clock::now();
        telemetry.flush(std::chrono::milliseconds(500));
        CHECK(std::chrono::steady_clock::now() - f0 < std::chrono::milliseconds(700));
    }
    // Five /bin/true runs take tens of milliseconds; the exporter retries in the background.
    CHECK(runs_took < std::chrono::seconds(2));
    // Destruction: flush bounded by twice the timeout, then a request in flight ends in one timeout.
    CHECK(std::chrono::steady_clock::now() - t0 - runs_took < std::chrono::seconds(3));
}

TEST_CASE("a flood of events beyond the queue is dropped and counted, the sink stays fast") {
    TelemetryConfig config;
    config.prometheus_listen = "127.0.0.1:0";
    config.queue_size = 16;
    Telemetry telemetry(config);
    EventSink sink = telemetry.sink();
    Event e;
    e.kind = EventKind::security;
    e.name = "ptrace";
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 100000; ++i) sink(e);
    auto took = std::chrono::steady_clock::now() - t0;
    CHECK(took < std::chrono::milliseconds(500));  // ~100 ns per call expected; generous bound
    CHECK(telemetry.flush(std::chrono::seconds(2)));
    TelemetryStats s = telemetry.stats();
    CHECK(s.events_received + s.events_dropped == 100000);
    CHECK(s.events_dropped > 0);
    std::string text = scrape(telemetry.prometheus_port());
    CHECK(sample(text, R"(sandbox_telemetry_dropped_total{reason="queue_full"})") == static_cast<double>(s.events_dropped));
    CHECK(sample(text, R"(sandbox_security_events_total{severity="info",type="process"})") ==
          static_cast<double>(s.events_received));
}

TEST_CASE("a sink outliving its Telemetry ignores events") {
    EventSink sink;
    {
        Telemetry telemetry(TelemetryConfig{});
        sink = telemetry.sink();
    }
    Event e;
    CHECK_NOTHROW(sink(e));
}
