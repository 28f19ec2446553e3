// Sandbox: the policy holder and entry point for synchronous and asynchronous runs.
#include "supervisor.hpp"

#include <sandbox/sandbox.hpp>

#include <memory>

namespace sandbox {
namespace {

// The io_context a synchronous run drives: one per thread, kept for the thread's next runs,
// so its epoll, eventfd and timerfd are made once per thread instead of once per run (three
// fds held until the thread ends). A run nested in another on the same thread (a sink that
// runs a box) gets a fresh one. A run whose handler threw may leave handlers behind: that
// io_context is dropped, not reused.
class RunContext {
public:
    RunContext() {
        if (in_use_) {
            own_ = std::make_unique<boost::asio::io_context>();
            io_ = own_.get();
            return;
        }
        if (!cached_) cached_ = std::make_unique<boost::asio::io_context>();
        cached_->restart();
        io_ = cached_.get();
        in_use_ = true;
    }
    ~RunContext() {
        if (own_) return;
        in_use_ = false;
        if (!completed_) cached_.reset();
    }
    RunContext(const RunContext&) = delete;
    RunContext& operator=(const RunContext&) = delete;

    boost::asio::io_context& io() { return *io_; }
    // Runs until the run's last handler; then the io_context holds no work.
    void run() {
        io_->run();
        completed_ = true;
    }

private:
    static thread_local std::unique_ptr<boost::asio::io_context> cached_;
    static thread_local bool in_use_;
    std::unique_ptr<boost::asio::io_context> own_;
    boost::asio::io_context* io_ = nullptr;
    bool completed_ = false;
};

thread_local std::unique_ptr<boost::asio::io_context> RunContext::cached_;
thread_local bool RunContext::in_use_ = false;

}  // namespace

Sandbox::Sandbox(SecurityPolicy policy) : policy_(std::move(policy)) { policy_.validate(); }

void Sandbox::add_sink(EventSink sink) { sinks_.push_back(std::move(sink)); }

void Sandbox::set_monitor(MonitorOptions options) {
    options.validate();
    monitor_ = std::move(options);
}

std::shared_ptr<Execution> Sandbox::start(boost::asio::io_context& io, const Command& command) const {
    command.validate();
    return std::make_shared<Execution>(start_execution(io, policy_, command, sinks_, monitor_));
}

Result Sandbox::run(const Command& command) const {
    RunContext context;
    auto execution = start(context.io(), command);
    Result result;
    execution->async_wait([&result](const Result& r) { result = r; });
    context.run();
    return result;
}

Result Sandbox::run_code(std::string_view language, std::string source) const {
    const Runtime* runtime = RuntimeRegistry::builtin().by_name(language);
    if (!runtime) throw PolicyError("unknown language '" + std::string(language) + "'");
    std::string file = "main" + (runtime->extensions.empty() ? std::string() : runtime->extensions[0]);
    // Advisory only: the box is the boundary, the findings tell the operator what was tried.
    std::vector<LintFinding> findings;
    if (lint_supported(runtime->name)) findings = lint_source(runtime->name, source);
    Result r;
    try {
        r = run(RuntimeRegistry::command_for_source(*runtime, file, std::move(source), policy_.workdir));
    } catch (const SetupError& e) {
        r.status = Status::setup_error;
        r.message = e.what();
    }
    r.lint_findings = std::move(findings);
    return r;
}

}  // namespace sandbox
