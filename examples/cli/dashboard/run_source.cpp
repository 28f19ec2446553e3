#include "run_source.hpp"

#include "proc_namespaces.hpp"

namespace sandbox_cli::dashboard {

RunSource::RunSource(sandbox::Sandbox& box, sandbox::Command command, std::chrono::milliseconds interval)
    : box_(box), command_(std::move(command)), interval_(interval) {
    feed_->source = this;
    box_.add_sink([feed = feed_](const sandbox::Event& e) {
        if (feed->source) feed->source->on_event(e);
    });
    sandbox::MonitorOptions options;
    options.interval = interval_;
    options.per_process = false;  // the process monitor lists them
    options.cgroup_counters = true;
    box_.set_monitor(options);
}

RunSource::~RunSource() { feed_->source = nullptr; }

void RunSource::start(boost::asio::io_context& io, DashboardModel& model, SourceCallbacks callbacks) {
    io_ = &io;
    model_ = &model;
    callbacks_ = std::move(callbacks);
    execution_ = box_.start(io, command_);
    std::string label;
    for (const auto& word : command_.argv) label += (label.empty() ? "" : " ") + word;
    model_->describe_run(execution_->id(), execution_->pid(), label, box_.policy().limits.memory_bytes);
    execution_->async_wait([this, feed = feed_](const sandbox::Result& result) {
        if (!feed->source) return;
        result_ = result;
        if (stopped_) return;
        process_monitor_.reset();
        model_->end_run(execution_->id(), std::string(sandbox::to_string(result.status)));
        callbacks_.changed();
        callbacks_.ended();
    });
    callbacks_.changed();
}

void RunSource::stop() {
    stopped_ = true;
    process_monitor_.reset();
    if (execution_ && !execution_->done()) execution_->kill();
}

std::string RunSource::title() const {
    return execution_ ? "run " + std::to_string(execution_->id()) : "run";
}

Namespaces RunSource::namespaces(int pid) const { return read_proc_namespaces(pid); }

sandbox::Result RunSource::wait() {
    if (result_) return *result_;
    return execution_->wait();
}

void RunSource::on_event(const sandbox::Event& event) {
    if (stopped_ || model_ == nullptr) return;
    model_->apply(event);
    if (event.name == "sample" && !process_monitor_ && event.pid != 0 && execution_) watch_processes(event.pid);
    callbacks_.changed();
}

void RunSource::watch_processes(int root_pid) {
    const std::uint64_t run_id = execution_->id();
    process_monitor_ = sandbox::monitor_pid(*io_, root_pid, interval_, [this, run_id](const sandbox::Event& e) {
        if (stopped_ || e.name != "sample" || !process_monitor_) return;
        model_->set_processes(run_id, process_monitor_->last_sample().processes);
        callbacks_.changed();
    });
    // Its first sample came inside monitor_pid(), before process_monitor_ was set.
    model_->set_processes(run_id, process_monitor_->last_sample().processes);
}

}  // namespace sandbox_cli::dashboard
