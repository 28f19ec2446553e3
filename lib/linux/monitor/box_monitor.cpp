#include "box_monitor.hpp"

namespace sandbox::linux_monitor {

std::unique_ptr<ResourceMonitor> start_box_monitor(boost::asio::io_context& io, int init_pid,
                                                   const MonitorOptions& options, const linux_box::RunCgroup* cgroup,
                                                   EventSink sink, LimitHandler on_limit) {
    MonitorSources sources;
    if (cgroup && options.cgroup_counters) {
        sources.group_usage = [cgroup] {
            const auto u = cgroup->usage();
            GroupUsage g;
            if (u.has_cpu) {
                g.cpu_user_s = u.cpu_user_s;
                g.cpu_sys_s = u.cpu_sys_s;
            }
            if (u.has_memory) {
                g.memory_bytes = u.memory_current_bytes;
                g.memory_peak_bytes = u.memory_peak_bytes;
            }
            return g;
        };
        sources.pids = [cgroup] { return cgroup->pids(); };
    }
    return ResourceMonitor::for_box(io, init_pid, options, std::move(sink), std::move(sources), std::move(on_limit));
}

Event history_event(const ResourceMonitor& monitor) {
    Event e;
    e.kind = EventKind::resource_sample;
    e.name = "resource_history";
    if (const ResourceHistory* h = monitor.history()) e.detail = h->to_json();
    e.values = {{"samples", static_cast<double>(monitor.sample_count())}};
    return e;
}

}  // namespace sandbox::linux_monitor
