// ChildSpec: a BoxPlan turned into the exact data the child replays (C strings, argv/envp
// arrays, filesystem steps), and ChildFds: the descriptors one launch hands to the child.
// Everything is built before clone: box-init receives it encoded (child_start_codec.hpp),
// and the fallback child runs in a copy of a possibly multi-threaded process, where it must
// not allocate (another thread may have held malloc's lock).
#pragma once

#include "box_plan.hpp"
#include "fs_op.hpp"

#include <linux/filter.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sandbox::linux_box {

struct ChildSpec {
    bool isolate = true;
    bool own_network = true;
    bool die_with_parent = true;
    // Ids the program runs with: inside ids (isolate) or the host ids to switch to (basic as
    // root). switch_ids is false for basic when not root (the program keeps the caller's ids).
    bool switch_ids = true;
    uid_t uid = 0;
    gid_t gid = 0;
    // setgroups(0, NULL) is allowed (root supervisor); rootless writes "deny" to setgroups.
    bool clear_groups = true;
    // isolate: a root supervisor writes the id maps (host ids other than its own); without
    // root the child writes its own (allowed for the caller's own ids), so a supervisor
    // that is not dumpable (it changed its ids without exec) can still launch.
    bool child_writes_id_maps = false;
    std::string uid_map;  // "inside host 1\n"
    std::string gid_map;
    int cap_last_cap = 0;  // from /proc/sys/kernel/cap_last_cap
    std::uint64_t keep_caps = 0;  // bit n: capability n is kept (BoxPlan::keep_caps)
    pid_t supervisor_pid = 0;

    std::vector<FsOp> fs_ops;  // isolate only, in order
    std::string hostname;
    std::string cwd;  // "" = stay where set-up left us

    std::vector<char*> argv;  // null-terminated, pointing into the plan's strings
    std::vector<char*> envp;
    std::vector<std::pair<int, rlimit>> rlimits;  // always includes RLIMIT_CORE = 0
    const LandlockRules* landlock = nullptr;  // nullptr = none; points into the plan
    sock_fprog seccomp{};  // len 0 = no filter; points into the plan's vector
    bool seccomp_listener = false;  // BoxPlan::seccomp_notify
};

// Builds the spec. Throws SetupError naming the plan field that cannot be honoured.
// `plan` must outlive the launch (argv, envp and seccomp point into it).
ChildSpec prepare_child_spec(const BoxPlan& plan);

struct ChildFds {
    int stdin_read = -1;
    int stdout_write = -1;
    int stderr_write = -1;
    int status_write = -1;
    int sync_read = -1;         // isolate: the parent writes one byte to release the child
    int supervisor_pidfd = -1;  // to detect a supervisor that died before PDEATHSIG was set
    int notify_send = -1;       // seccomp_listener: the program sends its listener fd here
    std::vector<int> cgroup_attach;  // v1 `tasks` (or v2 `cgroup.procs` on the clone fallback)
    std::vector<int> keep;           // all of the above, ascending: every other fd is closed
};

}  // namespace sandbox::linux_box
