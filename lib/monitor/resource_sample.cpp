// ResourceSample: its numbers as Event values under the metric names of the event stream.
#include "sample_event.hpp"

#include <sandbox/monitor.hpp>

namespace sandbox {

const std::vector<std::string>& resource_metric_names() {
    static const std::vector<std::string>& names =
        *new std::vector<std::string>(monitor_detail::metric_names.begin(), monitor_detail::metric_names.end());  // never destroyed: a supervisor thread may still use it at exit
    return names;
}

std::map<std::string, double> ResourceSample::values() const {
    const auto& names = resource_metric_names();
    const auto numbers = monitor_detail::metric_values(*this);
    std::map<std::string, double> out;
    for (std::size_t i = 0; i < monitor_detail::metric_count; ++i) out.emplace(names[i], numbers[i]);
    return out;
}

namespace monitor_detail {

std::array<double, metric_count> metric_values(const ResourceSample& s) {
    auto d = [](std::uint64_t v) { return static_cast<double>(v); };
    return {s.cpu_user_s,        s.cpu_sys_s,          s.cpu_percent,        d(s.memory_bytes),
            d(s.memory_peak_bytes), d(s.fds),           d(s.sockets),         d(s.threads),
            d(s.process_count),  d(s.net_rx_bytes),    d(s.net_tx_bytes),    d(s.net_rx_packets),
            d(s.net_tx_packets), d(s.disk_read_bytes), d(s.disk_write_bytes)};
}

}  // namespace monitor_detail

}  // namespace sandbox
