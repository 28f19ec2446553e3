// The frame around every view: title bar, tabs, key line, help box, too-small notice.
#include "views.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace sandbox_cli::dashboard {
namespace {

constexpr std::array<View, 3> all_views = {View::resources, View::security, View::events};

void draw_tabs(Canvas& canvas, const DashboardModel& model, int row) {
    int x = 1;
    for (View view : all_views) {
        const bool current = view == model.ui().view;
        const std::string tab = current ? "[" + std::string(view_title(view)) + "]"
                                        : " " + std::string(view_title(view)) + " ";
        canvas.text(row, x, tab, current ? Style::selected : Style::normal);
        x += static_cast<int>(tab.size()) + 2;
    }
    const std::string refresh = model.ui().auto_refresh ? "auto-refresh on" : "auto-refresh OFF (r: refresh)";
    canvas.text(row, canvas.cols() - static_cast<int>(refresh.size()) - 1, refresh,
                model.ui().auto_refresh ? Style::dim : Style::warn);
}

void draw_help(Canvas& canvas) {
    static constexpr std::array<std::string_view, 12> lines = {
        "Keys",
        "",
        "Tab        next view (Resources, Security, Events)",
        "Up/Down    select a process / scroll the events",
        "PgUp/PgDn  move by a page",
        "/          filter the events (Enter keeps, Esc clears)",
        "r          refresh the screen now",
        "a          auto-refresh on/off",
        "?          this help (any key closes it)",
        "q          quit",
        "",
        "Ctrl-C or SIGTERM also quit and restore the terminal.",
    };
    const int width = 58;
    const int height = static_cast<int>(lines.size()) + 2;
    const int top = std::max(0, (canvas.rows() - height) / 2);
    const int left = std::max(0, (canvas.cols() - width) / 2);
    for (int row = 0; row < height; ++row) canvas.repeat(top + row, left, width, ' ', Style::title);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        canvas.text(top + 1 + static_cast<int>(i), left + 2, lines[i], Style::title);
    }
}

}  // namespace

void draw_screen(Canvas& canvas, const DashboardModel& model, const std::string& source_title) {
    if (canvas.rows() < min_rows || canvas.cols() < min_cols) {
        canvas.text(0, 0, "Too small: need 80x24, have " + std::to_string(canvas.cols()) + "x" +
                              std::to_string(canvas.rows()) + ".");
        canvas.text(1, 0, "Enlarge it, or press q.");
        return;
    }
    canvas.repeat(0, 0, canvas.cols(), ' ', Style::title);
    canvas.text(0, 1, "sandbox-cli dashboard: " + source_title, Style::title);
    draw_tabs(canvas, model, 1);
    const int top = 2;
    const int bottom = canvas.rows() - 2;
    switch (model.ui().view) {
        case View::resources: draw_resources_view(canvas, model, top, bottom); break;
        case View::security: draw_security_view(canvas, model, top, bottom); break;
        case View::events: draw_events_view(canvas, model, top, bottom); break;
    }
    canvas.text(canvas.rows() - 1, 0, "Tab view  Up/Down select  / filter  r refresh  a auto  ? help  q quit",
                Style::dim);
    if (model.ui().help_visible) draw_help(canvas);
}

}  // namespace sandbox_cli::dashboard
