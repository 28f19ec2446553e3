// Names of run groups: `run-<ownerpid>-<ownerstarttime>-<seq>[-<label>]`. The owner's start
// time (field 22 of /proc/<pid>/stat) makes a recycled pid distinguishable from the owner,
// so stale cleanup never removes the groups of a live supervisor. A supervisor in a nested
// pid namespace names them `nsrun-...`: its pid is not the host's, so no clean-up may judge
// them (a killed one's groups stay until removed by hand).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace sandbox::linux_box {

// The directory under every hierarchy's root that holds the project's groups (as root).
inline constexpr const char* kProjectGroup = "rusty-sandbox";
// Environment variable naming another parent, as a cgroup path relative to each
// hierarchy's root (e.g. "user.slice/user-1000.slice/user@1000.service/sandbox").
inline constexpr const char* kParentEnv = "RUSTY_SANDBOX_CGROUP_PARENT";

struct RunGroupOwner {
    pid_t pid = 0;
    std::uint64_t start_time = 0;  // clock ticks since boot, /proc/<pid>/stat field 22
};

// Start time of `pid`, nullopt when it does not exist (any more).
std::optional<std::uint64_t> process_start_time(pid_t pid);

// A fresh name for a run group of this process; `label` ([A-Za-z0-9_.-], at most 64
// characters, may be empty) is appended for people reading the tree. Throws PolicyError for
// any other label.
std::string make_run_group_name(const std::string& label);

// The owner recorded in a run group's name, nullopt when it is not one of ours.
std::optional<RunGroupOwner> parse_run_group_name(const std::string& name);

// True while the recorded owner still runs (same pid, same start time, not a zombie).
bool owner_alive(const RunGroupOwner& owner);

}  // namespace sandbox::linux_box
