// The OTLP/HTTP JSON exporter: its own thread batches spans, log records and metric
// snapshots and posts them to <endpoint>/v1/traces, /v1/metrics and /v1/logs, retrying with
// exponential backoff on 429, 5xx and transport errors. Pending items are bounded; what does
// not fit or cannot be delivered is dropped and counted.
#pragma once

#include "http_client.hpp"
#include "run_tracer.hpp"
#include "sandbox_metrics.hpp"

#include <sandbox/telemetry.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace sandbox::telemetry {

class OtlpExporter {
public:
    OtlpExporter(const TelemetryConfig& config, SandboxMetrics& metrics);
    // Stops at once: an export in flight ends within the HTTP timeout, pending items are
    // dropped (flush first to deliver them).
    ~OtlpExporter();
    OtlpExporter(const OtlpExporter&) = delete;
    OtlpExporter& operator=(const OtlpExporter&) = delete;

    // From the telemetry thread: queues spans and log records, never waits for the network.
    void add(RunTracer::Output&& items);
    // The metrics changed: the next export carries a snapshot.
    void metrics_changed();
    // Exports everything pending now; true when done (delivered or given up) by `deadline`.
    bool flush(std::chrono::steady_clock::time_point deadline);

    std::uint64_t requests_ok() const { return requests_ok_; }
    std::uint64_t requests_failed() const { return requests_failed_; }
    std::uint64_t items_dropped() const { return items_dropped_; }
    std::uint64_t items_rejected() const { return items_rejected_; }

private:
    void loop();
    // Posts one request with retries; false when it was given up.
    bool post(const std::string& path, const std::string& body, std::size_t items, const char* rejected_key);
    void drop(const char* reason, std::size_t items);

    const HttpUrl endpoint_;
    const std::map<std::string, std::string> headers_;
    const std::chrono::milliseconds timeout_, interval_;
    const std::size_t max_pending_;
    const boost::json::object resource_;
    SandboxMetrics& metrics_;

    std::mutex mutex_;
    std::condition_variable wake_, done_;
    boost::json::array spans_, logs_;
    // Items the loop has taken and not yet delivered or dropped: with the pending ones they
    // stay within queue_size per signal, so the exporter's memory is bounded by it.
    std::size_t spans_in_flight_ = 0, logs_in_flight_ = 0;
    bool metrics_dirty_ = false;
    bool stop_ = false;
    std::uint64_t flush_requested_ = 0, flush_done_ = 0;  // generations
    // While a flush waits, retries stop at its deadline: the caller gets a bounded wait.
    std::chrono::steady_clock::time_point flush_deadline_;

    std::atomic<std::uint64_t> requests_ok_{0}, requests_failed_{0}, items_dropped_{0}, items_rejected_{0};
    std::thread thread_;
};

}  // namespace sandbox::telemetry
