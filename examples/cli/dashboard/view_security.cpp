// Security: breach counts by type and by severity, the breach summary, the recent events.
#include "format.hpp"
#include "views.hpp"

#include <sandbox/breach.hpp>

#include <array>
#include <cstdio>
#include <string>

namespace sandbox_cli::dashboard {
namespace {

constexpr std::array<sandbox::SecurityEventType, 7> all_types = {
    sandbox::SecurityEventType::file_access, sandbox::SecurityEventType::network, sandbox::SecurityEventType::process,
    sandbox::SecurityEventType::privilege,   sandbox::SecurityEventType::resource, sandbox::SecurityEventType::escape,
    sandbox::SecurityEventType::syscall};
constexpr std::array<sandbox::Severity, 5> all_severities = {sandbox::Severity::info, sandbox::Severity::low,
                                                             sandbox::Severity::medium, sandbox::Severity::high,
                                                             sandbox::Severity::critical};

template <typename Key>
std::uint64_t count_of(const std::map<Key, std::uint64_t>& counts, Key key) {
    auto it = counts.find(key);
    return it == counts.end() ? 0 : it->second;
}

Style severity_style(sandbox::Severity severity) {
    switch (severity) {
        case sandbox::Severity::info:
        case sandbox::Severity::low: return Style::normal;
        case sandbox::Severity::medium: return Style::warn;
        case sandbox::Severity::high:
        case sandbox::Severity::critical: return Style::bad;
    }
    return Style::normal;
}

std::string counted(std::string_view name, std::uint64_t count) {
    char line[64];
    std::snprintf(line, sizeof line, "  %-12.*s %6llu", static_cast<int>(name.size()), name.data(),
                  static_cast<unsigned long long>(count));
    return line;
}

}  // namespace

void draw_security_view(Canvas& canvas, const DashboardModel& model, int top, int bottom) {
    const sandbox::BreachSummary& summary = model.breach_summary();
    canvas.text(top, 0, "Breaches by type", Style::heading);
    canvas.text(top, 30, "by severity", Style::heading);
    for (std::size_t i = 0; i < all_types.size(); ++i) {
        canvas.text(top + 1 + static_cast<int>(i), 0, counted(sandbox::to_string(all_types[i]), count_of(summary.by_type, all_types[i])));
    }
    for (std::size_t i = 0; i < all_severities.size(); ++i) {
        const auto severity = all_severities[i];
        const auto count = count_of(summary.by_severity, severity);
        canvas.text(top + 1 + static_cast<int>(i), 30, counted(sandbox::to_string(severity), count),
                    count > 0 ? severity_style(severity) : Style::normal);
    }

    int row = top + 1 + static_cast<int>(all_types.size()) + 1;
    canvas.text(row++, 0, "Breach summary", Style::heading);
    std::string decision = "total " + std::to_string(summary.total_events) + " events, decision " +
                           std::string(sandbox::to_string(summary.decision));
    if (!summary.reason.empty()) decision += ": " + summary.reason;
    canvas.text(row++, 2, decision, summary.decision == sandbox::BreachDecision::none ? Style::normal : Style::bad);
    std::string patterns = "patterns:";
    for (const auto& pattern : summary.patterns) {
        patterns += " " + pattern.name + " (" + std::string(sandbox::to_string(pattern.severity)) + ")";
    }
    if (summary.patterns.empty()) patterns += " none";
    canvas.text(row++, 2, patterns);

    ++row;
    canvas.text(row++, 0, "Recent security events", Style::heading);
    const auto events = model.security_events();
    const int room = bottom - row + 1;
    if (events.empty()) {
        canvas.text(row, 2, "none so far", Style::dim);
        return;
    }
    const std::size_t first = events.size() > static_cast<std::size_t>(room) ? events.size() - static_cast<std::size_t>(room) : 0;
    for (std::size_t i = first; i < events.size(); ++i) {
        canvas.text(row++, 0, event_line(*events[i]), severity_style(events[i]->severity));
    }
}

}  // namespace sandbox_cli::dashboard
