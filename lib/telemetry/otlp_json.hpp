// Building blocks of OTLP/HTTP JSON export requests, following the OTLP JSON mapping:
// camelCase field names, trace and span ids as lowercase hex, 64-bit integers as decimal
// strings, enums as integers.
#pragma once

#include <boost/json.hpp>

#include <prometheus/metric_family.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox::telemetry::otlp {

using TimePoint = std::chrono::system_clock::time_point;

// Enum values of opentelemetry-proto.
constexpr int span_kind_internal = 1;
constexpr int status_code_ok = 1;
constexpr int status_code_error = 2;
constexpr int temporality_cumulative = 2;
constexpr int severity_info = 9;
constexpr int severity_info2 = 10;
constexpr int severity_warn = 13;
constexpr int severity_error = 17;
constexpr int severity_fatal = 21;

// "1732873630123456789": nanoseconds since the epoch as a decimal string.
std::string unix_nanos(TimePoint at);

// One KeyValue: {"key": ..., "value": {"stringValue" | "intValue" | "doubleValue" | "boolValue": ...}}.
boost::json::object attribute(std::string_view key, std::string_view value);
boost::json::object attribute(std::string_view key, const char* value);
boost::json::object attribute(std::string_view key, std::int64_t value);
boost::json::object attribute(std::string_view key, double value);
boost::json::object attribute(std::string_view key, bool value);

// The Resource: service.name, service.version, host.name, telemetry.sdk.*.
boost::json::object resource(std::string_view service_name);

// The request bodies. `items` are spans, log records or metrics; pass them with std::move
// when they are not needed afterwards (the body is built without copying them).
std::string traces_request(const boost::json::object& resource, boost::json::array spans);
std::string logs_request(const boost::json::object& resource, boost::json::array log_records);
std::string metrics_request(const boost::json::object& resource, boost::json::array metrics);

// OTLP metrics (cumulative sums, gauges, histograms) from a Prometheus registry's snapshot.
boost::json::array metrics_from_prometheus(const std::vector<prometheus::MetricFamily>& families, TimePoint start,
                                           TimePoint now);

// The count of rejected items a response reports as partial success (0 when none or when the
// body is empty), under `rejected_key` ("rejectedSpans", "rejectedDataPoints", "rejectedLogRecords").
std::uint64_t rejected_count(std::string_view response_body, std::string_view rejected_key);

}  // namespace sandbox::telemetry::otlp
