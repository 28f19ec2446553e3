#include "event_json.hpp"

#include <boost/json.hpp>

#include <stdexcept>
#include <string>

namespace sandbox_cli::serve {

namespace json = boost::json;

namespace {

const json::value& field(const json::object& object, const char* key) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr) throw std::invalid_argument(std::string("event without \"") + key + "\"");
    return *value;
}

std::string text_of(const json::object& object, const char* key) {
    const json::value& value = field(object, key);
    if (!value.is_string()) throw std::invalid_argument(std::string("event \"") + key + "\" is not a string");
    return std::string(value.get_string());
}

double number_of(const json::value& value, const std::string& key) {
    if (value.is_double()) return value.get_double();
    if (value.is_int64()) return static_cast<double>(value.get_int64());
    if (value.is_uint64()) return static_cast<double>(value.get_uint64());
    throw std::invalid_argument("event \"" + key + "\" is not a number");
}

// The enum value whose to_string is `word`; `last` is the enum's last value.
template <typename Enum>
Enum word_of(const json::object& object, const char* key, Enum last) {
    std::string word = text_of(object, key);
    for (int i = 0; i <= static_cast<int>(last); ++i) {
        if (sandbox::to_string(static_cast<Enum>(i)) == word) return static_cast<Enum>(i);
    }
    throw std::invalid_argument(std::string("event \"") + key + "\" has an unknown value '" + word + "'");
}

}  // namespace

sandbox::Event event_from_json(const json::value& value) {
    if (!value.is_object()) throw std::invalid_argument("event is not a JSON object");
    const json::object& object = value.get_object();
    sandbox::Event event;
    event.kind = word_of(object, "kind", sandbox::EventKind::watchdog);
    event.time_s = number_of(field(object, "time"), "time");
    event.run_id = static_cast<std::uint64_t>(number_of(field(object, "run_id"), "run_id"));
    event.name = text_of(object, "name");
    event.detail = text_of(object, "detail");
    event.pid = static_cast<int>(number_of(field(object, "pid"), "pid"));
    if (object.contains("type")) {
        event.type = word_of(object, "type", sandbox::SecurityEventType::syscall);
        event.severity = word_of(object, "severity", sandbox::Severity::critical);
        event.action = word_of(object, "action", sandbox::EventAction::killed);
        event.syscall = text_of(object, "syscall");
    }
    if (const json::value* values = object.if_contains("values")) {
        if (!values->is_object()) throw std::invalid_argument("event \"values\" is not an object");
        for (const auto& [key, number] : values->get_object())
            event.values[std::string(key)] = number_of(number, "values." + std::string(key));
    }
    if (const json::value* labels = object.if_contains("labels")) {
        if (!labels->is_object()) throw std::invalid_argument("event \"labels\" is not an object");
        for (const auto& [key, word] : labels->get_object()) {
            if (!word.is_string()) throw std::invalid_argument("event \"labels." + std::string(key) + "\" is not a string");
            event.labels[std::string(key)] = std::string(word.get_string());
        }
    }
    return event;
}

}  // namespace sandbox_cli::serve
