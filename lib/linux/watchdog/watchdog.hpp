// Watchdog: checks that every process of an isolated box stays in it, on an interval and at
// once on the proc connector's fork, exec and ptrace events of the box's processes:
//  - its namespaces are the box's (or nested in them: a namespace the box made),
//  - it descends from the box's init (a foreign process in the box's cgroup does not),
//  - it is still in the box's cgroup,
//  - it is not traced by a process outside the box,
//  - it holds no capability in the host's user namespace.
// A violation is reported once per process and check as a critical `escape` security event.
// What happens next (end the box or not) is the caller's decision (BreachDetector).
#pragma once

#include "box_identity.hpp"

#include <sandbox/event.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sandbox::linux_watchdog {

struct WatchdogOptions {
    // Between two full scans. Cgroup moves raise no proc connector event: this bounds how late
    // they are seen.
    std::chrono::milliseconds interval{20};
    bool use_proc_connector = true;
    // The action written into violation events: `killed` when the policy ends the box on them.
    EventAction action = EventAction::allowed;
};

struct WatchdogCallbacks {
    std::function<void(Event)> on_violation;  // a critical escape event, time_s left at 0
    std::function<void()> on_fork;            // a box process forked (proc connector only)
    // Host pids of the box's cgroup; empty function when the box has none.
    std::function<std::vector<int>()> cgroup_members;
};

class WatchdogState;

class Watchdog {
public:
    // Starts watching the box whose init is `init_pid` on `io`; everything runs on the
    // io_context's thread. The box's identity (capture_identity) is read from the init at the
    // first check.
    Watchdog(boost::asio::io_context& io, int init_pid, WatchdogOptions options, WatchdogCallbacks callbacks);
    ~Watchdog();  // stops; call on the io_context's thread
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    void stop();
    // Runs one full scan now (tests and the supervisor's last look).
    void scan_now();
    // Empty when the proc connector is in use, else why not (a `degraded` sentence).
    const std::string& degraded() const;
    std::uint64_t scans() const;

private:
    std::shared_ptr<WatchdogState> state_;
};

// Starts a watchdog on the box whose init is `init_pid`.
std::unique_ptr<Watchdog> start_watchdog(boost::asio::io_context& io, int init_pid, WatchdogOptions options,
                                         WatchdogCallbacks callbacks);

}  // namespace sandbox::linux_watchdog
