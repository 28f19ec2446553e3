#include "input.hpp"

#define NCURSES_NOMACROS
#include <curses.h>

#include <string>

namespace sandbox_cli::dashboard {
namespace {

constexpr int key_escape = 27;
constexpr int key_delete = 127;
constexpr int key_ctrl_h = 8;
constexpr int page = 10;

// While a filter is typed after '/', keys edit it.
KeyOutcome edit_filter(DashboardModel& model, int key) {
    Interaction& ui = model.ui();
    std::string& draft = *ui.filter_draft;
    if (key == '\n' || key == '\r' || key == KEY_ENTER) {
        ui.filter = draft;
        ui.filter_draft.reset();
        ui.event_scroll = 0;
    } else if (key == key_escape) {
        ui.filter.clear();
        ui.filter_draft.reset();
        ui.event_scroll = 0;
    } else if (key == KEY_BACKSPACE || key == key_delete || key == key_ctrl_h) {
        if (!draft.empty()) draft.pop_back();
    } else if (key >= ' ' && key < key_delete) {
        draft.push_back(static_cast<char>(key));
    }
    return KeyOutcome::redraw;
}

// Up and down move the process selection, or scroll the log in the Events view.
void move(DashboardModel& model, int rows) {
    if (model.ui().view == View::events) {
        model.scroll_events(-rows);  // down shows newer events
    } else {
        model.move_selection(rows);
    }
}

}  // namespace

KeyOutcome handle_key(DashboardModel& model, int key) {
    Interaction& ui = model.ui();
    if (key == KEY_RESIZE) return KeyOutcome::resize;
    if (ui.help_visible) {
        ui.help_visible = false;
        return KeyOutcome::redraw;
    }
    if (ui.filter_draft) return edit_filter(model, key);
    switch (key) {
        case 'q':
        case 'Q': return KeyOutcome::quit;
        case '\t': model.next_view(); break;
        case KEY_UP: move(model, -1); break;
        case KEY_DOWN: move(model, 1); break;
        case KEY_PPAGE: move(model, -page); break;
        case KEY_NPAGE: move(model, page); break;
        case 'a': ui.auto_refresh = !ui.auto_refresh; break;
        case '/':
            ui.view = View::events;
            ui.filter_draft = ui.filter;
            break;
        case '?': ui.help_visible = true; break;
        default: break;  // 'r' and unknown keys: just draw again
    }
    return KeyOutcome::redraw;
}

}  // namespace sandbox_cli::dashboard
