// Telemetry: the queue, the telemetry thread and the exporters it feeds.
#include "event_log.hpp"
#include "event_queue.hpp"
#include "listen_address.hpp"
#include "otlp_exporter.hpp"
#include "pushgateway.hpp"
#include "run_tracer.hpp"
#include "sandbox_metrics.hpp"

#include <sandbox/error.hpp>
#include <sandbox/telemetry.hpp>

#include <prometheus/exposer.h>

#include <thread>

namespace sandbox {

using namespace telemetry;

struct Telemetry::Impl {
    explicit Impl(TelemetryConfig c)
        : config(std::move(c)),
          queue(config.queue_size),
          tracer(config.traceparent.empty() ? std::nullopt : std::optional(parse_traceparent(config.traceparent))) {}

    void run_worker();
    bool push(std::chrono::steady_clock::time_point deadline);

    const TelemetryConfig config;
    SandboxMetrics metrics;
    EventQueue queue;
    RunTracer tracer;  // used by the worker thread only
    std::unique_ptr<EventLog> event_log;
    std::unique_ptr<prometheus::Exposer> exposer;
    std::unique_ptr<OtlpExporter> otlp;
    std::atomic<std::uint64_t> pushes_failed{0};
    std::thread worker;
};

void Telemetry::Impl::run_worker() {
    for (;;) {
        auto batch = queue.take(std::chrono::milliseconds(200));
        if (batch.empty()) {
            if (queue.closed()) return;
            continue;
        }
        RunTracer::Output out;
        for (const StampedEvent& item : batch) {
            metrics.record(item.event);
            if (event_log) event_log->write(item);
            if (otlp) tracer.observe(item, out);
        }
        if (otlp) {
            otlp->add(std::move(out));
            otlp->metrics_changed();
        }
        queue.mark_handled(batch.size());
    }
}

bool Telemetry::Impl::push(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    std::string error = push_metrics(parse_http_url(config.pushgateway_url, "pushgateway_url"), config.pushgateway_job,
                                     *metrics.registry(), std::min(left, config.otlp_timeout));
    if (error.empty()) return true;
    ++pushes_failed;
    return false;
}

Telemetry::Telemetry(TelemetryConfig config) {
    config.validate();
    impl_ = std::make_shared<Impl>(std::move(config));
    const TelemetryConfig& c = impl_->config;
    if (!c.event_log_path.empty())
        impl_->event_log = std::make_unique<EventLog>(c.event_log_path, c.event_log_max_bytes, c.event_log_rotations);
    if (!c.prometheus_listen.empty()) {
        ListenAddress address = parse_listen_address(c.prometheus_listen);
        try {
            impl_->exposer = std::make_unique<prometheus::Exposer>(
                std::vector<std::string>{"listening_ports", address.civetweb_option(), "num_threads", "2"});
        } catch (const std::exception& e) {
            throw SetupError("prometheus endpoint " + address.civetweb_option() + ": cannot listen: " + e.what());
        }
        impl_->exposer->RegisterCollectable(impl_->metrics.registry());
    }
    if (!c.otlp_endpoint.empty()) impl_->otlp = std::make_unique<OtlpExporter>(c, impl_->metrics);
    impl_->worker = std::thread([impl = impl_.get()] { impl->run_worker(); });
}

Telemetry::~Telemetry() {
    flush(impl_->config.otlp_timeout * 2);
    impl_->queue.close();
    impl_->worker.join();
    impl_->otlp.reset();
    impl_->exposer.reset();
    impl_->event_log.reset();
}

EventSink Telemetry::sink() {
    std::weak_ptr<Impl> weak = impl_;
    return [weak](const Event& event) {
        auto impl = weak.lock();
        if (!impl) return;
        if (!impl->queue.push(StampedEvent{event, std::chrono::system_clock::now()}))
            impl->metrics.count_dropped("queue_full");
    };
}

bool Telemetry::flush(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    bool ok = impl_->queue.wait_handled(deadline);
    if (impl_->otlp) ok = impl_->otlp->flush(deadline) && ok;
    if (!impl_->config.pushgateway_url.empty()) ok = impl_->push(deadline) && ok;
    return ok;
}

unsigned short Telemetry::prometheus_port() const {
    if (!impl_->exposer) return 0;
    auto ports = impl_->exposer->GetListeningPorts();
    return ports.empty() ? 0 : static_cast<unsigned short>(ports.front());
}

TelemetryStats Telemetry::stats() const {
    TelemetryStats s;
    s.events_received = impl_->queue.accepted();
    s.events_dropped = impl_->queue.dropped();
    if (impl_->otlp) {
        s.otlp_requests_ok = impl_->otlp->requests_ok();
        s.otlp_requests_failed = impl_->otlp->requests_failed();
        s.otlp_items_dropped = impl_->otlp->items_dropped();
        s.otlp_items_rejected = impl_->otlp->items_rejected();
    }
    s.pushes_failed = impl_->pushes_failed;
    return s;
}

const TelemetryConfig& Telemetry::config() const { return impl_->config; }

}  // namespace sandbox
