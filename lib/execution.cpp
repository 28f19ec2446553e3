// Execution handle and the platform-neutral half of ExecutionState: waiting and completion.
#include "execution_state.hpp"

#include <sandbox/sandbox.hpp>

#include <boost/asio/post.hpp>

namespace sandbox {

bool ExecutionState::done() const {
    std::lock_guard lock(mutex_);
    return done_;
}

void ExecutionState::async_wait(std::function<void(const Result&)> handler) {
    std::unique_lock lock(mutex_);
    if (!done_) {
        handlers_.push_back(std::move(handler));
        return;
    }
    lock.unlock();
    boost::asio::post(io_, [self = shared_from_this(), handler = std::move(handler)] {
        handler(self->result_);
    });
}

std::optional<Result> ExecutionState::wait_for(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock lock(mutex_);
    ++threads_waiting_;
    while (!done_ && std::chrono::steady_clock::now() < deadline) {
        lock.unlock();
        // Drive the io_context from this thread. When another thread runs it too and handles
        // our completion, finish() posts a no-op per waiting thread so this call returns.
        if (io_.stopped()) io_.restart();
        io_.run_one_until(deadline);
        lock.lock();
    }
    --threads_waiting_;
    if (!done_) return std::nullopt;
    return result_;
}

void ExecutionState::finish(Result result) {
    std::vector<std::function<void(const Result&)>> handlers;
    int waiting = 0;
    {
        std::lock_guard lock(mutex_);
        if (done_) return;
        done_ = true;
        result_ = std::move(result);
        handlers.swap(handlers_);
        waiting = threads_waiting_;
    }
    pid_ = 0;
    for (int i = 0; i < waiting; ++i) boost::asio::post(io_, [] {});
    for (auto& h : handlers) h(result_);
}

Execution::Execution(std::shared_ptr<ExecutionState> state) : state_(std::move(state)) {}
std::uint64_t Execution::id() const { return state_->id(); }
int Execution::pid() const { return state_->pid(); }
bool Execution::done() const { return state_->done(); }
void Execution::kill() { state_->kill(); }
void Execution::async_wait(std::function<void(const Result&)> handler) {
    state_->async_wait(std::move(handler));
}
std::optional<Result> Execution::wait_for(std::chrono::milliseconds timeout) {
    return state_->wait_for(timeout);
}
Result Execution::wait() {
    for (;;)
        if (auto r = state_->wait_for(std::chrono::hours(1))) return *r;
}

}  // namespace sandbox
