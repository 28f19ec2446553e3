// SampleBuilder: sums a TreeReading into a ResourceSample, keeping what must survive between
// readings (monotonic CPU, the peak, the previous time for cpu_percent).
#pragma once

#include "tree_reader.hpp"

#include <sandbox/monitor.hpp>

namespace sandbox::monitor_detail {

class SampleBuilder {
public:
    ResourceSample build(double time_s, TreeReading reading, const GroupUsage& group, bool per_process);

private:
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
