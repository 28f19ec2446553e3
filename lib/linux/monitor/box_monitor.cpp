#include "box_monitor.hpp"

#include "group_counters.hpp"

namespace sandbox::linux_monitor {

std::unique_ptr<ResourceMonitor> start_box_monitor(boost::asio::io_context& io, int init_pid,
                                                   const MonitorOptions& options, const linux_box::RunCgroup* cgroup,
                                                   EventSink sink, LimitHandler on_limit) {
    MonitorSources sources;
    if (cgroup && options.cgroup_counters) {
        // Shared by the two sources; opened once, read at every sample.
        auto counters = std::make_shared<GroupCounters>(cgroup->dir_fds());
        sources.group_usage = [counters] { return counters->usage(); };
        if (counters->has_members()) {
            sources.pids = [counters] {
                std::vector<int> pids;
                counters->members(pids);
                return pids;
            };
        }
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
