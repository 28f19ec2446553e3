// TelemetryConfig: validation and the JSON form.
#include "../json_reader.hpp"
#include "http_client.hpp"
#include "listen_address.hpp"
#include "trace_context.hpp"

#include <sandbox/error.hpp>
#include <sandbox/telemetry.hpp>

namespace sandbox {

void TelemetryConfig::validate() const {
    if (!prometheus_listen.empty()) telemetry::parse_listen_address(prometheus_listen);
    if (!pushgateway_url.empty()) telemetry::parse_http_url(pushgateway_url, "pushgateway_url");
    if (!otlp_endpoint.empty()) telemetry::parse_http_url(otlp_endpoint, "otlp_endpoint");
    if (!traceparent.empty()) telemetry::parse_traceparent(traceparent);
    if (pushgateway_job.empty() || pushgateway_job.find('/') != std::string::npos)
        throw PolicyError("pushgateway_job: must be a non-empty name without '/'");
    if (otlp_timeout.count() <= 0) throw PolicyError("otlp_timeout_ms: must be positive");
    if (export_interval.count() <= 0) throw PolicyError("export_interval_ms: must be positive");
    if (queue_size == 0) throw PolicyError("queue_size: must be at least 1");
    if (!event_log_path.empty() && event_log_max_bytes < 1024)
        throw PolicyError("event_log_max_bytes: must be at least 1024");
    if (service_name.empty()) throw PolicyError("service_name: must not be empty");
    for (const auto& [name, value] : otlp_headers) {
        if (name.empty() || name.find_first_of(" :\r\n") != std::string::npos)
            throw PolicyError("otlp_headers: invalid header name '" + name + "'");
        if (value.find_first_of("\r\n") != std::string::npos)
            throw PolicyError("otlp_headers." + name + ": a value must not contain a line break");
    }
}

TelemetryConfig TelemetryConfig::from_json(std::string_view json) {
    using namespace json_reader;
    boost::json::value root = parse(json, "telemetry config");
    const auto& obj = as_object(root, "$");
    only_keys(obj, "$",
              {"prometheus_listen", "pushgateway_url", "pushgateway_job", "otlp_endpoint", "otlp_headers",
               "otlp_timeout_ms", "export_interval_ms", "event_log_path", "event_log_max_bytes",
               "event_log_rotations", "queue_size", "service_name", "traceparent"});
    TelemetryConfig c;
    auto string_field = [&](const char* key, std::string& out) {
        if (auto* v = obj.if_contains(key)) out = as_string(*v, std::string("$.") + key);
    };
    string_field("prometheus_listen", c.prometheus_listen);
    string_field("pushgateway_url", c.pushgateway_url);
    string_field("pushgateway_job", c.pushgateway_job);
    string_field("otlp_endpoint", c.otlp_endpoint);
    string_field("event_log_path", c.event_log_path);
    string_field("service_name", c.service_name);
    string_field("traceparent", c.traceparent);
    if (auto* v = obj.if_contains("otlp_headers"))
        for (const auto& [name, value] : as_object(*v, "$.otlp_headers"))
            c.otlp_headers[std::string(name)] = as_string(value, "$.otlp_headers." + std::string(name));
    if (auto* v = obj.if_contains("otlp_timeout_ms"))
        c.otlp_timeout = std::chrono::milliseconds(as_uint(*v, "$.otlp_timeout_ms"));
    if (auto* v = obj.if_contains("export_interval_ms"))
        c.export_interval = std::chrono::milliseconds(as_uint(*v, "$.export_interval_ms"));
    if (auto* v = obj.if_contains("event_log_max_bytes")) c.event_log_max_bytes = as_uint(*v, "$.event_log_max_bytes");
    if (auto* v = obj.if_contains("event_log_rotations")) {
        std::uint64_t n = as_uint(*v, "$.event_log_rotations");
        if (n > 1000) fail("$.event_log_rotations", "at most 1000");
        c.event_log_rotations = static_cast<unsigned>(n);
    }
    if (auto* v = obj.if_contains("queue_size")) c.queue_size = as_uint(*v, "$.queue_size");
    c.validate();
    return c;
}

}  // namespace sandbox
