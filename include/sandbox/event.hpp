// Event: the one record type that flows from the supervisor to every sink.
#pragma once

#include <sandbox/export.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace sandbox {

enum class EventKind {
    lifecycle,        // started, exited, cleaned up
    resource_sample,  // a monitor sample
    limit_violation,  // a limit was hit
    security,         // a security event (type, severity, action)
    watchdog,         // the watchdog acted
};

enum class SecurityEventType { file_access, network, process, privilege, resource, escape, syscall };
enum class Severity { info, low, medium, high, critical };
enum class EventAction { allowed, denied, killed };

SANDBOX_API std::string_view to_string(EventKind kind);
SANDBOX_API std::string_view to_string(SecurityEventType type);
SANDBOX_API std::string_view to_string(Severity severity);
SANDBOX_API std::string_view to_string(EventAction action);

struct Event {
    EventKind kind = EventKind::lifecycle;
    double time_s = 0;       // seconds since the run started
    std::uint64_t run_id = 0;
    std::string name;        // e.g. "started", "exited", "memory", "output"
    std::string detail;      // human text
    int pid = 0;             // host pid it concerns, 0 when none
    // For security events.
    SecurityEventType type = SecurityEventType::process;
    Severity severity = Severity::info;
    EventAction action = EventAction::allowed;
    std::string syscall;
    // Numbers attached to the event (resource samples: "cpu_s", "memory_bytes", ...).
    std::map<std::string, double> values;
    // Words attached to the event ("status" and "runtime" of an ended run, ...).
    std::map<std::string, std::string> labels;

    SANDBOX_API std::string to_json() const;
};

// A sink receives every event of the runs it is attached to, on the supervisor's thread.
// It must not block: queue and return.
using EventSink = std::function<void(const Event&)>;

}  // namespace sandbox
