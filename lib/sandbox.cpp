// Sandbox: the policy holder and entry point for synchronous and asynchronous runs.
#include "supervisor.hpp"

#include <sandbox/sandbox.hpp>

namespace sandbox {

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
    boost::asio::io_context io;
    auto execution = start(io, command);
    Result result;
    execution->async_wait([&result](const Result& r) { result = r; });
    io.run();
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
