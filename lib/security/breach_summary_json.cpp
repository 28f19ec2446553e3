// BreachSummary as JSON, the `breach_summary` object of a result.
#include "../utf8.hpp"

#include <sandbox/breach.hpp>

#include <boost/json.hpp>

namespace sandbox {

std::string BreachSummary::to_json() const {
    boost::json::object types;
    for (const auto& [type, count] : by_type) types[to_string(type)] = count;
    boost::json::object severities;
    for (const auto& [severity, count] : by_severity) severities[to_string(severity)] = count;
    boost::json::array entry_list;
    for (const auto& e : entries)
        entry_list.push_back(boost::json::object{{"type", to_string(e.type)},
                                                 {"target", to_valid_utf8(e.target)},
                                                 {"count", e.count},
                                                 {"first_seen", e.first_seen_s},
                                                 {"last_seen", e.last_seen_s},
                                                 {"max_severity", to_string(e.max_severity)}});
    boost::json::array pattern_list;
    for (const auto& p : patterns)
        pattern_list.push_back(
            boost::json::object{{"name", p.name}, {"severity", to_string(p.severity)}, {"time", p.time_s}});
    boost::json::object obj{
        {"total_events", total_events}, {"by_type", std::move(types)},
        {"by_severity", std::move(severities)}, {"entries", std::move(entry_list)},
        {"patterns", std::move(pattern_list)}, {"decision", to_string(decision)},
        {"reason", to_valid_utf8(reason)},
    };
    return boost::json::serialize(obj);
}

}  // namespace sandbox
