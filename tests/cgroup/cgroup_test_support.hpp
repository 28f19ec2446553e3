// Helpers for the cgroup suite: start a child inside a run's groups the way the launcher
// will (CLONE_INTO_CGROUP or "0" written to the attach fds), wait for it, reap orphans.
#pragma once

#include "run_cgroup.hpp"

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace cgroup_test {

using sandbox::linux_box::RunCgroup;

// Starts `body` in a child that is in `group` before its first instruction of `body`; the
// child exits with body's return value, or 120 when attaching failed.
pid_t spawn_in(const RunCgroup& group, const std::function<int()>& body);

// waitpid for `pid`; returns the raw wait status.
int wait_for(pid_t pid);

// Makes this process the subreaper of its descendants (so orphans of a test come back to
// it) and reaps every exited child that is not waited for yet.
void become_subreaper();
void reap_orphans();

// Maps and writes every page of `bytes` of anonymous memory; returns the mapping.
void* touch_bytes(std::size_t bytes);

bool path_exists(const std::string& path);
// A v1 hierarchy with `controller` is mounted.
bool host_has_v1(const std::string& controller);
// The cgroup2 mount point, "" when none.
std::string host_v2_mount();

// The directories of the groups `pid` is in, from /proc/<pid>/cgroup, for the hierarchies
// a run uses (v1 ones with a run controller, and cgroup2).
std::vector<std::string> group_dirs_of(pid_t pid);

// Burns cpu until this process has used `seconds` more of it.
void burn_cpu(double seconds);

// Seconds since `start`.
double seconds_since(std::chrono::steady_clock::time_point start);

}  // namespace cgroup_test
