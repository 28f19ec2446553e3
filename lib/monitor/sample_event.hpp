// SampleEvent: the "sample" Event a monitor sends, built once and refreshed in place at each
// sample, so that a sample allocates no map nodes or key strings (at 100 Hz on many boxes
// that churn showed in the profile).
#pragma once

#include <sandbox/event.hpp>
#include <sandbox/monitor.hpp>

#include <array>
#include <cstddef>

namespace sandbox::monitor_detail {

// The metrics of resource_metric_names(), in order.
constexpr std::array<const char*, 15> metric_names{
    "cpu_user_s",   "cpu_sys_s",      "cpu_percent",    "memory_bytes",   "memory_peak_bytes",
    "fds",          "sockets",        "threads",        "processes",      "net_rx_bytes",
    "net_tx_bytes", "net_rx_packets", "net_tx_packets", "disk_read_bytes", "disk_write_bytes",
};
constexpr std::size_t metric_count = metric_names.size();

// The sample's numbers in the order of metric_names (resource_sample.cpp).
std::array<double, metric_count> metric_values(const ResourceSample& s);

class SampleEvent {
public:
    SampleEvent(EventKind kind, std::string name, int pid) {
        event_.kind = kind;
        event_.name = std::move(name);
        event_.pid = pid;
        for (std::size_t i = 0; i < metric_count; ++i) slots_[i] = &event_.values[metric_names[i]];
    }
    SampleEvent(const SampleEvent&) = delete;
    SampleEvent& operator=(const SampleEvent&) = delete;

    const Event& update(const ResourceSample& s) {
        event_.time_s = s.time_s;
        const auto values = metric_values(s);
        for (std::size_t i = 0; i < metric_count; ++i) *slots_[i] = values[i];
        return event_;
    }
    const std::map<std::string, double>& values() const { return event_.values; }

private:
    Event event_;
    std::array<double*, metric_count> slots_{};  // into event_.values, whose nodes never move
};

}  // namespace sandbox::monitor_detail
