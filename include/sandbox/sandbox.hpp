// libsandbox: run untrusted programs in a box and get a verdict you can trust.
//
//   sandbox::Sandbox box(sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::standard));
//   sandbox::Command cmd;
//   cmd.argv = {"/usr/bin/python3", "-c", "print(6*7)"};
//   sandbox::Result r = box.run(cmd);   // r.status == Status::ok, r.stdout_data == "42\n"
//
// Many runs at once on one io_context, no thread per run:
//   boost::asio::io_context io;
//   auto a = box.start(io, cmd_a);  auto b = box.start(io, cmd_b);
//   a->async_wait([](const sandbox::Result& r) { ... });
//   io.run();
#pragma once

#include <sandbox/breach.hpp>
#include <sandbox/command.hpp>
#include <sandbox/error.hpp>
#include <sandbox/event.hpp>
#include <sandbox/export.hpp>
#include <sandbox/host.hpp>
#include <sandbox/lint.hpp>
#include <sandbox/monitor.hpp>
#include <sandbox/policy.hpp>
#include <sandbox/result.hpp>
#include <sandbox/runtime.hpp>
#include <sandbox/telemetry.hpp>
#include <sandbox/version.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace sandbox {

class ExecutionState;

// A handle on one run in progress. Thread-safe.
class SANDBOX_API Execution {
public:
    explicit Execution(std::shared_ptr<ExecutionState> state);

    std::uint64_t id() const;
    // Host pid of the box's first process (its init), 0 once reaped.
    int pid() const;
    bool done() const;
    // Ends the whole box. Status `killed` unless another cause was recorded first.
    void kill();
    // Calls `handler` once, on the io_context's thread, when the run has ended and been
    // cleaned up (immediately, via post, if it already has).
    void async_wait(std::function<void(const Result&)> handler);
    // Waits up to `timeout` for the end, driving the io_context from this thread meanwhile
    // (safe while other threads run it too). Returns nothing on timeout; the run goes on.
    std::optional<Result> wait_for(std::chrono::milliseconds timeout);
    // Waits for the end, however long (bounded by the policy's wall timeout).
    Result wait();

private:
    std::shared_ptr<ExecutionState> state_;
};

class SANDBOX_API Sandbox {
public:
    // Throws PolicyError if the policy is invalid.
    explicit Sandbox(SecurityPolicy policy = SecurityPolicy::for_level(SecurityLevel::standard));

    const SecurityPolicy& policy() const { return policy_; }
    // Every run started after this call sends its events to `sink` too.
    void add_sink(EventSink sink);
    // Every run started after this call is sampled by a ResourceMonitor: each sample goes to
    // the sinks (not into Result::events); threshold warnings do both; a threshold limit ends
    // the run with its status (status_for_metric_limit). With keep_history the run's events
    // end with a "resource_history" event holding the history's JSON in `detail`.
    // Throws PolicyError for invalid options.
    void set_monitor(MonitorOptions options);

    // Runs to the end and returns the verdict. Throws PolicyError for an invalid command;
    // problems building the box come back as status setup_error, never as an exception.
    Result run(const Command& command) const;
    // Runs `source` with the runtime named `language` ("python", "javascript", "shell").
    Result run_code(std::string_view language, std::string source) const;
    // Starts a run on `io`; the io_context must be run (by any thread) for it to progress.
    std::shared_ptr<Execution> start(boost::asio::io_context& io, const Command& command) const;

private:
    SecurityPolicy policy_;
    std::vector<EventSink> sinks_;
    std::optional<MonitorOptions> monitor_;
};

}  // namespace sandbox
