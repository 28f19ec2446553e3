// Translates CgroupLimits into the interface-file writes of each cgroup version. Pure: no
// file system access, so the exact values are unit-tested.
#pragma once

#include "run_cgroup.hpp"

#include <string>
#include <vector>

namespace sandbox::linux_box {

struct LimitWrite {
    std::string controller;  // the controller the file belongs to
    std::string file;        // relative to the group's directory
    std::string value;
    std::string limit;       // what the caller asked for, for degraded sentences ("memory limit")
};

// Throws PolicyError naming the field for values the kernel would refuse or misread.
void validate_limits(const CgroupLimits& limits);

// In write order (v1 memsw after memory.limit_in_bytes, cfs period before quota).
std::vector<LimitWrite> v1_limit_writes(const CgroupLimits& limits);
std::vector<LimitWrite> v2_limit_writes(const CgroupLimits& limits);

// v2 cpu.weight 1..10000 (default 100) to v1 cpu.shares 2..262144 (default 1024).
std::uint64_t weight_to_shares(std::uint32_t weight);

}  // namespace sandbox::linux_box
