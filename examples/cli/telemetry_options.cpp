#include "telemetry_options.hpp"

#include "cli_args.hpp"
#include "output.hpp"

#include <sandbox/error.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

namespace sandbox_cli {

namespace {

// How long the CLI waits for its exporters before it exits anyway.
constexpr auto flush_budget = std::chrono::seconds(3);

std::string read_config(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw UsageError("--telemetry-config: cannot read '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::unique_ptr<sandbox::Telemetry> start_telemetry(const TelemetryOptions& options) {
    if (!options.metrics && !options.push && !options.otlp && !options.events && !options.config_file)
        return nullptr;
    sandbox::TelemetryConfig config;
    try {
        if (options.config_file) config = sandbox::TelemetryConfig::from_json(read_config(*options.config_file));
    } catch (const sandbox::PolicyError& e) {
        throw UsageError("--telemetry-config: " + std::string(e.what()));
    }
    // Flags override the file.
    if (options.metrics) config.prometheus_listen = *options.metrics;
    if (options.push) config.pushgateway_url = *options.push;
    if (options.otlp) config.otlp_endpoint = *options.otlp;
    if (options.events) config.event_log_path = *options.events;
    if (options.traceparent) config.traceparent = *options.traceparent;
    try {
        return std::make_unique<sandbox::Telemetry>(config);
    } catch (const sandbox::PolicyError& e) {
        throw UsageError(std::string("telemetry: ") + e.what());
    } catch (const sandbox::SetupError& e) {
        throw UsageError(std::string("telemetry: ") + e.what());
    }
}

void finish_telemetry(sandbox::Telemetry& telemetry) {
    bool delivered = telemetry.flush(flush_budget);
    sandbox::TelemetryStats stats = telemetry.stats();
    if (!delivered || stats.otlp_requests_failed > 0 || stats.pushes_failed > 0 || stats.events_dropped > 0) {
        std::cerr << ("sandbox-cli: warning: telemetry not fully delivered (" +
                     std::to_string(stats.otlp_requests_failed) + " OTLP request(s) failed, " +
                     std::to_string(stats.pushes_failed) + " push(es) failed, " +
                     std::to_string(stats.events_dropped + stats.otlp_items_dropped) + " item(s) dropped)\n");
    }
}

}  // namespace sandbox_cli
