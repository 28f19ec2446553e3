#include "sample_builder.hpp"

#include <algorithm>

namespace sandbox::monitor_detail {

void SampleBuilder::build(ResourceSample& s, double time_s, TreeReading reading, const GroupUsage& group,
                          bool per_process) {
    double user = 0, sys = 0;
    std::uint64_t rss = 0, biggest_peak = 0, disk_read = 0, disk_write = 0;
    s.fds = s.sockets = s.threads = 0;
    for (const auto& p : reading.processes) {
        user += p.user_s + p.reaped_children_user_s;
        sys += p.sys_s + p.reaped_children_sys_s;
        rss += p.sample.rss_bytes;
        biggest_peak = std::max(biggest_peak, p.peak_rss_bytes);
        s.fds += p.sample.fds;
        s.sockets += p.sockets;
        s.threads += p.sample.threads;
        disk_read += p.disk_read_bytes;
        disk_write += p.disk_write_bytes;
    }
    s.process_count = reading.processes.size();
    // The largest sum seen, or one process's own high-water mark when that is larger (exact
    // for a single process, whatever the interval).
    set_totals(s, time_s, group.cpu_user_s.value_or(user), group.cpu_sys_s.value_or(sys),
               group.memory_bytes.value_or(rss), group.memory_peak_bytes, biggest_peak);

    disk_read_bytes_ = std::max(disk_read_bytes_, disk_read);
    disk_write_bytes_ = std::max(disk_write_bytes_, disk_write);
    s.disk_read_bytes = disk_read_bytes_;
    s.disk_write_bytes = disk_write_bytes_;
    if (reading.net) {
        net_.rx_bytes = std::max(net_.rx_bytes, reading.net->rx_bytes);
        net_.tx_bytes = std::max(net_.tx_bytes, reading.net->tx_bytes);
        net_.rx_packets = std::max(net_.rx_packets, reading.net->rx_packets);
        net_.tx_packets = std::max(net_.tx_packets, reading.net->tx_packets);
    }
    s.net_rx_bytes = net_.rx_bytes;
    s.net_tx_bytes = net_.tx_bytes;
    s.net_rx_packets = net_.rx_packets;
    s.net_tx_packets = net_.tx_packets;
    s.processes.clear();
    if (per_process) {
        s.processes.reserve(reading.processes.size());
        for (auto& p : reading.processes) s.processes.push_back(std::move(p.sample));
    }
}

void SampleBuilder::update_totals(ResourceSample& s, double time_s, const GroupUsage& group,
                                  std::uint64_t process_count) {
    s.process_count = process_count;
    set_totals(s, time_s, group.cpu_user_s.value_or(0), group.cpu_sys_s.value_or(0), group.memory_bytes.value_or(0),
               group.memory_peak_bytes, 0);
}

void SampleBuilder::set_totals(ResourceSample& s, double time_s, double user_s, double sys_s,
                               std::uint64_t memory_bytes, std::optional<std::uint64_t> group_peak,
                               std::uint64_t peak_seen) {
    s.time_s = time_s;
    cpu_user_s_ = std::max(cpu_user_s_, user_s);
    cpu_sys_s_ = std::max(cpu_sys_s_, sys_s);
    s.cpu_user_s = cpu_user_s_;
    s.cpu_sys_s = cpu_sys_s_;
    const double cpu = cpu_user_s_ + cpu_sys_s_;
    s.cpu_percent = have_last_ && time_s > last_time_s_ ? 100.0 * (cpu - last_cpu_s_) / (time_s - last_time_s_) : 0;
    last_time_s_ = time_s;
    last_cpu_s_ = cpu;
    have_last_ = true;

    s.memory_bytes = memory_bytes;
    // The cgroup's own peak is exact; RSS figures would add shared file pages it does not
    // charge to the box.
    peak_bytes_ = std::max({peak_bytes_, memory_bytes, group_peak.value_or(peak_seen)});
    s.memory_peak_bytes = peak_bytes_;
}

}  // namespace sandbox::monitor_detail
