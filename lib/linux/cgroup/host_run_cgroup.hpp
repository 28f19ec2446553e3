// The RunCgroup implementation over any mix of v1 hierarchies and one cgroup2 hierarchy:
// v1 only, v2 only, or hybrid (v1 controllers plus a v2 group for cgroup.kill/events).
#pragma once

#include "cgroup_hierarchies.hpp"
#include "run_cgroup.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sandbox::linux_box {

// Where one run's groups are made: a parent directory per hierarchy.
struct CgroupPlacement {
    struct Spot {
        CgroupHierarchy hierarchy;
        std::string parent_dir;  // absolute, must exist
    };
    std::vector<Spot> v1;
    std::optional<Spot> v2;
    bool empty() const { return v1.empty() && !v2; }
};

// One group limits are written into: its directory fd and the controllers it holds.
struct LimitTarget {
    int dir_fd = -1;
    std::string path;                      // for messages
    std::vector<std::string> controllers;  // v1: the hierarchy's; v2: cgroup.controllers
};

// Writes `limits`: each controller's limits go to the v1 group holding it, else to the v2
// group when it has that controller; every limit that lands nowhere or is refused gets a
// sentence in `degraded`.
void apply_limits(const std::vector<LimitTarget>& v1, const std::optional<LimitTarget>& v2,
                  const CgroupLimits& limits, std::vector<std::string>& degraded);

// This host's placement for a run with `limits`: the hierarchies a run uses under the
// configured parent (created when it is ours). Sentences for what is unusable go to
// `degraded`; an empty placement means no cgroup at all.
CgroupPlacement host_placement(const CgroupLimits& limits, std::vector<std::string>& degraded);

// Creates the run's groups named `dir_name` at `placement` and applies `limits`
// (validated by the caller). Throws SetupError when a group cannot be created.
std::unique_ptr<RunCgroup> create_run_cgroup(const CgroupPlacement& placement,
                                             const std::string& dir_name,
                                             const CgroupLimits& limits,
                                             std::vector<std::string>& degraded);

}  // namespace sandbox::linux_box
