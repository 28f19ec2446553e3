#include "run_tracer.hpp"

#include "otlp_json.hpp"

namespace sandbox::telemetry {

namespace json = boost::json;
using otlp::attribute;

namespace {

using TimePoint = std::chrono::system_clock::time_point;

TimePoint plus_seconds(TimePoint t, double s) {
    return t + std::chrono::duration_cast<TimePoint::duration>(std::chrono::duration<double>(s));
}

double value_or(const Event& e, const char* key, double fallback) {
    auto it = e.values.find(key);
    return it == e.values.end() ? fallback : it->second;
}

std::string label_or(const Event& e, const char* key, const std::string& fallback) {
    auto it = e.labels.find(key);
    return it == e.labels.end() ? fallback : it->second;
}

int severity_number(const Event& e) {
    switch (e.kind) {
        case EventKind::limit_violation: return otlp::severity_warn;
        case EventKind::watchdog: return e.action == EventAction::killed ? otlp::severity_error : otlp::severity_warn;
        case EventKind::security:
            switch (e.severity) {
                case Severity::info: return otlp::severity_info;
                case Severity::low: return otlp::severity_info2;
                case Severity::medium: return otlp::severity_warn;
                case Severity::high: return otlp::severity_error;
                case Severity::critical: return otlp::severity_fatal;
            }
            break;
        default:
            break;
    }
    return e.name == "setup_failed" ? otlp::severity_error : otlp::severity_info;
}

const char* severity_text(int number) {
    if (number >= otlp::severity_fatal) return "FATAL";
    if (number >= otlp::severity_error) return "ERROR";
    if (number >= otlp::severity_warn) return "WARN";
    return "INFO";
}

// Attributes every record of an event carries (span events and log records).
json::array event_attributes(const Event& e) {
    json::array a{attribute("sandbox.run_id", static_cast<std::int64_t>(e.run_id)),
                  attribute("sandbox.event.kind", to_string(e.kind)), attribute("sandbox.event.name", e.name)};
    if (e.kind == EventKind::security || e.kind == EventKind::watchdog) {
        a.push_back(attribute("sandbox.security.type", to_string(e.type)));
        a.push_back(attribute("sandbox.security.severity", to_string(e.severity)));
        a.push_back(attribute("sandbox.security.action", to_string(e.action)));
        if (!e.syscall.empty()) a.push_back(attribute("sandbox.security.syscall", e.syscall));
    }
    if (e.kind == EventKind::limit_violation) a.push_back(attribute("sandbox.limit.status", e.name));
    if (e.pid > 0) a.push_back(attribute("process.pid", static_cast<std::int64_t>(e.pid)));
    for (const auto& [k, v] : e.labels) a.push_back(attribute("sandbox." + k, v));
    for (const auto& [k, v] : e.values) a.push_back(attribute("sandbox." + k, v));
    return a;
}

json::object span(const std::string& trace_id, const std::string& span_id, const std::string& parent_id,
                  std::string_view name, TimePoint start, TimePoint end) {
    if (end < start) end = start;
    json::object s{{"traceId", trace_id},
                   {"spanId", span_id},
                   {"name", name},
                   {"kind", otlp::span_kind_internal},
                   {"startTimeUnixNano", otlp::unix_nanos(start)},
                   {"endTimeUnixNano", otlp::unix_nanos(end)}};
    if (!parent_id.empty()) s["parentSpanId"] = parent_id;
    return s;
}

}  // namespace

RunTracer::RunTracer(std::optional<TraceParent> parent, std::size_t max_open_runs)
    : parent_(std::move(parent)), max_open_runs_(max_open_runs) {}

RunTracer::OpenRun& RunTracer::run_for(const StampedEvent& item) {
    auto it = open_.find(item.event.run_id);
    if (it != open_.end()) return it->second;
    if (open_.size() >= max_open_runs_) open_.erase(open_.begin());
    OpenRun run;
    run.trace_id = parent_ ? parent_->trace_id : new_trace_id();
    run.span_id = new_span_id();
    run.start = plus_seconds(item.at, -item.event.time_s);
    return open_.emplace(item.event.run_id, std::move(run)).first->second;
}

void RunTracer::observe(const StampedEvent& item, Output& out) {
    const Event& e = item.event;
    if (e.kind == EventKind::resource_sample) return;  // samples go to metrics, not traces or logs
    OpenRun& run = run_for(item);

    json::object log{{"timeUnixNano", otlp::unix_nanos(item.at)},
                     {"observedTimeUnixNano", otlp::unix_nanos(item.at)},
                     {"severityNumber", severity_number(e)},
                     {"severityText", severity_text(severity_number(e))},
                     {"body", json::object{{"stringValue", e.detail.empty() ? e.name : e.name + ": " + e.detail}}},
                     {"attributes", event_attributes(e)},
                     {"traceId", run.trace_id},
                     {"spanId", run.span_id}};
    out.log_records.push_back(std::move(log));

    if (e.kind != EventKind::lifecycle) {
        run.span_events.push_back(json::object{{"timeUnixNano", otlp::unix_nanos(item.at)},
                                               {"name", std::string(to_string(e.kind)) + "." + e.name},
                                               {"attributes", event_attributes(e)}});
        return;
    }
    if (e.name == "started") {
        run.started_s = e.time_s;
        run.pid = e.pid;
        run.program = label_or(e, "program", "");
        run.runtime = label_or(e, "runtime", "");
    } else if (e.name == "exited" || e.name == "setup_failed") {
        std::uint64_t id = e.run_id;
        if (!parent_ || parent_->sampled) end_run(id, run, item, out);
        open_.erase(id);
    }
}

void RunTracer::end_run(std::uint64_t run_id, const OpenRun& run, const StampedEvent& item, Output& out) const {
    const Event& e = item.event;
    const TimePoint end = item.at;
    json::object root = span(run.trace_id, run.span_id, parent_ ? parent_->parent_id : "", "sandbox.run", run.start, end);
    std::string status = label_or(e, "status", e.name == "setup_failed" ? "setup_error" : "unknown");
    std::string runtime = label_or(e, "runtime", run.runtime);
    json::array attrs{attribute("sandbox.run_id", static_cast<std::int64_t>(run_id)), attribute("sandbox.status", status)};
    if (!runtime.empty()) {
        attrs.push_back(attribute("sandbox.runtime", runtime));
        attrs.push_back(attribute("process.runtime.name", runtime));
    }
    if (run.pid > 0) attrs.push_back(attribute("process.pid", static_cast<std::int64_t>(run.pid)));
    if (!run.program.empty()) attrs.push_back(attribute("process.executable.path", run.program));
    if (e.name == "exited") {
        auto exit_code = static_cast<std::int64_t>(value_or(e, "exit_code", -1));
        if (exit_code >= 0) attrs.push_back(attribute("process.exit.code", exit_code));
        auto signal = static_cast<std::int64_t>(value_or(e, "signal", 0));
        if (signal > 0) attrs.push_back(attribute("sandbox.signal", signal));
        attrs.push_back(attribute("sandbox.wall_time_s", value_or(e, "wall_time_s", e.time_s)));
        attrs.push_back(attribute("sandbox.cpu_time_s", value_or(e, "cpu_s", 0)));
        attrs.push_back(attribute("sandbox.memory_peak_bytes",
                                  static_cast<std::int64_t>(value_or(e, "peak_memory_bytes", 0))));
    }
    root["attributes"] = std::move(attrs);
    if (!run.span_events.empty()) root["events"] = run.span_events;
    if (status == "ok")
        root["status"] = json::object{{"code", otlp::status_code_ok}};
    else
        root["status"] = json::object{{"code", otlp::status_code_error}, {"message", status + ": " + e.detail}};
    out.spans.push_back(std::move(root));

    // The phases, from what the supervisor measured (seconds since the run's start).
    auto child = [&](std::string_view name, double from_s, double to_s) {
        out.spans.push_back(span(run.trace_id, new_span_id(), run.span_id, name, plus_seconds(run.start, from_s),
                                 to_s < 0 ? end : plus_seconds(run.start, to_s)));
    };
    if (e.name == "setup_failed" || run.started_s < 0) {
        child("sandbox.setup", 0, -1);
        return;
    }
    double target_started = value_or(e, "target_started_s", -1);
    double init_exited = value_or(e, "init_exited_s", -1);
    child("sandbox.setup", 0, run.started_s);
    if (target_started >= 0) child("sandbox.exec", run.started_s, target_started);
    child("sandbox.wait", target_started >= 0 ? target_started : run.started_s, init_exited);
    if (init_exited >= 0) child("sandbox.teardown", init_exited, -1);
}

}  // namespace sandbox::telemetry
