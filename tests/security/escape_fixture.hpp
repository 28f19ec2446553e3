// A real box running `sleep 30` with a watchdog on it, for the escape tests: the test plays
// the attacker from outside (with root), the watchdog must see it and the box must end.
#pragma once

#include "watchdog.hpp"

#include <sandbox/sandbox.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace escape_test {

using Clock = std::chrono::steady_clock;

// The box's cgroup directory in `controller`'s v1 hierarchy ("" when it has none there).
std::string box_cgroup_dir(int init_pid, const std::string& controller);
// A standard-level policy with a 30 s wall timeout and `response` to breaches.
sandbox::SecurityPolicy policy_for(sandbox::BreachResponse response);
// Drives `io` until the box's init has a child running `path`; returns its host pid. Throws
// after 10 s.
int wait_for_target(boost::asio::io_context& io, int init_pid, const std::string& path);
// Host pids listed in `dir`/cgroup.procs.
std::vector<int> cgroup_procs(const std::string& dir);
// Writes `pid` into `dir`/cgroup.procs; throws with the reason when the kernel refuses.
void move_to_cgroup(int pid, const std::string& dir);

struct WatchedBox {
    explicit WatchedBox(sandbox::BreachResponse response, sandbox::linux_watchdog::WatchdogOptions options = {},
                        std::vector<std::string> argv = {"/bin/sleep", "30"});
    ~WatchedBox();

    // The target (the box's `sleep`), found once it runs.
    int target_pid() const { return target_; }
    int init_pid() const { return execution_->pid(); }
    std::string pids_cgroup() const { return box_cgroup_dir(init_pid(), "pids"); }

    // Drives the io_context until a violation arrived or `limit` passed.
    bool wait_violation(std::chrono::milliseconds limit);
    // Drives the io_context until the run's Result arrived; between steps calls `between`.
    sandbox::Result wait_result(const std::function<void()>& between = {});

    boost::asio::io_context io;
    std::shared_ptr<sandbox::Execution> execution_;
    std::unique_ptr<sandbox::linux_watchdog::Watchdog> watchdog;
    sandbox::BreachDetector detector;
    std::vector<sandbox::Event> violations;
    int forks = 0;
    // When the first violation reached the callback, when the detector said terminate, and
    // when the box's init was seen gone (its pidfd readable).
    std::optional<Clock::time_point> detected_at, terminate_at, init_gone_at;

private:
    int target_ = 0;
    int init_pidfd_ = -1;
};

}  // namespace escape_test
