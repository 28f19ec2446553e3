#include "otlp_json.hpp"

#include <sandbox/version.hpp>

#include <unistd.h>

#include <climits>

namespace sandbox::telemetry::otlp {

namespace json = boost::json;

std::string unix_nanos(TimePoint at) {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
    return std::to_string(ns < 0 ? 0 : ns);
}

namespace {

json::object key_value(std::string_view key, json::object value) {
    return json::object{{"key", key}, {"value", std::move(value)}};
}

json::object scope() {
    return json::object{{"name", "rusty-sandbox"}, {"version", SANDBOX_VERSION}};
}

// Built by moves: an initializer list would copy `items` at each of the three levels, and a
// batch of 4096 spans is megabytes (the exporter's memory bound counts one copy).
std::string request(std::string_view outer, std::string_view scoped, std::string_view items_key,
                    const json::object& resource, json::array items) {
    json::object scoped_items;
    scoped_items["scope"] = scope();
    scoped_items[items_key] = std::move(items);
    json::array scoped_list;
    scoped_list.push_back(std::move(scoped_items));
    json::object resource_items;
    resource_items["resource"] = resource;
    resource_items[scoped] = std::move(scoped_list);
    json::array resource_list;
    resource_list.push_back(std::move(resource_items));
    json::object body;
    body[outer] = std::move(resource_list);
    return json::serialize(body);
}

std::string host_name() {
    char name[HOST_NAME_MAX + 1] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
    return name;
}

// Prometheus buckets are cumulative; OTLP bucket counts are per bucket, with one more bucket
// than bounds (the last one up to +Inf). The +Inf Prometheus bucket carries no bound.
json::object histogram_point(const prometheus::ClientMetric::Histogram& h) {
    json::array counts, bounds;
    std::uint64_t previous = 0;
    for (const auto& bucket : h.bucket) {
        counts.emplace_back(std::to_string(bucket.cumulative_count - previous));
        previous = bucket.cumulative_count;
        if (bucket.upper_bound != std::numeric_limits<double>::infinity()) bounds.emplace_back(bucket.upper_bound);
    }
    return json::object{{"count", std::to_string(h.sample_count)},
                        {"sum", h.sample_sum},
                        {"bucketCounts", std::move(counts)},
                        {"explicitBounds", std::move(bounds)}};
}

const char* unit_of(const std::string& name) {
    if (name.find("_seconds") != std::string::npos) return "s";
    if (name.find("_bytes") != std::string::npos) return "By";
    return "1";
}

}  // namespace

json::object attribute(std::string_view key, std::string_view value) {
    return key_value(key, json::object{{"stringValue", value}});
}
json::object attribute(std::string_view key, const char* value) {
    return attribute(key, std::string_view(value));
}
json::object attribute(std::string_view key, std::int64_t value) {
    return key_value(key, json::object{{"intValue", std::to_string(value)}});
}
json::object attribute(std::string_view key, double value) {
    return key_value(key, json::object{{"doubleValue", value}});
}
json::object attribute(std::string_view key, bool value) {
    return key_value(key, json::object{{"boolValue", value}});
}

json::object resource(std::string_view service_name) {
    return json::object{{"attributes", json::array{attribute("service.name", service_name),
                                                   attribute("service.version", SANDBOX_VERSION),
                                                   attribute("host.name", host_name()),
                                                   attribute("telemetry.sdk.name", "rusty-sandbox"),
                                                   attribute("telemetry.sdk.language", "cpp"),
                                                   attribute("telemetry.sdk.version", SANDBOX_VERSION)}}};
}

std::string traces_request(const json::object& resource, json::array spans) {
    return request("resourceSpans", "scopeSpans", "spans", resource, std::move(spans));
}

std::string logs_request(const json::object& resource, json::array log_records) {
    return request("resourceLogs", "scopeLogs", "logRecords", resource, std::move(log_records));
}

std::string metrics_request(const json::object& resource, json::array metrics) {
    return request("resourceMetrics", "scopeMetrics", "metrics", resource, std::move(metrics));
}

json::array metrics_from_prometheus(const std::vector<prometheus::MetricFamily>& families, TimePoint start,
                                    TimePoint now) {
    const std::string start_ns = unix_nanos(start), now_ns = unix_nanos(now);
    json::array out;
    for (const auto& family : families) {
        json::array points;
        for (const auto& metric : family.metric) {
            json::array attributes;
            for (const auto& label : metric.label) attributes.push_back(attribute(label.name, label.value));
            json::object point{{"attributes", std::move(attributes)}, {"timeUnixNano", now_ns}};
            switch (family.type) {
                case prometheus::MetricType::Counter:
                    point["startTimeUnixNano"] = start_ns;
                    point["asDouble"] = metric.counter.value;
                    break;
                case prometheus::MetricType::Gauge:
                    point["asDouble"] = metric.gauge.value;
                    break;
                case prometheus::MetricType::Histogram:
                    point["startTimeUnixNano"] = start_ns;
                    for (auto& [k, v] : histogram_point(metric.histogram)) point[k] = v;
                    break;
                default:
                    continue;  // the registry holds only the three kinds above
            }
            points.push_back(std::move(point));
        }
        if (points.empty()) continue;  // a labelled family before its first sample
        json::object m{{"name", family.name}, {"description", family.help}, {"unit", unit_of(family.name)}};
        switch (family.type) {
            case prometheus::MetricType::Counter:
                m["sum"] = json::object{{"dataPoints", std::move(points)},
                                        {"aggregationTemporality", temporality_cumulative},
                                        {"isMonotonic", true}};
                break;
            case prometheus::MetricType::Gauge:
                m["gauge"] = json::object{{"dataPoints", std::move(points)}};
                break;
            case prometheus::MetricType::Histogram:
                m["histogram"] = json::object{{"dataPoints", std::move(points)},
                                              {"aggregationTemporality", temporality_cumulative}};
                break;
            default:
                continue;
        }
        out.push_back(std::move(m));
    }
    return out;
}

std::uint64_t rejected_count(std::string_view response_body, std::string_view rejected_key) {
    boost::system::error_code ec;
    json::value v = json::parse(response_body, ec);
    if (ec || !v.is_object()) return 0;
    const auto* partial = v.get_object().if_contains("partialSuccess");
    if (!partial || !partial->is_object()) return 0;
    const auto* n = partial->get_object().if_contains(rejected_key);
    if (!n) return 0;
    // int64 arrives as a decimal string in JSON, but a number is accepted too.
    if (n->is_string()) {
        try {
            return std::stoull(std::string(n->get_string()));
        } catch (const std::exception&) {
            return 0;
        }
    }
    if (n->is_int64() && n->get_int64() > 0) return static_cast<std::uint64_t>(n->get_int64());
    if (n->is_uint64()) return n->get_uint64();
    return 0;
}

}  // namespace sandbox::telemetry::otlp
