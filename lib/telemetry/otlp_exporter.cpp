#include "otlp_exporter.hpp"

#include "otlp_json.hpp"

#include <algorithm>

namespace sandbox::telemetry {

namespace {

constexpr int max_attempts = 5;
constexpr auto first_backoff = std::chrono::milliseconds(200);
constexpr auto max_backoff = std::chrono::milliseconds(5000);

bool retryable(const HttpResponse& r) {
    return r.status == 0 || r.status == 429 || r.status / 100 == 5;
}

// Retry-After in seconds (the HTTP-date form is ignored), capped.
std::chrono::milliseconds retry_after(const HttpResponse& r, std::chrono::milliseconds fallback) {
    if (r.retry_after.empty() || r.retry_after.find_first_not_of("0123456789") != std::string::npos) return fallback;
    auto s = std::chrono::seconds(std::stoll(r.retry_after.substr(0, 6)));
    return std::min<std::chrono::milliseconds>(s, max_backoff);
}

}  // namespace

OtlpExporter::OtlpExporter(const TelemetryConfig& config, SandboxMetrics& metrics)
    : endpoint_(parse_http_url(config.otlp_endpoint, "otlp_endpoint")),
      headers_(config.otlp_headers),
      timeout_(config.otlp_timeout),
      interval_(config.export_interval),
      max_pending_(config.queue_size),
      resource_(otlp::resource(config.service_name)),
      metrics_(metrics),
      thread_([this] { loop(); }) {}

OtlpExporter::~OtlpExporter() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void OtlpExporter::drop(const char* reason, std::size_t items) {
    if (items == 0) return;
    items_dropped_ += items;
    metrics_.count_dropped(reason, items);
}

void OtlpExporter::add(RunTracer::Output&& items) {
    std::size_t dropped = 0;
    {
        std::lock_guard lock(mutex_);
        auto move_into = [&](boost::json::array& from, boost::json::array& to, std::size_t in_flight) {
            for (auto& item : from) {
                if (to.size() + in_flight >= max_pending_) {
                    ++dropped;
                    continue;
                }
                to.push_back(std::move(item));
            }
        };
        move_into(items.spans, spans_, spans_in_flight_);
        move_into(items.log_records, logs_, logs_in_flight_);
    }
    drop("otlp_pending_full", dropped);
}

void OtlpExporter::metrics_changed() {
    std::lock_guard lock(mutex_);
    metrics_dirty_ = true;
}

bool OtlpExporter::flush(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    std::uint64_t generation = ++flush_requested_;
    flush_deadline_ = deadline;
    wake_.notify_all();
    return done_.wait_until(lock, deadline, [&] { return flush_done_ >= generation || stop_; });
}

void OtlpExporter::loop() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        wake_.wait_for(lock, interval_, [&] { return stop_ || flush_requested_ > flush_done_; });
        if (stop_) break;
        std::uint64_t generation = flush_requested_;
        boost::json::array spans, logs;
        spans.swap(spans_);
        logs.swap(logs_);
        const std::size_t span_count = spans_in_flight_ = spans.size();
        const std::size_t log_count = logs_in_flight_ = logs.size();
        bool metrics = std::exchange(metrics_dirty_, false);
        lock.unlock();

        // Serialised at once: the items wait out the retries as compact text, not as trees.
        std::string traces_body, logs_body;
        if (span_count > 0) traces_body = otlp::traces_request(resource_, std::move(spans));
        if (log_count > 0) logs_body = otlp::logs_request(resource_, std::move(logs));
        if (span_count > 0) post("/v1/traces", traces_body, span_count, "rejectedSpans");
        if (metrics) {
            auto now = std::chrono::system_clock::now();
            auto families = otlp::metrics_from_prometheus(metrics_.registry()->Collect(), metrics_.start_time(), now);
            post("/v1/metrics", otlp::metrics_request(resource_, std::move(families)), 0, "rejectedDataPoints");
        }
        if (log_count > 0) post("/v1/logs", logs_body, log_count, "rejectedLogRecords");

        lock.lock();
        spans_in_flight_ = logs_in_flight_ = 0;
        flush_done_ = std::max(flush_done_, generation);
        done_.notify_all();
    }
    done_.notify_all();
}

bool OtlpExporter::post(const std::string& path, const std::string& body, std::size_t items,
                        const char* rejected_key) {
    HttpRequest request;
    request.target = endpoint_.path + path;
    request.content_type = "application/json";
    request.body = body;
    request.headers = headers_;
    auto backoff = first_backoff;
    for (int attempt = 1;; ++attempt) {
        HttpResponse response = send_http(endpoint_, request, timeout_);
        if (response.status / 100 == 2) {
            ++requests_ok_;
            // Partial success: the receiver accepted the request but refused some items.
            items_rejected_ += otlp::rejected_count(response.body, rejected_key);
            return true;
        }
        if (!retryable(response) || attempt == max_attempts) break;
        std::unique_lock lock(mutex_);
        auto pause = retry_after(response, backoff);
        bool flushing = flush_requested_ > flush_done_;
        if (flushing && std::chrono::steady_clock::now() + pause > flush_deadline_) break;
        if (wake_.wait_for(lock, pause, [&] { return stop_; })) break;
        backoff = std::min(backoff * 2, max_backoff);
    }
    ++requests_failed_;
    drop("otlp_export_failed", items);
    return false;
}

}  // namespace sandbox::telemetry
