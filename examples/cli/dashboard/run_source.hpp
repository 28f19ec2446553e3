// RunSource: one run of this process's Sandbox (`sandbox-cli run --monitor`). The run's
// numbers are its own resource_sample events (the Sandbox's monitor, reading the run's cgroup
// counters: the same CPU and memory as the Result); its process list comes from a second,
// per-process monitor of the box's root pid, started at the run's first sample.
#pragma once

#include "dashboard_source.hpp"

#include <sandbox/sandbox.hpp>

#include <chrono>
#include <memory>
#include <optional>

namespace sandbox_cli::dashboard {

class RunSource : public DashboardSource {
public:
    // Adds a sink and a monitor (set_monitor, `interval`) to `box`; the box must outlive this
    // source's run.
    RunSource(sandbox::Sandbox& box, sandbox::Command command, std::chrono::milliseconds interval);
    ~RunSource() override;
    RunSource(const RunSource&) = delete;
    RunSource& operator=(const RunSource&) = delete;

    // Starts the run. Throws what Sandbox::start throws (PolicyError for a bad command).
    void start(boost::asio::io_context& io, DashboardModel& model, SourceCallbacks callbacks) override;
    // Kills the run if it is still going; wait() then gives its Result.
    void stop() override;
    std::string title() const override;
    Namespaces namespaces(int pid) const override;

    // The run's Result, driving the io_context until it is there. Call after start().
    sandbox::Result wait();

private:
    // What the Sandbox's sink reaches: it outlives this source inside the box's sink list,
    // so the source detaches it on destruction.
    struct Feed {
        RunSource* source = nullptr;
    };

    void on_event(const sandbox::Event& event);
    void watch_processes(int root_pid);
    void list_processes();

    sandbox::Sandbox& box_;
    const sandbox::Command command_;
    const std::chrono::milliseconds interval_;
    std::shared_ptr<Feed> feed_ = std::make_shared<Feed>();
    boost::asio::io_context* io_ = nullptr;
    DashboardModel* model_ = nullptr;
    SourceCallbacks callbacks_;
    std::shared_ptr<sandbox::Execution> execution_;
    std::unique_ptr<sandbox::ResourceMonitor> process_monitor_;
    std::optional<sandbox::Result> result_;
    bool stopped_ = false;
};

}  // namespace sandbox_cli::dashboard
