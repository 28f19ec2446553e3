// Thresholds and MonitorOptions: validation, and which run status a metric's limit ends with.
#include "history_capacity.hpp"

#include <sandbox/error.hpp>
#include <sandbox/monitor.hpp>

#include <algorithm>
#include <cmath>

namespace sandbox {
namespace {

bool known_metric(std::string_view name) {
    const auto& names = resource_metric_names();
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::optional<Status> limit_status(std::string_view metric) {
    if (metric == "cpu_user_s" || metric == "cpu_sys_s" || metric == "cpu_percent") return Status::cpu_limit;
    if (metric == "memory_bytes" || metric == "memory_peak_bytes") return Status::memory_limit;
    if (metric == "processes" || metric == "threads") return Status::pids_limit;
    // What the program sends out, to disk or over the network, is its output.
    if (metric == "disk_write_bytes" || metric == "net_tx_bytes") return Status::output_limit;
    return std::nullopt;
}

void check_level(const std::string& metric, const char* which, const std::optional<double>& level) {
    if (level && (!std::isfinite(*level) || *level < 0))
        throw PolicyError(std::string("threshold ") + which + " of metric '" + metric +
                          "' must be a finite number >= 0, got " + std::to_string(*level));
}

}  // namespace

Status status_for_metric_limit(std::string_view metric) {
    if (auto s = limit_status(metric)) return *s;
    throw PolicyError("no run status matches a limit on metric '" + std::string(metric) +
                      "' (limits exist for cpu_*, memory_*, processes, threads, disk_write_bytes, net_tx_bytes)");
}

Thresholds& Thresholds::warn(const std::string& metric, double level) {
    by_metric[metric].warn = level;
    return *this;
}

Thresholds& Thresholds::limit(const std::string& metric, double level) {
    by_metric[metric].limit = level;
    return *this;
}

void Thresholds::validate() const {
    for (const auto& [metric, t] : by_metric) {
        if (!known_metric(metric)) throw PolicyError("threshold on unknown metric '" + metric + "'");
        check_level(metric, "warn", t.warn);
        check_level(metric, "limit", t.limit);
        if (t.limit) status_for_metric_limit(metric);
        if (t.warn && t.limit && *t.warn > *t.limit)
            throw PolicyError("threshold of metric '" + metric + "': warn " + std::to_string(*t.warn) +
                              " is above limit " + std::to_string(*t.limit));
    }
}

void MonitorOptions::validate() const {
    if (interval < std::chrono::milliseconds(10))
        throw PolicyError("monitor interval must be at least 10 ms, got " + std::to_string(interval.count()) + " ms");
    if (keep_history) monitor_detail::check_history_capacity(history_capacity);
    thresholds.validate();
}

}  // namespace sandbox
