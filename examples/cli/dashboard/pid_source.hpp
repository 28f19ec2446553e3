// PidSource: a host process and its descendants, no sandbox (`sandbox-cli monitor --pid`).
// Sampled with sandbox::monitor_pid; the tree is run id 0 in the model.
#pragma once

#include "dashboard_source.hpp"

#include <sandbox/monitor.hpp>

#include <chrono>
#include <memory>

namespace sandbox_cli::dashboard {

class PidSource : public DashboardSource {
public:
    PidSource(int pid, std::chrono::milliseconds interval);

    void start(boost::asio::io_context& io, DashboardModel& model, SourceCallbacks callbacks) override;
    void stop() override;
    std::string title() const override;
    Namespaces namespaces(int pid) const override;

private:
    void on_event(const sandbox::Event& event);
    void list_processes();

    const int pid_;
    const std::chrono::milliseconds interval_;
    DashboardModel* model_ = nullptr;
    SourceCallbacks callbacks_;
    std::unique_ptr<sandbox::ResourceMonitor> monitor_;
    bool described_ = false;
    bool stopped_ = false;
};

}  // namespace sandbox_cli::dashboard
