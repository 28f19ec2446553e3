// The Landlock rules of an enhanced or maximum box, computed by the supervisor from the
// policy and the plan's mounts, downgraded to what the running kernel's ABI offers.
#pragma once

#include "../box/box_plan.hpp"

#include <sandbox/policy.hpp>

#include <string>
#include <vector>

namespace sandbox::landlock {

// Grants (paths inside the box):
//  - read + execute: every bind of the plan not named in policy.files (the system tree,
//    the runtime's files, readonly_paths; read + write for a writable one) and
//    policy.files.exec;
//  - read: /proc, policy.files.read;
//  - read + write: /dev (its files, not device creation), the workdir, policy.files.write,
//    and /tmp except at maximum, where /tmp is read-only;
//  - the workdir also allows execute (programs written there are run).
// Network (ABI >= 4): TCP bind and connect are handled; with allowed_hosts, connect to the
// egress proxy's port is allowed. Scope (ABI >= 6): abstract unix sockets and signals stay
// inside the box. ABI >= 7: denials are logged to the audit log for the program too.
// Each right or layer the kernel lacks is named in `degraded`. abi 0: no rules at all.
linux_box::LandlockRules rules_for(const SecurityPolicy& policy, const linux_box::BoxPlan& plan, int abi,
                                   std::vector<std::string>& degraded);

// The egress proxy's port inside the box (netproxy's default_proxy_port).
constexpr std::uint16_t proxy_port = 3128;

}  // namespace sandbox::landlock
