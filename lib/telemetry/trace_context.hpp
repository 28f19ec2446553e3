// W3C trace context (traceparent) and OpenTelemetry trace/span ids as lowercase hex.
#pragma once

#include <string>
#include <string_view>

namespace sandbox::telemetry {

struct TraceParent {
    std::string trace_id;   // 32 hex digits
    std::string parent_id;  // 16 hex digits
    bool sampled = true;
};

// Parses "00-<trace-id>-<parent-id>-<flags>" (version 00 rules; a higher version may carry
// more fields after the flags). Throws PolicyError saying what is wrong.
TraceParent parse_traceparent(std::string_view header);

// Random non-zero ids.
std::string new_trace_id();
std::string new_span_id();

}  // namespace sandbox::telemetry
