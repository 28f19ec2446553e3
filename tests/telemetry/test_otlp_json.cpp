// The OTLP JSON building blocks and the run tracer's spans and log records.
#include "otlp_json.hpp"
#include "run_tracer.hpp"
#include "sandbox_metrics.hpp"

#include <doctest/doctest.h>

using namespace sandbox;
using namespace sandbox::telemetry;
namespace json = boost::json;

namespace {

StampedEvent stamped(EventKind kind, std::string name, double time_s, std::uint64_t run_id = 7) {
    StampedEvent s;
    s.event.kind = kind;
    s.event.name = std::move(name);
    s.event.time_s = time_s;
    s.event.run_id = run_id;
    s.at = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000)) +
           std::chrono::microseconds(static_cast<long>(time_s * 1e6));
    return s;
}

std::string str(const json::value& v) { return std::string(v.as_string()); }

const json::object* find_attribute(const json::value& record, std::string_view key) {
    for (const auto& kv : record.at("attributes").as_array())
        if (kv.at("key").as_string() == key) return &kv.at("value").as_object();
    return nullptr;
}

}  // namespace

TEST_CASE("64-bit integers are decimal strings, ids hex, enums integers") {
    auto t = std::chrono::system_clock::time_point(std::chrono::nanoseconds(1'700'000'000'123'456'789));
    CHECK(otlp::unix_nanos(t) == "1700000000123456789");
    json::object a = otlp::attribute("process.pid", std::int64_t{42});
    CHECK(a.at("value").at("intValue").as_string() == "42");
    CHECK(otlp::attribute("x", 1.5).at("value").at("doubleValue").as_double() == 1.5);
    CHECK(otlp::attribute("x", true).at("value").at("boolValue").as_bool());
    CHECK(otlp::attribute("x", "y").at("value").at("stringValue").as_string() == "y");
}

TEST_CASE("the resource names the service and the host") {
    json::value r = otlp::resource("judge");
    CHECK(find_attribute(r, "service.name")->at("stringValue").as_string() == "judge");
    CHECK(find_attribute(r, "host.name") != nullptr);
    CHECK(find_attribute(r, "service.version") != nullptr);
}

TEST_CASE("Prometheus histograms become OTLP histograms with per-bucket counts") {
    SandboxMetrics metrics;
    for (double wall : {0.002, 0.002, 0.3, 1000.0}) {
        StampedEvent e = stamped(EventKind::lifecycle, "exited", wall);
        e.event.values["wall_time_s"] = wall;
        e.event.labels = {{"status", "ok"}, {"runtime", "native"}};
        metrics.record(e.event);
    }
    auto now = std::chrono::system_clock::now();
    json::array out = otlp::metrics_from_prometheus(metrics.registry()->Collect(), metrics.start_time(), now);
    const json::object* duration = nullptr;
    const json::object* runs = nullptr;
    for (const auto& m : out) {
        if (m.at("name") == "sandbox_run_duration_seconds") duration = &m.as_object();
        if (m.at("name") == "sandbox_runs_total") runs = &m.as_object();
    }
    REQUIRE(duration);
    const auto& point = duration->at("histogram").at("dataPoints").at(0);
    CHECK(point.at("count").as_string() == "4");
    const auto& counts = point.at("bucketCounts").as_array();
    const auto& bounds = point.at("explicitBounds").as_array();
    CHECK(counts.size() == bounds.size() + 1);
    std::uint64_t total = 0;
    for (const auto& c : counts) total += std::stoull(std::string(c.as_string()));
    CHECK(total == 4);
    CHECK(counts.back().as_string() == "1");  // 1000 s is past the last bound
    CHECK(duration->at("histogram").at("aggregationTemporality").as_int64() == otlp::temporality_cumulative);
    REQUIRE(runs);
    CHECK(runs->at("sum").at("isMonotonic").as_bool());
    CHECK(runs->at("sum").at("dataPoints").at(0).at("asDouble").as_double() == 4);
}

