// Turns a validated policy and command into the launcher's BoxPlan and the cgroup limits,
// resolving what only the host can tell (the program's path, the ids, the runtime).
#pragma once

#include "box/box_plan.hpp"
#include "cgroup/run_cgroup.hpp"

#include <sandbox/command.hpp>
#include <sandbox/policy.hpp>
#include <sandbox/runtime.hpp>

#include <string>
#include <vector>

namespace sandbox::linux_box {

struct PlannedRun {
    BoxPlan plan;
    CgroupLimits cgroup_limits;
    const Runtime* runtime = nullptr;  // recognised from argv[0], nullptr for a plain program
    std::string host_workdir;          // basic level: the host temp dir made for the run
    std::vector<std::string> degraded; // protections the host could not give in full (Landlock ABI)
};

// Throws SetupError when the program cannot be found or the workdir cannot be made.
PlannedRun plan_run(const SecurityPolicy& policy, const Command& command);

// Applies what depends on whether a cgroup could be made: fallbacks to rlimits when not,
// each described in `degraded`.
void apply_cgroup_outcome(PlannedRun& run, const SecurityPolicy& policy, bool has_memory, bool has_pids,
                          bool has_cpu, std::vector<std::string>& degraded);

// Removes a basic-level host workdir and everything in it.
void remove_host_workdir(const std::string& path);

}  // namespace sandbox::linux_box
