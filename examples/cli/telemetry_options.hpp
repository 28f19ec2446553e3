// The telemetry flags of `sandbox-cli run`: --metrics, --push, --otlp, --events,
// --telemetry-config and --traceparent, and the Telemetry they configure; also the status
// endpoint flags (--serve, serve/serve_options.hpp).
#pragma once

#include "serve/serve_options.hpp"

#include <sandbox/telemetry.hpp>

#include <memory>
#include <optional>
#include <string>

namespace sandbox_cli {

struct TelemetryOptions {
    std::optional<std::string> metrics;      // --metrics ADDR: serve Prometheus while the run lasts
    std::optional<std::string> push;         // --push URL: Pushgateway
    std::optional<std::string> otlp;         // --otlp URL: OTLP/HTTP JSON base URL
    std::optional<std::string> events;       // --events FILE: JSON-lines event log
    std::optional<std::string> config_file;  // --telemetry-config FILE: a TelemetryConfig JSON
    std::optional<std::string> traceparent;  // --traceparent TP: join the caller's trace
    serve::ServeOptions serve;               // --serve ADDR, --serve-any, --serve-linger: status endpoint
};

// If `word` is one of the flags above, stores its value (read with `value_of`) and returns
// true. `value_of(name)` returns the option's value or throws UsageError.
template <typename ValueOf>
bool parse_telemetry_option(const std::string& word, ValueOf&& value_of, TelemetryOptions& out) {
    auto is = [&](std::string_view name) {
        return word == name || (word.size() > name.size() && word.starts_with(name) && word[name.size()] == '=');
    };
    if (is("--metrics")) out.metrics = value_of("--metrics");
    else if (is("--push")) out.push = value_of("--push");
    else if (is("--otlp")) out.otlp = value_of("--otlp");
    else if (is("--events")) out.events = value_of("--events");
    else if (is("--telemetry-config")) out.config_file = value_of("--telemetry-config");
    else if (is("--traceparent")) out.traceparent = value_of("--traceparent");
    else return serve::parse_serve_option(word, value_of, out.serve);
    return true;
}

// The Telemetry the options ask for, or nullptr when they ask for none. Throws UsageError
// naming the flag for a bad value or an exporter that cannot start.
std::unique_ptr<sandbox::Telemetry> start_telemetry(const TelemetryOptions& options);

// Flushes every exporter within a bounded time; warns on stderr about what was not delivered.
void finish_telemetry(sandbox::Telemetry& telemetry);

}  // namespace sandbox_cli