TEST_CASE("partial success counts are read from string or number") {
    CHECK(otlp::rejected_count(R"({"partialSuccess":{"rejectedSpans":"3","errorMessage":"x"}})", "rejectedSpans") == 3);
    CHECK(otlp::rejected_count(R"({"partialSuccess":{"rejectedLogRecords":2}})", "rejectedLogRecords") == 2);
    CHECK(otlp::rejected_count("", "rejectedSpans") == 0);
    CHECK(otlp::rejected_count("{}", "rejectedSpans") == 0);
}

TEST_CASE("a run becomes a span tree joined to the caller's trace, with events and logs") {
    TraceParent parent{"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true};
    RunTracer tracer(parent);
    RunTracer::Output out;
    StampedEvent started = stamped(EventKind::lifecycle, "started", 0.010);
    started.event.pid = 1234;
    started.event.labels = {{"program", "/bin/sleep"}, {"runtime", "native"}};
    tracer.observe(started, out);
    StampedEvent violation = stamped(EventKind::limit_violation, "timeout", 0.300);
    tracer.observe(violation, out);
    StampedEvent security = stamped(EventKind::security, "ptrace", 0.310);
    security.event.type = SecurityEventType::syscall;
    security.event.severity = Severity::high;
    security.event.action = EventAction::denied;
    security.event.syscall = "ptrace";
    tracer.observe(security, out);
    StampedEvent exited = stamped(EventKind::lifecycle, "exited", 0.400);
    exited.event.values = {{"wall_time_s", 0.35}, {"exit_code", -1}, {"signal", 9},
                           {"target_started_s", 0.020}, {"init_exited_s", 0.320}};
    exited.event.labels = {{"status", "timeout"}, {"runtime", "native"}};
    tracer.observe(exited, out);
    CHECK(tracer.open_runs() == 0);

    REQUIRE(out.spans.size() == 5);
    const json::value& root = out.spans[0];
    CHECK(root.at("name") == "sandbox.run");
    CHECK(str(root.at("traceId")) == parent.trace_id);
    CHECK(str(root.at("parentSpanId")) == parent.parent_id);
    CHECK(root.at("status").at("code").as_int64() == otlp::status_code_error);
    CHECK(find_attribute(root, "process.pid")->at("intValue").as_string() == "1234");
    CHECK(find_attribute(root, "process.executable.path")->at("stringValue").as_string() == "/bin/sleep");
    CHECK(find_attribute(root, "sandbox.status")->at("stringValue").as_string() == "timeout");
    CHECK(find_attribute(root, "process.exit.code") == nullptr);  // it never exited by itself
    CHECK(root.at("events").as_array().size() == 2);
    std::vector<std::string> children;
    for (std::size_t i = 1; i < out.spans.size(); ++i) {
        CHECK(str(out.spans[i].at("parentSpanId")) == str(root.at("spanId")));
        CHECK(str(out.spans[i].at("traceId")) == parent.trace_id);
        CHECK(std::stoull(std::string(out.spans[i].at("startTimeUnixNano").as_string())) <=
              std::stoull(std::string(out.spans[i].at("endTimeUnixNano").as_string())));
        children.emplace_back(out.spans[i].at("name").as_string());
    }
    CHECK(children == std::vector<std::string>{"sandbox.setup", "sandbox.exec", "sandbox.wait", "sandbox.teardown"});

    REQUIRE(out.log_records.size() == 4);
    CHECK(out.log_records[1].at("severityNumber").as_int64() == otlp::severity_warn);
    CHECK(out.log_records[2].at("severityNumber").as_int64() == otlp::severity_error);
    for (const auto& log : out.log_records) CHECK(str(log.at("spanId")) == str(root.at("spanId")));
}

TEST_CASE("an unsampled parent gets logs but no spans; a lost end is forgotten, not kept forever") {
    RunTracer unsampled(TraceParent{"4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", false});
    RunTracer::Output out;
    unsampled.observe(stamped(EventKind::lifecycle, "started", 0.01), out);
    unsampled.observe(stamped(EventKind::lifecycle, "exited", 0.02), out);
    CHECK(out.spans.empty());
    CHECK(out.log_records.size() == 2);

    RunTracer small(std::nullopt, 3);
    RunTracer::Output ignored;
    for (std::uint64_t id = 1; id <= 10; ++id) small.observe(stamped(EventKind::lifecycle, "started", 0.01, id), ignored);
    CHECK(small.open_runs() == 3);
}
