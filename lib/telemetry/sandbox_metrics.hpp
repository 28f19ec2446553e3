// The metrics of DESIGN.md in a prometheus-cpp registry: the one source for the Prometheus
// endpoint, the Pushgateway and the OTLP metrics export.
#pragma once

#include <sandbox/event.hpp>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <set>

namespace sandbox::telemetry {

class SandboxMetrics {
public:
    SandboxMetrics();

    // Updates the metrics an event concerns. Called from the telemetry thread only.
    void record(const Event& event);
    // Thread-safe. `reason`: "queue_full" (the sink's queue), "otlp_pending_full" or
    // "otlp_export_failed" (items the OTLP exporter had to give up).
    void count_dropped(const std::string& reason, std::uint64_t n = 1) {
        dropped_.Add({{"reason", reason}}).Increment(static_cast<double>(n));
    }

    const std::shared_ptr<prometheus::Registry>& registry() const { return registry_; }
    // When the counters started (the start time of OTLP cumulative sums).
    std::chrono::system_clock::time_point start_time() const { return start_time_; }

private:
    std::shared_ptr<prometheus::Registry> registry_ = std::make_shared<prometheus::Registry>();
    std::chrono::system_clock::time_point start_time_ = std::chrono::system_clock::now();
    prometheus::Family<prometheus::Counter>& runs_;
    prometheus::Histogram& duration_;
    prometheus::Gauge& active_;
    prometheus::Counter& cpu_seconds_;
    prometheus::Histogram& memory_peak_;
    prometheus::Family<prometheus::Counter>& security_events_;
    prometheus::Family<prometheus::Counter>& limit_violations_;
    prometheus::Counter& watchdog_terminations_;
    prometheus::Family<prometheus::Counter>& dropped_;
    std::set<std::uint64_t> active_runs_;  // run ids started and not yet exited
};

// The resource label of a limit violation named by its status ("memory_limit" -> "memory").
std::string resource_of_violation(const std::string& status_name);

}  // namespace sandbox::telemetry
