#include "box_guard.hpp"

#include <sandbox/error.hpp>

namespace sandbox::linux_watchdog {

BoxGuard::BoxGuard(boost::asio::io_context& io, const SecurityPolicy& policy, std::function<void(Event)> emit,
                   std::function<void(const std::string&)> terminate)
    : io_(io),
      response_(policy.on_breach),
      emit_(std::move(emit)),
      terminate_(std::move(terminate)),
      detector_(policy.on_breach) {}

void BoxGuard::observe(const Event& event) { act(detector_.observe(event)); }

void BoxGuard::observe_pids_limit(double time_s) { act(detector_.observe_pids_limit(time_s)); }

void BoxGuard::act(const BreachDetector::Outcome& outcome) {
    if (outcome.decision == BreachDecision::none) return;
    bool ends_box = outcome.decision == BreachDecision::terminate && !terminated_;
    if (outcome.decision == BreachDecision::terminate && terminated_) return;
    Event e;
    e.kind = EventKind::watchdog;
    e.name = ends_box ? "breach_terminate" : "breach_alert";
    e.detail = outcome.reason;
    e.type = SecurityEventType::escape;
    e.severity = ends_box ? Severity::critical : Severity::high;
    e.action = ends_box ? EventAction::killed : EventAction::allowed;
    e.labels = {{"on_breach", std::string(to_string(response_))}};
    emit_(std::move(e));
    if (ends_box) {
        terminated_ = true;
        terminate_(outcome.reason);
    }
}

void BoxGuard::start_watchdog(int init_pid, std::function<std::vector<int>()> cgroup_members,
                              std::function<double()> now_s, std::vector<std::string>& degraded) {
    WatchdogOptions options;
    // Only a run the watchdog may end needs the 50 ms reaction; reporting runs scan less often.
    if (response_ == BreachResponse::report) options.interval = std::chrono::milliseconds(100);
    options.action = response_ == BreachResponse::report ? EventAction::allowed : EventAction::killed;
    WatchdogCallbacks callbacks;
    // A violation is a security event like any other: through the supervisor (which stamps
    // it and hands it back to observe()).
    callbacks.on_violation = [this](Event e) { emit_(std::move(e)); };
    callbacks.on_fork = [this, now_s] { act(detector_.observe_fork(now_s())); };
    callbacks.cgroup_members = std::move(cgroup_members);
    try {
        watchdog_ = linux_watchdog::start_watchdog(io_, init_pid, options, std::move(callbacks));
    } catch (const SetupError& e) {
        degraded.push_back(std::string("no watchdog: ") + e.what());
        return;
    }
    if (!watchdog_->degraded().empty()) degraded.push_back(watchdog_->degraded());
}

void BoxGuard::stop() {
    if (watchdog_) watchdog_->stop();
}

}  // namespace sandbox::linux_watchdog
