// The glue between a box run and its ResourceMonitor: the run's cgroup as the monitor's
// sources, and the monitor's history as an event at the end of the run.
#pragma once

#include "../cgroup/run_cgroup.hpp"

#include <sandbox/monitor.hpp>

#include <memory>

namespace sandbox::linux_monitor {

// Starts sampling the box whose init is `init_pid`. Its members are the init's descendants
// (every orphan of the box is reparented to the init: PID 1 of its namespace, or a subreaper),
// found in the shared /proc listing. With options.cgroup_counters and a cgroup, the members
// are its cgroup.procs and CPU and memory its exact counters instead: about ten cgroup files
// opened per sample, the dearest part of a sample. The cgroup must outlive the monitor's last
// sample (stop or destroy the monitor before the cgroup).
std::unique_ptr<ResourceMonitor> start_box_monitor(boost::asio::io_context& io, int init_pid,
                                                   const MonitorOptions& options, const linux_box::RunCgroup* cgroup,
                                                   EventSink sink, LimitHandler on_limit);

// Kind resource_sample, name "resource_history", the history's JSON (ResourceHistory::to_json)
// in `detail`, the number of samples in values["samples"].
Event history_event(const ResourceMonitor& monitor);

}  // namespace sandbox::linux_monitor
