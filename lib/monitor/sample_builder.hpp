// SampleBuilder: sums a TreeReading into a ResourceSample, keeping what must survive between
// readings (monotonic CPU, the peak, the previous time for cpu_percent).
#pragma once

#include "tree_reader.hpp"

#include <sandbox/monitor.hpp>

namespace sandbox::monitor_detail {

class SampleBuilder {
public:
    // Every field of `s` from a reading of every member; the group's counters, where set, win
    // over the /proc sums.
    void build(ResourceSample& s, double time_s, TreeReading reading, const GroupUsage& group, bool per_process);
    // Only the time, CPU, memory and process count, from the group's counters (CPU and memory
    // set); the other fields of `s` stay as the last build() left them.
    void update_totals(ResourceSample& s, double time_s, const GroupUsage& group, std::uint64_t process_count);

private:
    // CPU, cpu_percent, memory and peak. `peak_seen` is a high-water mark from /proc, used only
    // when the group gives no peak of its own.
    void set_totals(ResourceSample& s, double time_s, double user_s, double sys_s, std::uint64_t memory_bytes,
                    std::optional<std::uint64_t> group_peak, std::uint64_t peak_seen);

    // Counters only grow: a process leaving the tree takes its own counters with it until
    // its parent reaps it (then they show in the parent's), and a gone root has no netns.
    double cpu_user_s_ = 0;
    double cpu_sys_s_ = 0;
    std::uint64_t disk_read_bytes_ = 0;
    std::uint64_t disk_write_bytes_ = 0;
    NetCounters net_;
    std::uint64_t peak_bytes_ = 0;
    double last_time_s_ = 0;
    double last_cpu_s_ = 0;
    bool have_last_ = false;
};

}  // namespace sandbox::monitor_detail
