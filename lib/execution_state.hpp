// ExecutionState: the shared, thread-safe state behind an Execution handle. A platform's
// supervisor derives from it, drives the run on the io_context and calls finish() once.
#pragma once

#include <sandbox/result.hpp>

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace sandbox {

class ExecutionState : public std::enable_shared_from_this<ExecutionState> {
public:
    ExecutionState(boost::asio::io_context& io, std::uint64_t id) : io_(io), id_(id) {}
    virtual ~ExecutionState() = default;
    ExecutionState(const ExecutionState&) = delete;
    ExecutionState& operator=(const ExecutionState&) = delete;

    std::uint64_t id() const { return id_; }
    int pid() const { return pid_.load(); }
    bool done() const;
    // Ends the run with status `killed` (unless a cause came first). Safe from any thread.
    virtual void kill() = 0;

    void async_wait(std::function<void(const Result&)> handler);
    std::optional<Result> wait_for(std::chrono::milliseconds timeout);

protected:
    // Records the final result, wakes waiters and calls the async handlers. Call once, on the
    // io_context's thread.
    void finish(Result result);

    boost::asio::io_context& io_;
    std::atomic<int> pid_{0};

private:
    const std::uint64_t id_;
    mutable std::mutex mutex_;
    bool done_ = false;
    Result result_;
    std::vector<std::function<void(const Result&)>> handlers_;
    int threads_waiting_ = 0;  // threads inside wait_for driving the io_context
};

}  // namespace sandbox
