// BoxGuard: what the supervisor needs of the security layer for one run, in one object.
//   - every security event the run emits goes through observe() (the BreachDetector),
//   - at the target_started record of an isolated box, start_watchdog() watches its processes,
//   - a decision to terminate calls `terminate(reason)` once; the supervisor records
//     security_violation and ends the box,
//   - alerts and terminations are emitted as `watchdog` events (action killed when it ends
//     the box, which sandbox_watchdog_terminations_total counts),
//   - summary_json() is the Result's breach_summary.
// Everything runs on the supervisor's io_context thread.
#pragma once

#include "watchdog.hpp"

#include <sandbox/breach.hpp>
#include <sandbox/policy.hpp>

#include <boost/asio/io_context.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace sandbox::linux_watchdog {

class BoxGuard {
public:
    // `emit` sends an event through the supervisor (stamped and recorded there).
    BoxGuard(boost::asio::io_context& io, const SecurityPolicy& policy, std::function<void(Event)> emit,
             std::function<void(const std::string& reason)> terminate);

    // Feeds one emitted event (time_s stamped); only security events count. Call from the
    // supervisor's emit().
    void observe(const Event& event);
    // The kernel refused a fork at the pids limit (a fork storm sign).
    void observe_pids_limit(double time_s);

    // Starts the watchdog on the box whose init is `init_pid`. `cgroup_members` lists the box
    // cgroup's pids (empty function without a cgroup); `now_s` gives the run's clock for fork
    // events. A box that cannot be watched adds a sentence to `degraded` instead.
    void start_watchdog(int init_pid, std::function<std::vector<int>()> cgroup_members,
                        std::function<double()> now_s, std::vector<std::string>& degraded);
    // Stops the watchdog (call when the init has exited, before the cgroup goes).
    void stop();

    const BreachSummary& summary() const { return detector_.summary(); }
    std::string summary_json() const { return detector_.summary().to_json(); }

private:
    void act(const BreachDetector::Outcome& outcome);

    boost::asio::io_context& io_;
    const BreachResponse response_;
    std::function<void(Event)> emit_;
    std::function<void(const std::string&)> terminate_;
    BreachDetector detector_;
    std::unique_ptr<Watchdog> watchdog_;
    bool terminated_ = false;
};

}  // namespace sandbox::linux_watchdog
