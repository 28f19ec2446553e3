// Telemetry: exports the Event stream of runs to Prometheus, OpenTelemetry (OTLP/HTTP JSON)
// and a JSON-lines event log.
//
//   sandbox::TelemetryConfig config;
//   config.prometheus_listen = "127.0.0.1:9464";
//   config.otlp_endpoint = "http://127.0.0.1:4318";
//   sandbox::Telemetry telemetry(config);
//   box.add_sink(telemetry.sink());
//   ... runs ...
//   telemetry.flush(std::chrono::seconds(2));
//
// A sink never blocks a run: it copies the event into a bounded queue and returns; a
// background thread feeds the exporters. When the queue is full the event is dropped and
// counted in `sandbox_telemetry_dropped_total`.
#pragma once

#include <sandbox/event.hpp>
#include <sandbox/export.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace sandbox {

struct TelemetryConfig {
    // Prometheus pull endpoint "host:port" served while the Telemetry object lives; empty: off.
    // Port 0 picks a free port (see Telemetry::prometheus_port). Loopback unless asked.
    std::string prometheus_listen;
    // Pushgateway base URL ("http://127.0.0.1:9091"); metrics are pushed on flush. Empty: off.
    std::string pushgateway_url;
    std::string pushgateway_job = "rusty_sandbox";
    // OTLP/HTTP base URL; exports go to <url>/v1/traces, /v1/metrics and /v1/logs. Empty: off.
    std::string otlp_endpoint;
    std::map<std::string, std::string> otlp_headers;  // e.g. an authorization header
    std::chrono::milliseconds otlp_timeout{3000};     // per HTTP request
    std::chrono::milliseconds export_interval{1000};  // how long a batch may wait
    // JSON-lines event log; empty: off. Rotated to <path>.1 ... <path>.<rotations> past max_bytes.
    std::string event_log_path;
    std::uint64_t event_log_max_bytes = 16 * 1024 * 1024;
    unsigned event_log_rotations = 3;
    // Events waiting for the exporters; beyond this they are dropped and counted.
    std::size_t queue_size = 4096;
    std::string service_name = "rusty-sandbox";
    // W3C trace context of the caller ("00-<32 hex>-<16 hex>-<2 hex>"); runs join that trace
    // (their spans are exported only when its sampled flag is set; logs carry its ids anyway).
    std::string traceparent;

    // Throws PolicyError naming the offending field.
    SANDBOX_API void validate() const;
    // Keys: prometheus_listen, pushgateway_url, pushgateway_job, otlp_endpoint, otlp_headers
    // (object), otlp_timeout_ms, export_interval_ms, event_log_path, event_log_max_bytes,
    // event_log_rotations, queue_size, service_name, traceparent. Unknown keys are errors.
    SANDBOX_API static TelemetryConfig from_json(std::string_view json);
};

// Counters of the telemetry pipeline itself.
struct TelemetryStats {
    std::uint64_t events_received = 0;   // accepted into the queue
    std::uint64_t events_dropped = 0;    // queue full
    std::uint64_t otlp_requests_ok = 0;  // requests the receiver accepted
    std::uint64_t otlp_requests_failed = 0;  // requests given up after retries
    std::uint64_t otlp_items_dropped = 0;    // spans, points and log records lost
    std::uint64_t otlp_items_rejected = 0;   // reported by the receiver as partial success
    std::uint64_t pushes_failed = 0;         // Pushgateway pushes that failed
};

class SANDBOX_API Telemetry {
public:
    // Starts the configured exporters. Throws PolicyError for a bad config and SetupError
    // when an exporter cannot start (e.g. the Prometheus address is taken).
    explicit Telemetry(TelemetryConfig config);
    // Flushes (bounded by twice the OTLP timeout) and stops the exporters.
    ~Telemetry();
    Telemetry(const Telemetry&) = delete;
    Telemetry& operator=(const Telemetry&) = delete;

    // The sink to attach with Sandbox::add_sink. It stays valid after the Telemetry is
    // destroyed (events are then ignored).
    EventSink sink();

    // Exports everything queued so far (and pushes to the Pushgateway); true when all of it
    // was delivered or dropped within `timeout`.
    bool flush(std::chrono::milliseconds timeout);

    // The port the Prometheus endpoint listens on, 0 when it is off.
    unsigned short prometheus_port() const;
    TelemetryStats stats() const;
    const TelemetryConfig& config() const;

private:
    struct Impl;
    std::shared_ptr<Impl> impl_;
};

}  // namespace sandbox
