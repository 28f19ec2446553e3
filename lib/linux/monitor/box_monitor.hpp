// The glue between a box run and its ResourceMonitor: the run's cgroup as the monitor's
// sources, and the monitor's history as an event at the end of the run.
#pragma once

#include "../cgroup/run_cgroup.hpp"

#include <sandbox/monitor.hpp>

#include <memory>

namespace sandbox::linux_monitor {

// Starts sampling the box whose init is `init_pid`. With a cgroup and
// options.cgroup_counters (the default), the cgroup's counters (kept open, see GroupCounters)
// give CPU, memory, the exact peak and the members at every sample, and each member's /proc
// files are read at the detail rate only (see MonitorSources). Otherwise the members are the
// init's descendants (every orphan of the box is reparented to the init: PID 1 of its
// namespace, or a subreaper) from the shared /proc listing, summed at every sample. The
// cgroup must outlive the monitor's last sample (stop or destroy the monitor before the
// cgroup).
std::unique_ptr<ResourceMonitor> start_box_monitor(boost::asio::io_context& io, int init_pid,
                                                   const MonitorOptions& options, const linux_box::RunCgroup* cgroup,
                                                   EventSink sink, LimitHandler on_limit);

// Kind resource_sample, name "resource_history", the history's JSON (ResourceHistory::to_json)
// in `detail`, the number of samples in values["samples"].
Event history_event(const ResourceMonitor& monitor);

}  // namespace sandbox::linux_monitor
