// GroupCounters: the counters of a run's cgroup that a ResourceMonitor reads at every sample,
// kept open and re-read with pread: CPU user and system time, memory in use and its exact
// peak, and the member pids. Six preads a sample (one per counter, two for the pids), no
// open, no path lookup.
//
// The files are found in the run's group directories (v1 hierarchies and the v2 group, in
// any order): v1 cpuacct.usage_user/usage_sys (nanoseconds) before v2 cpu.stat (microseconds),
// v1 memory.usage_in_bytes/max_usage_in_bytes or v2 memory.current/memory.peak, and the
// cgroup.procs of the v2 group when there is one (joined at birth, see RunCgroup) or else of
// the first v1 group.
#pragma once

#include "../box/unique_fd.hpp"
#include "proc_files.hpp"

#include <sandbox/monitor.hpp>

#include <string>
#include <vector>

namespace sandbox::linux_monitor {

class GroupCounters {
public:
    // Opens the counter files under `group_dirs` (directory fds, not taken over). What a
    // directory lacks is left unset; the caller falls back to /proc for it.
    explicit GroupCounters(const std::vector<int>& group_dirs);

    // CPU and memory now; a field whose file is missing or unreadable is unset.
    GroupUsage usage();
    // The member pids now; false when the group has no readable cgroup.procs.
    bool members(std::vector<int>& out);
    bool has_members() const { return procs_.get() >= 0; }

private:
    bool read(const linux_box::UniqueFd& file, Records records);  // the whole file into text_

    enum class CpuUnit { none, v1_ns, v2_stat };
    CpuUnit cpu_unit_ = CpuUnit::none;
    linux_box::UniqueFd cpu_user_, cpu_sys_;  // v1; on v2 cpu_user_ holds cpu.stat
    linux_box::UniqueFd memory_, memory_peak_;
    linux_box::UniqueFd procs_;
    std::string text_;  // reused buffer
};

}  // namespace sandbox::linux_monitor
