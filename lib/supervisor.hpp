// The platform's supervisor entry point: starts one run on an io_context.
#pragma once

#include "execution_state.hpp"

#include <sandbox/command.hpp>
#include <sandbox/event.hpp>
#include <sandbox/monitor.hpp>
#include <sandbox/policy.hpp>

#include <memory>
#include <optional>
#include <vector>

namespace sandbox {

// Starts `command` under `policy` (both already validated), sampled by a ResourceMonitor when
// `monitor` is set. Never throws for problems of the box: those end the run with status
// setup_error.
std::shared_ptr<ExecutionState> start_execution(boost::asio::io_context& io, const SecurityPolicy& policy,
                                                const Command& command, const std::vector<EventSink>& sinks,
                                                const std::optional<MonitorOptions>& monitor);

}  // namespace sandbox
