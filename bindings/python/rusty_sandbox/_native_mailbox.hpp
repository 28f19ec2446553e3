// A queue of event JSON filled by the library's supervisor thread and drained by Python:
// shared by runs and monitors. Never touches Python itself; the waiting calls release the GIL.
#pragma once

#include <pybind11/pybind11.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

namespace rsb_py {

class EventMailbox {
public:
    // From the supervisor thread: queue one event; `last` marks the end of the stream.
    void push(std::string event, bool last = false) {
        {
            std::lock_guard lock(mutex_);
            events_.push_back(std::move(event));
            ended_ = ended_ || last;
        }
        changed_.notify_all();
    }
    void end() {
        {
            std::lock_guard lock(mutex_);
            ended_ = true;
        }
        changed_.notify_all();
    }
    // The next event's JSON, waiting up to `timeout` seconds; None if none came. The lock is
    // only taken without the GIL, so no thread ever holds one while waiting for the other.
    std::optional<std::string> take(double timeout) {
        pybind11::gil_scoped_release release;
        std::unique_lock lock(mutex_);
        changed_.wait_for(lock, std::chrono::duration<double>(timeout),
                          [&] { return !events_.empty() || ended_; });
        if (events_.empty()) return std::nullopt;
        std::string event = std::move(events_.front());
        events_.pop_front();
        return event;
    }
    // True once the stream has ended and every event was taken.
    bool exhausted() {
        pybind11::gil_scoped_release release;
        std::lock_guard lock(mutex_);
        return ended_ && events_.empty();
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::string> events_;
    bool ended_ = false;
};

}  // namespace rsb_py
