// Event: names of the vocabulary and the JSON form used by the event log and the bindings.
#include "utf8.hpp"

#include <sandbox/event.hpp>

#include <boost/json.hpp>

namespace sandbox {

std::string_view to_string(EventKind kind) {
    switch (kind) {
        case EventKind::lifecycle: return "lifecycle";
        case EventKind::resource_sample: return "resource_sample";
        case EventKind::limit_violation: return "limit_violation";
        case EventKind::security: return "security";
        case EventKind::watchdog: return "watchdog";
    }
    return "unknown";
}

std::string_view to_string(SecurityEventType type) {
    switch (type) {
        case SecurityEventType::file_access: return "file_access";
        case SecurityEventType::network: return "network";
        case SecurityEventType::process: return "process";
        case SecurityEventType::privilege: return "privilege";
        case SecurityEventType::resource: return "resource";
        case SecurityEventType::escape: return "escape";
        case SecurityEventType::syscall: return "syscall";
    }
    return "unknown";
}

std::string_view to_string(Severity severity) {
    switch (severity) {
        case Severity::info: return "info";
        case Severity::low: return "low";
        case Severity::medium: return "medium";
        case Severity::high: return "high";
        case Severity::critical: return "critical";
    }
    return "unknown";
}

std::string_view to_string(EventAction action) {
    switch (action) {
        case EventAction::allowed: return "allowed";
        case EventAction::denied: return "denied";
        case EventAction::killed: return "killed";
    }
    return "unknown";
}

std::string Event::to_json() const {
    boost::json::object obj{
        {"kind", to_string(kind)},
        {"time", time_s},
        {"run_id", run_id},
        {"name", name},
        {"detail", to_valid_utf8(detail)},
        {"pid", pid},
    };
    if (kind == EventKind::security || kind == EventKind::watchdog) {
        obj["type"] = to_string(type);
        obj["severity"] = to_string(severity);
        obj["action"] = to_string(action);
        obj["syscall"] = syscall;
    }
    if (!values.empty()) {
        boost::json::object vals;
        for (const auto& [k, v] : values) vals[k] = v;
        obj["values"] = std::move(vals);
    }
    if (!labels.empty()) {
        boost::json::object words;
        for (const auto& [k, v] : labels) words[k] = to_valid_utf8(v);
        obj["labels"] = std::move(words);
    }
    return boost::json::serialize(obj);
}

}  // namespace sandbox
