#include "sandbox_metrics.hpp"

namespace sandbox::telemetry {

namespace {

using prometheus::Histogram;

// Runs last from a millisecond (/bin/true) to minutes (a test suite).
const Histogram::BucketBoundaries duration_buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                      1,     2.5,    5,     10,   30,    60,   120, 300, 600};
// From a static binary (a few hundred KiB) to big interpreters (GiB).
const Histogram::BucketBoundaries memory_buckets = {
    1 << 20, 4 << 20, 16 << 20, 64 << 20, 256 << 20, 1024.0 * (1 << 20), 4096.0 * (1 << 20), 16384.0 * (1 << 20)};

std::string label_or(const Event& event, const char* key, const char* fallback) {
    auto it = event.labels.find(key);
    return it == event.labels.end() || it->second.empty() ? fallback : it->second;
}

double value_or(const Event& event, const char* key, double fallback) {
    auto it = event.values.find(key);
    return it == event.values.end() ? fallback : it->second;
}

}  // namespace

std::string resource_of_violation(const std::string& status_name) {
    if (status_name == "timeout") return "wall_time";
    if (status_name == "cpu_limit") return "cpu";
    if (status_name == "memory_limit") return "memory";
    if (status_name == "pids_limit") return "pids";
    if (status_name == "output_limit") return "output";
    return status_name;
}

SandboxMetrics::SandboxMetrics()
    : runs_(prometheus::BuildCounter()
                .Name("sandbox_runs_total")
                .Help("Runs that ended, by runtime and final status")
                .Register(*registry_)),
      duration_(prometheus::BuildHistogram()
                    .Name("sandbox_run_duration_seconds")
                    .Help("Wall-clock duration of runs")
                    .Register(*registry_)
                    .Add({}, duration_buckets)),
      active_(prometheus::BuildGauge().Name("sandbox_active").Help("Runs in progress").Register(*registry_).Add({})),
      cpu_seconds_(prometheus::BuildCounter()
                       .Name("sandbox_cpu_seconds_total")
                       .Help("CPU time (user + system) used by ended runs")
                       .Register(*registry_)
                       .Add({})),
      memory_peak_(prometheus::BuildHistogram()
                       .Name("sandbox_memory_peak_bytes")
                       .Help("Peak memory of ended runs")
                       .Register(*registry_)
                       .Add({}, memory_buckets)),
      security_events_(prometheus::BuildCounter()
                           .Name("sandbox_security_events_total")
                           .Help("Security events, by type and severity")
                           .Register(*registry_)),
      limit_violations_(prometheus::BuildCounter()
                            .Name("sandbox_limit_violations_total")
                            .Help("Limits runs hit, by resource")
                            .Register(*registry_)),
      watchdog_terminations_(prometheus::BuildCounter()
                                 .Name("sandbox_watchdog_terminations_total")
                                 .Help("Runs the watchdog terminated")
                                 .Register(*registry_)
                                 .Add({})),
      dropped_(prometheus::BuildCounter()
                   .Name("sandbox_telemetry_dropped_total")
                   .Help("Telemetry items dropped instead of slowing runs, by reason")
                   .Register(*registry_)) {
    dropped_.Add({{"reason", "queue_full"}});  // present (at 0) from the start
}

void SandboxMetrics::record(const Event& event) {
    switch (event.kind) {
        case EventKind::lifecycle:
            if (event.name == "started") {
                if (active_runs_.insert(event.run_id).second) active_.Increment();
            } else if (event.name == "exited" || event.name == "setup_failed") {
                if (active_runs_.erase(event.run_id) > 0) active_.Decrement();
                runs_.Add({{"runtime", label_or(event, "runtime", "native")},
                           {"status", label_or(event, "status", event.name == "setup_failed" ? "setup_error" : "unknown")}})
                    .Increment();
                if (event.name == "exited") {
                    duration_.Observe(value_or(event, "wall_time_s", event.time_s));
                    cpu_seconds_.Increment(std::max(0.0, value_or(event, "cpu_s", 0)));
                    memory_peak_.Observe(value_or(event, "peak_memory_bytes", 0));
                }
            }
            break;
        case EventKind::limit_violation:
            limit_violations_.Add({{"resource", resource_of_violation(event.name)}}).Increment();
            break;
        case EventKind::security:
            security_events_.Add({{"type", std::string(to_string(event.type))},
                                  {"severity", std::string(to_string(event.severity))}})
                .Increment();
            break;
        case EventKind::watchdog:
            if (event.action == EventAction::killed) watchdog_terminations_.Increment();
            break;
        case EventKind::resource_sample:
            break;
    }
}

}  // namespace sandbox::telemetry
