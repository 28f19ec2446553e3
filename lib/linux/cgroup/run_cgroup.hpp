// RunCgroup: the cgroup(s) of one run, on v2, v1 or hybrid hierarchies, detected at run time.
// As root: under a `rusty-sandbox` group at the top of each hierarchy; otherwise in a subtree
// delegated to the user. Never inside a group the project did not create.
// RUSTY_SANDBOX_CGROUP_PARENT overrides the parent: a cgroup path relative to each
// hierarchy's root (e.g. "sandbox/judges"), which must exist. Run groups are named
// run-<ownerpid>-<ownerstarttime>-<seq>-<name> so stale ones can be told from live ones.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sandbox::linux_box {

// Block-device throttling, applied where an io (v2) or blkio (v1) controller exists.
struct CgroupIoLimit {
    std::string device;  // "MAJOR:MINOR" of a whole disk, e.g. "8:0"
    std::optional<std::uint64_t> read_bps;
    std::optional<std::uint64_t> write_bps;
    std::optional<std::uint64_t> read_iops;
    std::optional<std::uint64_t> write_iops;
};

struct CgroupLimits {
    std::optional<std::uint64_t> memory_bytes;      // hard limit, swap off
    std::optional<std::uint64_t> memory_high_bytes; // optional throttle watermark
    std::optional<std::uint32_t> pids;
    std::optional<std::uint64_t> cpu_quota_us;      // with cpu_period_us
    std::uint64_t cpu_period_us = 100'000;
    std::optional<std::uint32_t> cpu_weight;        // 1..10000 (v1 shares are scaled)
    std::string cpuset;                             // "" = inherit
    std::vector<CgroupIoLimit> io;
};

struct CgroupUsage {
    bool has_cpu = false;
    double cpu_user_s = 0;
    double cpu_sys_s = 0;
    double cpu_total_s = 0;         // exact total, user+sys may be tick-rounded on v1
    bool has_memory = false;
    std::uint64_t memory_current_bytes = 0;
    std::uint64_t memory_peak_bytes = 0;  // memory.peak / max_usage_in_bytes
    std::uint64_t oom_events = 0;         // times the limit was hit
    std::uint64_t oom_kills = 0;          // processes the OOM killer ended in the group
    bool has_pids = false;
    std::uint64_t pids_current = 0;
    std::uint64_t pids_max_hits = 0;      // forks refused by pids.max
    std::uint64_t cpu_throttled_periods = 0;
};

// Which counters usage() fills, known from the groups that were made.
struct CgroupCounters {
    bool memory = false;
    bool pids = false;
    bool cpu = false;
};

class RunCgroup {
public:
    // Creates the run's group(s) labelled `name` ([A-Za-z0-9_.-]{0,64}) and applies `limits`.
    // Returns nullptr when no usable hierarchy exists (e.g. rootless without delegation). Each
    // limit that could not be applied is described in a sentence appended to `degraded`.
    // Throws PolicyError for a bad label or limit value, SetupError when a group cannot be
    // made in a usable parent (nothing is left behind then).
    static std::unique_ptr<RunCgroup> create(const std::string& name, const CgroupLimits& limits,
                                             std::vector<std::string>& degraded);
    virtual ~RunCgroup() = default;  // implementations kill, wait until empty, and remove

    // v1 and hybrid: `tasks` fds (O_WRONLY|O_CLOEXEC) the child writes "0" to before exec.
    // Pure v2: empty (clone_into_fd instead).
    virtual std::vector<int> attach_fds() const = 0;
    // v2, and the unified group of a hybrid host: the directory fd for CLONE_INTO_CGROUP,
    // -1 if none.
    virtual int clone_into_fd() const = 0;
    // Reads the counters now.
    virtual CgroupUsage usage() const = 0;
    // After the run: only what its Result and verdict need (CPU times, peak memory, OOM kills,
    // refused forks); the live values (memory_current_bytes, pids_current, oom_events) stay 0.
    virtual CgroupUsage final_usage() const = 0;
    // Which of them exist, without reading any file (launch asks before every run).
    virtual CgroupCounters counters() const = 0;
    // The directory fd of each of the run's groups (v1 hierarchies and the v2 group), owned by
    // this object: for readers that keep counter files open (the ResourceMonitor).
    virtual std::vector<int> dir_fds() const = 0;
    // Ends every process in the group (v2 cgroup.kill; v1 freeze, SIGKILL all, thaw).
    virtual void kill_all() = 0;
    // Waits until no process is left, up to `timeout`; true when empty.
    virtual bool wait_empty(std::chrono::milliseconds timeout) = 0;
    // Removes the groups now if no process is left in any (the rmdir of a populated group
    // fails with EBUSY); true when all are gone. For a run whose processes are known to be
    // dead, without reading the member lists; on false, kill_all/wait_empty and destruction
    // remove what is left.
    virtual bool remove_if_empty() = 0;
    // Host pids currently in the group.
    virtual std::vector<int> pids() const = 0;
    // A short description: "v1 (memory,pids,cpu,cpuacct,freezer)" / "v2".
    virtual std::string describe() const = 0;
};

// The hierarchies this host offers, detected from /proc/self/mountinfo and cgroupfs.
struct CgroupHostInfo {
    std::string mode;        // "v2", "v1", "hybrid" or "none"
    std::string v2_mount;    // cgroup2 mount point, "" if none
    std::vector<std::string> v1_controllers;  // mounted v1 controllers
    std::vector<std::string> v2_controllers;  // cgroup.controllers at the v2 root
    std::string parent;      // where run groups go, relative to each hierarchy's root
                             // ("/rusty-sandbox"), "" if nowhere
    std::vector<std::string> notes;  // e.g. "no memory controller on v2: using v1"
};
CgroupHostInfo detect_cgroups();

// Removes groups left by supervisors that died: only groups with the project's prefix whose
// recorded owner pid is no longer alive; nothing where pids are not the host's (host_pids.hpp).
// Cheap; call once per process before the first run.
void remove_stale_cgroups();

}  // namespace sandbox::linux_box
