#include "pid_source.hpp"

#include "proc_namespaces.hpp"

namespace sandbox_cli::dashboard {

PidSource::PidSource(int pid, std::chrono::milliseconds interval) : pid_(pid), interval_(interval) {}

void PidSource::start(boost::asio::io_context& io, DashboardModel& model, SourceCallbacks callbacks) {
    model_ = &model;
    callbacks_ = std::move(callbacks);
    // The monitor takes its first sample inside monitor_pid(), before monitor_ is set: that
    // sample's process list is read here instead of in on_event().
    monitor_ = sandbox::monitor_pid(io, pid_, interval_, [this](const sandbox::Event& e) { on_event(e); });
    if (!stopped_ && monitor_->sample_count() > 0) {
        list_processes();
        callbacks_.changed();
    }
}

void PidSource::stop() {
    stopped_ = true;
    monitor_.reset();
}

std::string PidSource::title() const { return "pid " + std::to_string(pid_); }

Namespaces PidSource::namespaces(int pid) const { return read_proc_namespaces(pid); }

void PidSource::list_processes() {
    const auto& sample = monitor_->last_sample();
    if (!described_) {
        // The label is the root's command line, once the first listing has it.
        for (const auto& process : sample.processes) {
            if (process.pid != pid_) continue;
            model_->describe_run(0, pid_, process.cmdline.empty() ? process.comm : process.cmdline, std::nullopt);
            described_ = true;
        }
    }
    model_->set_processes(0, sample.processes);
}

void PidSource::on_event(const sandbox::Event& event) {
    if (stopped_) return;
    model_->apply(event);
    if (event.name == "sample" && monitor_) list_processes();
    if (event.kind == sandbox::EventKind::lifecycle && event.name == "monitor_ended") {
        model_->end_run(0, "exited");
        callbacks_.changed();
        callbacks_.ended();
        return;
    }
    callbacks_.changed();
}

}  // namespace sandbox_cli::dashboard
