// BreachDetector: per-event rules of the BreachResponse, sliding-window thresholds and
// patterns over the run's security events.
#include <sandbox/breach.hpp>
#include <sandbox/error.hpp>

#include <algorithm>
#include <array>

namespace sandbox {
namespace {

bool is_denial(const Event& e) { return e.action == EventAction::denied || e.action == EventAction::killed; }

bool is_signal_call(std::string_view syscall) {
    constexpr std::array calls = {std::string_view{"kill"}, std::string_view{"tkill"}, std::string_view{"tgkill"},
                                  std::string_view{"pidfd_send_signal"}};
    return std::find(calls.begin(), calls.end(), syscall) != calls.end();
}

std::string target_of(const Event& e) {
    auto it = e.labels.find("target");
    return it != e.labels.end() ? it->second : e.detail;
}

std::string describe(const Event& e, const std::string& target) {
    std::string text = std::string(to_string(e.severity)) + " " + std::string(to_string(e.type)) + " event (" +
                       std::string(to_string(e.action));
    if (!e.syscall.empty()) text += ", " + e.syscall;
    text += ")";
    if (!target.empty()) text += ": " + target;
    return text;
}

void check_threshold(const BreachThreshold& rule, const char* name) {
    if (rule.count > 0 && !(rule.window_s > 0))
        throw PolicyError(std::string("breach rule '") + name + "': window_s must be > 0 when count is set");
}

}  // namespace

std::string_view to_string(BreachDecision decision) {
    switch (decision) {
        case BreachDecision::none: return "none";
        case BreachDecision::alert: return "alert";
        case BreachDecision::terminate: return "terminate";
    }
    return "unknown";
}

void BreachRules::validate() const {
    check_threshold(alert, "alert");
    check_threshold(terminate, "terminate");
}

BreachDetector::BreachDetector(BreachResponse response, BreachRules rules)
    : response_(response), rules_(std::move(rules)) {
    rules_.validate();
}

BreachDetector::Outcome BreachDetector::observe(const Event& event) {
    if (event.kind != EventKind::security) return {};
    std::string target = target_of(event);
    aggregate(event, target);

    // Every rule sees the event (so windows and patterns stay current); the strongest wins,
    // the first of equals.
    std::array outcomes = {
        per_event(event, target),
        threshold(rules_.alert, alert_window_, event, BreachDecision::alert),
        threshold(rules_.terminate, terminate_window_, event, BreachDecision::terminate),
        patterns_after(event, target),
    };
    Outcome strongest;
    for (auto& o : outcomes)
        if (o.decision > strongest.decision) strongest = std::move(o);
    return record(std::move(strongest));
}

void BreachDetector::aggregate(const Event& event, const std::string& target) {
    ++summary_.total_events;
    ++summary_.by_type[event.type];
    ++summary_.by_severity[event.severity];
    auto [it, inserted] = entry_index_.try_emplace({event.type, target}, summary_.entries.size());
    if (inserted) summary_.entries.push_back({event.type, target, 0, event.time_s, event.time_s, event.severity});
    BreachEntry& entry = summary_.entries[it->second];
    ++entry.count;
    entry.first_seen_s = std::min(entry.first_seen_s, event.time_s);
    entry.last_seen_s = std::max(entry.last_seen_s, event.time_s);
    entry.max_severity = std::max(entry.max_severity, event.severity);
}

BreachDetector::Outcome BreachDetector::per_event(const Event& event, const std::string& target) const {
    switch (response_) {
        case BreachResponse::terminate:
            if (is_denial(event) || event.severity == Severity::critical)
                return {BreachDecision::terminate, describe(event, target) + " under on_breach=terminate"};
            break;
        case BreachResponse::terminate_on_critical:
            if (event.severity == Severity::critical)
                return {BreachDecision::terminate, describe(event, target)};
            break;
        case BreachResponse::report:
            if (event.severity == Severity::critical) return {BreachDecision::alert, describe(event, target)};
            break;
    }
    return {};
}

BreachDetector::Outcome BreachDetector::threshold(const BreachThreshold& rule, Window& window, const Event& event,
                                                  BreachDecision decision) {
    if (rule.count == 0 || event.severity < rule.min_severity) return {};
    window.events.emplace_back(event.time_s, event.severity);
    while (!window.events.empty() && window.events.front().first < event.time_s - rule.window_s)
        window.events.pop_front();
    if (window.events.size() < rule.count) return {};
    // The events counted are consumed: the rule fires again only on as many new ones.
    window.events.clear();
    if (response_ == BreachResponse::report) decision = BreachDecision::alert;
    return {decision, std::to_string(rule.count) + " security events at or above " +
                          std::string(to_string(rule.min_severity)) + " within " + std::to_string(rule.window_s) +
                          " s"};
}

BreachDetector::Outcome BreachDetector::patterns_after(const Event& event, const std::string& target) {
    if (!is_denial(event)) return {};
    if (event.type == SecurityEventType::network && rules_.port_scan_targets > 0) {
        denied_network_targets_.insert(target);
        if (denied_network_targets_.size() == rules_.port_scan_targets)
            return pattern("port_scan", Severity::high, event.time_s,
                           "port scan: " + std::to_string(rules_.port_scan_targets) + " distinct network targets denied");
    }
    if (event.type == SecurityEventType::file_access && rules_.probing_paths > 0 && is_sensitive_path(target)) {
        denied_sensitive_paths_.insert(target);
        if (denied_sensitive_paths_.size() == rules_.probing_paths)
            return pattern("probing", Severity::high, event.time_s,
                           "probing: " + std::to_string(rules_.probing_paths) + " distinct sensitive paths denied");
    }
    if (is_signal_call(event.syscall) && rules_.kill_attempts > 0) {
        ++kill_attempts_;
        if (kill_attempts_ == rules_.kill_attempts)
            return pattern("kill_attempts", Severity::high, event.time_s,
                           std::to_string(rules_.kill_attempts) + " signals to processes outside the box denied");
    }
    return {};
}

BreachDetector::Outcome BreachDetector::observe_fork(double time_s) {
    if (rules_.forks_per_second == 0) return {};
    forks_.push_back(time_s);
    while (!forks_.empty() && forks_.front() <= time_s - 1.0) forks_.pop_front();
    if (forks_.size() <= rules_.forks_per_second) return {};
    forks_.clear();
    return record(pattern("fork_storm", Severity::medium, time_s,
                          "fork storm: more than " + std::to_string(rules_.forks_per_second) + " forks within 1 s"));
}

BreachDetector::Outcome BreachDetector::observe_pids_limit(double time_s) {
    return record(pattern("fork_storm", Severity::medium, time_s, "fork storm: the pids limit refused a fork"));
}

BreachDetector::Outcome BreachDetector::pattern(const char* name, Severity severity, double time_s,
                                                std::string reason) {
    bool seen = std::any_of(summary_.patterns.begin(), summary_.patterns.end(),
                            [&](const BreachPattern& p) { return p.name == name; });
    if (seen) return {};
    summary_.patterns.push_back({name, severity, time_s});
    BreachDecision decision = response_ == BreachResponse::terminate ? BreachDecision::terminate : BreachDecision::alert;
    return {decision, std::move(reason)};
}

BreachDetector::Outcome BreachDetector::record(Outcome outcome) {
    if (outcome.decision > summary_.decision) {
        summary_.decision = outcome.decision;
        summary_.reason = outcome.reason;
    }
    return outcome;
}

}  // namespace sandbox
