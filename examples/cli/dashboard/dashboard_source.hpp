// DashboardSource: what feeds a DashboardModel. The dashboard loop (dashboard_loop.hpp) and
// the piped text mode (text_lines.hpp) work with any of them:
//   PidSource  (pid_source.hpp)  a host process tree, sampled with sandbox::monitor_pid
//   RunSource  (run_source.hpp)  a run of this process, through the Sandbox's event sinks
//   a remote supervisor's runs (`monitor --attach`, examples/cli/serve/), from its
//   /api/v1/snapshot and /api/v1/events
//
// The contract, for whoever writes a new source:
// - start() is called once, on the io_context's thread, before the loop runs `io`. The source
//   puts its own asynchronous work on `io` and updates the model only from handlers that run
//   on `io` (data that arrives on another thread is post()ed to `io` first).
// - Per run: model.describe_run() once its pid and label are known; model.apply() for every
//   sandbox::Event (a resource_sample named "sample" carries the numbers in Event::values,
//   keyed by sandbox::resource_metric_names(); security events feed the breach counts);
//   model.set_processes() when it can list the run's processes; model.end_run() at the end.
//   Runs are told apart by Event::run_id (a host pid tree uses run id 0).
// - After a batch of updates, calls callbacks.changed() (the loop redraws, if auto-refresh is
//   on). Once nothing more will come (the tree exited, the run ended, the stream closed), it
//   calls callbacks.ended() once, having applied an event that says why.
// - stop() cancels the source's work (the user quit, or a signal came). It may come after
//   ended(), more than once; after it returns the source touches neither model nor callbacks.
#pragma once

#include "dashboard_model.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>
#include <string>

namespace sandbox_cli::dashboard {

struct SourceCallbacks {
    std::function<void()> changed;
    std::function<void()> ended;
};

class DashboardSource {
public:
    virtual ~DashboardSource() = default;

    virtual void start(boost::asio::io_context& io, DashboardModel& model, SourceCallbacks callbacks) = 0;
    virtual void stop() = 0;
    // One short phrase for the title bar: "pid 1234", "run 3: python3 main.py".
    virtual std::string title() const = 0;
    // The namespaces of a process of this source, for the details pane. A source that cannot
    // see the process's /proc (a remote one) returns an empty map.
    virtual Namespaces namespaces(int pid) const = 0;
};

}  // namespace sandbox_cli::dashboard
