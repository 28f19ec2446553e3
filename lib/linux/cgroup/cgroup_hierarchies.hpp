// The cgroup hierarchies mounted on this host and where run groups go in each.
#pragma once

#include "run_cgroup.hpp"

#include <sys/types.h>

#include <string>
#include <vector>

namespace sandbox::linux_box {

struct CgroupHierarchy {
    int version = 0;                       // 1 or 2
    std::string mount;                     // mount point, e.g. /sys/fs/cgroup/memory
    std::vector<std::string> controllers;  // v1: bound controllers; v2: cgroup.controllers at root
    bool has(const std::string& controller) const;
};

// Parses /proc/self/mountinfo text: one entry per cgroup superblock (bind mounts of the same
// hierarchy appear once). v2 controllers are left empty (host_hierarchies reads them).
std::vector<CgroupHierarchy> parse_cgroup_mounts(const std::string& mountinfo);

// The hierarchies of this process's mount namespace (cached after the first call).
const std::vector<CgroupHierarchy>& host_hierarchies();

// The v1 controllers a run with `limits` joins. Each group costs a mkdir at launch and an
// rmdir after, so only what the run needs: memory, pids and cpuacct always (limits and
// counters; on this hybrid host the unified group's cpu.stat read 0.83-0.94 s after a busy
// loop ended at a 1 s CPU limit, cpuacct reads the full second); freezer only without a
// cgroup2 group (whose cgroup.kill ends the group); cpu, cpuset and blkio only when limited.
std::vector<std::string> run_v1_controllers(const CgroupLimits& limits, bool with_v2);

// Where run groups go, as a path relative to each hierarchy's root ("rusty-sandbox"):
// RUSTY_SANDBOX_CGROUP_PARENT when set, else `rusty-sandbox` as root, else the delegated
// subtree found from /proc/self/cgroup (v2 only, see find_delegated_parent); "" when nowhere.
// `why` receives a sentence when the answer is "".
std::string run_parent_relative(std::string& why);

// Rootless: the nearest ancestor of `own_group` (a path relative to `mount`, excluding the
// group itself, which holds this process) owned by `uid` and writable, whose
// cgroup.subtree_control lists every controller in `wanted`; failing that, the nearest owned
// and writable one. Returns the relative path with a `rusty-sandbox` child appended, or "".
std::string find_delegated_parent(const std::string& mount, const std::string& own_group,
                                  uid_t uid, const std::vector<std::string>& wanted);

// `mount` + "/" + `relative`, without doubled slashes.
std::string join_cgroup_path(const std::string& mount, const std::string& relative);

// Creates the directories of `relative` under `mount` that do not exist yet, but only when
// the last component is ours (`rusty-sandbox`); a configured parent must exist already.
// Returns "" or a sentence saying what failed.
std::string ensure_parent(const CgroupHierarchy& hierarchy, const std::string& relative);

}  // namespace sandbox::linux_box
