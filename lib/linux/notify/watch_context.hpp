// The WatchContext of one run, from its plan: which paths the box holds, the proxy's port,
// whether a violation ends the box.
#pragma once

#include "../box/box_plan.hpp"
#include "notify_judge.hpp"

#include <sandbox/policy.hpp>

namespace sandbox::linux_notify {

// `proxy_port`: set when the run has an egress proxy in its network namespace.
WatchContext watch_context_for(const linux_box::BoxPlan& plan, SeccompMode mode,
                               std::optional<std::uint16_t> proxy_port);

}  // namespace sandbox::linux_notify
