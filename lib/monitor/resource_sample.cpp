// ResourceSample: its numbers as Event values under the metric names of the event stream.
#include <sandbox/monitor.hpp>

namespace sandbox {

const std::vector<std::string>& resource_metric_names() {
    static const std::vector<std::string> names{
        "cpu_user_s",   "cpu_sys_s",      "cpu_percent",    "memory_bytes",   "memory_peak_bytes",
        "fds",          "sockets",        "threads",        "processes",      "net_rx_bytes",
        "net_tx_bytes", "net_rx_packets", "net_tx_packets", "disk_read_bytes", "disk_write_bytes",
    };
    return names;
}

std::map<std::string, double> ResourceSample::values() const {
    auto d = [](std::uint64_t v) { return static_cast<double>(v); };
    return {
        {"cpu_user_s", cpu_user_s},
        {"cpu_sys_s", cpu_sys_s},
        {"cpu_percent", cpu_percent},
        {"memory_bytes", d(memory_bytes)},
        {"memory_peak_bytes", d(memory_peak_bytes)},
        {"fds", d(fds)},
        {"sockets", d(sockets)},
        {"threads", d(threads)},
        {"processes", d(process_count)},
        {"net_rx_bytes", d(net_rx_bytes)},
        {"net_tx_bytes", d(net_tx_bytes)},
        {"net_rx_packets", d(net_rx_packets)},
        {"net_tx_packets", d(net_tx_packets)},
        {"disk_read_bytes", d(disk_read_bytes)},
        {"disk_write_bytes", d(disk_write_bytes)},
    };
}

}  // namespace sandbox
