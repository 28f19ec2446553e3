// BreachDetector: turns the stream of security events of one run into a decision (nothing,
// alert, terminate) and a summary. Pure logic: no I/O, no clock of its own (it uses the
// events' time_s), so the supervisor feeds it from emit() and tests feed it directly.
#pragma once

#include <sandbox/event.hpp>
#include <sandbox/export.hpp>
#include <sandbox/policy.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox {

// Type and severity of a raw observation, from DESIGN.md's vocabulary. The action (allowed,
// denied, killed) is decided by whoever enforced it, not here.
struct Classification {
    SecurityEventType type = SecurityEventType::syscall;
    Severity severity = Severity::low;
};

// Classifies a system call the box attempted; `target` is its path or "host:port" when it has
// one ("" otherwise). A sensitive path raises a file access to high.
SANDBOX_API Classification classify_syscall(std::string_view syscall, std::string_view target = "");
// True for host paths a probing program looks for (/etc/shadow, /root, /proc/<pid>/mem, ...).
SANDBOX_API bool is_sensitive_path(std::string_view path);

enum class BreachDecision { none, alert, terminate };
SANDBOX_API std::string_view to_string(BreachDecision decision);

// "count events at or above min_severity within window_s seconds".
struct BreachThreshold {
    std::uint32_t count = 0;  // 0 disables the rule
    Severity min_severity = Severity::high;
    double window_s = 10;
};

struct BreachRules {
    BreachThreshold alert{3, Severity::medium, 10};
    // Raises terminate, which BreachResponse::report turns into an alert.
    BreachThreshold terminate{10, Severity::high, 10};
    // Patterns (0 disables one). Each is detected once per run.
    std::uint32_t port_scan_targets = 5;  // distinct denied network targets
    std::uint32_t probing_paths = 4;      // distinct denied sensitive paths
    std::uint32_t forks_per_second = 100; // forks within any 1 s window
    std::uint32_t kill_attempts = 3;      // denied signals to processes outside the box

    // Throws PolicyError naming the first impossible value.
    SANDBOX_API void validate() const;
};

// One (type, target) pair seen during the run.
struct BreachEntry {
    SecurityEventType type = SecurityEventType::process;
    std::string target;
    std::uint64_t count = 0;
    double first_seen_s = 0;
    double last_seen_s = 0;
    Severity max_severity = Severity::info;
};

// A pattern of many events that is a breach as a whole.
struct BreachPattern {
    std::string name;  // "port_scan", "probing", "fork_storm", "kill_attempts"
    Severity severity = Severity::high;
    double time_s = 0;  // when it was recognised
};

struct BreachSummary {
    std::uint64_t total_events = 0;
    std::map<SecurityEventType, std::uint64_t> by_type;
    std::map<Severity, std::uint64_t> by_severity;
    std::vector<BreachEntry> entries;   // ordered by first sighting
    std::vector<BreachPattern> patterns;
    BreachDecision decision = BreachDecision::none;  // the strongest decision taken
    std::string reason;                              // why, "" when none

    // {"total_events":..,"by_type":{..},"by_severity":{..},"entries":[..],"patterns":[..],
    //  "decision":"..","reason":".."}
    SANDBOX_API std::string to_json() const;
};

class SANDBOX_API BreachDetector {
public:
    // Throws PolicyError for invalid rules.
    explicit BreachDetector(BreachResponse response, BreachRules rules = {});

    struct Outcome {
        BreachDecision decision = BreachDecision::none;
        std::string reason;  // what crossed the line, "" when none
    };

    // Feeds one event. Only security events count; others return none. The event's target is
    // labels["target"] when set, else its detail.
    Outcome observe(const Event& event);
    // A process of the box forked at `time_s` (from the watchdog's proc connector).
    Outcome observe_fork(double time_s);
    // The kernel refused a fork at the pids limit.
    Outcome observe_pids_limit(double time_s);

    const BreachSummary& summary() const { return summary_; }

private:
    // A threshold counts the events it has not yet fired on.
    struct Window {
        std::deque<std::pair<double, Severity>> events;  // (time_s, severity) within the window
    };
    void aggregate(const Event& event, const std::string& target);
    Outcome per_event(const Event& event, const std::string& target) const;
    Outcome threshold(const BreachThreshold& rule, Window& window, const Event& event, BreachDecision decision);
    Outcome patterns_after(const Event& event, const std::string& target);
    Outcome pattern(const char* name, Severity severity, double time_s, std::string reason);
    Outcome record(Outcome outcome);

    BreachResponse response_;
    BreachRules rules_;
    BreachSummary summary_;
    std::map<std::pair<SecurityEventType, std::string>, std::size_t> entry_index_;
    Window alert_window_, terminate_window_;
    std::deque<double> forks_;  // fork times within the last second
    std::set<std::string> denied_network_targets_, denied_sensitive_paths_;
    std::uint64_t kill_attempts_ = 0;
};

}  // namespace sandbox
