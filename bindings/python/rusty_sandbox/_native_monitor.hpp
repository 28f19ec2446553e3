// rusty_sandbox._native.Monitor: rsb_monitor_pid_start over a host pid. Samples arrive on the
// library's supervisor thread and wait in a queue until Python takes them.
#pragma once

#include "_native_errors.hpp"
#include "_native_mailbox.hpp"

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace rsb_py {

class Monitor {
public:
    Monitor(int pid, double interval_s) : mailbox_(std::make_unique<EventMailbox>()) {
        if (!(interval_s > 0) || interval_s > 86400)
            raise(policy_error, "interval: expected seconds between 0.01 and 86400, got " + std::to_string(interval_s));
        const auto interval_ms = static_cast<std::uint32_t>(std::lround(interval_s * 1000));
        unlocked([&] { return rsb_monitor_pid_start(pid, interval_ms, on_event, mailbox_.get(), &handle_); });
    }
    Monitor(const Monitor&) = delete;
    Monitor& operator=(const Monitor&) = delete;
    ~Monitor() { close(); }

    // The next event's JSON (a sample, or the "monitor_ended" event), waiting up to
    // `timeout` seconds; None if none came.
    std::optional<std::string> next_event(double timeout) { return mailbox_->take(timeout); }
    // True once no event can come any more (the tree is gone or stop() was called) and
    // every event was taken.
    bool exhausted() const { return mailbox_->exhausted(); }
    bool running() const {
        int value = 0;
        check(rsb_monitor_running(live(), &value));
        return value != 0;
    }
    std::uint64_t sample_count() const {
        std::uint64_t value = 0;
        check(rsb_monitor_sample_count(live(), &value));
        return value;
    }
    // Takes a last sample and stops; no event is queued after this returns.
    void stop() {
        rsb_monitor* monitor = live();
        unlocked([&] { return rsb_monitor_stop(monitor); });
        mailbox_->end();
    }
    void close() {
        if (handle_ == nullptr) return;
        rsb_monitor* monitor = handle_;
        handle_ = nullptr;
        {
            py::gil_scoped_release release;
            rsb_monitor_free(monitor);
        }
        mailbox_->end();
    }

private:
    // Samples queued by the supervisor thread; the "monitor_ended" event closes the stream.
    static void on_event(const char* json, std::size_t length, void* user_data) {
        std::string event(json, length);
        const bool last = event.find("\"name\":\"monitor_ended\"") != std::string::npos;
        static_cast<EventMailbox*>(user_data)->push(std::move(event), last);
    }

    rsb_monitor* live() const {
        if (handle_ == nullptr) raise(sandbox_error, "the monitor was closed");
        return handle_;
    }

    std::unique_ptr<EventMailbox> mailbox_;  // outlives handle_: close() frees the handle first
    rsb_monitor* handle_ = nullptr;
};

}  // namespace rsb_py
