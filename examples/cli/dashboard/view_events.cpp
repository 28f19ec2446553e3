// Events: the log of the runs' events (samples left out), newest at the bottom, filtered.
#include "format.hpp"
#include "views.hpp"

#include <string>

namespace sandbox_cli::dashboard {
namespace {

Style event_style(const sandbox::Event& event) {
    switch (event.kind) {
        case sandbox::EventKind::limit_violation:
        case sandbox::EventKind::watchdog: return Style::bad;
        case sandbox::EventKind::security:
            return event.severity >= sandbox::Severity::high ? Style::bad
                   : event.severity == sandbox::Severity::medium ? Style::warn
                                                                  : Style::normal;
        case sandbox::EventKind::resource_sample: return Style::warn;  // threshold warnings
        case sandbox::EventKind::lifecycle: return Style::normal;
    }
    return Style::normal;
}

}  // namespace

void draw_events_view(Canvas& canvas, const DashboardModel& model, int top, int bottom) {
    const Interaction& ui = model.ui();
    const auto events = model.filtered_events();
    if (ui.filter_draft) {
        canvas.text(top, 0, "Filter: " + *ui.filter_draft + "_   (Enter keeps, Esc clears)", Style::warn);
    } else {
        canvas.text(top, 0, ui.filter.empty() ? "Filter: none (/ to filter)" : "Filter: " + ui.filter, Style::heading);
    }
    const std::string count = std::to_string(events.size()) + " of " + std::to_string(model.events().size()) + " events";
    canvas.text(top, canvas.cols() - static_cast<int>(count.size()) - 1, count, Style::dim);

    const int rows = bottom - top;
    if (events.empty()) {
        canvas.text(top + 1, 2, ui.filter.empty() ? "no events yet" : "no event matches the filter", Style::dim);
        return;
    }
    // event_scroll counts lines up from the newest event.
    const std::size_t scroll = std::min(ui.event_scroll, events.size() - 1);
    const std::size_t end = events.size() - scroll;
    const std::size_t begin = end > static_cast<std::size_t>(rows) ? end - static_cast<std::size_t>(rows) : 0;
    for (std::size_t i = begin; i < end; ++i) {
        canvas.text(top + 1 + static_cast<int>(i - begin), 0, event_line(*events[i]), event_style(*events[i]));
    }
}

}  // namespace sandbox_cli::dashboard
