// The dashboard's keys, applied to the model. Pure: no drawing, so the key map can be read
// (and changed) in one place.
#pragma once

#include "dashboard_model.hpp"

namespace sandbox_cli::dashboard {

enum class KeyOutcome {
    redraw,  // the view or the selection changed
    resize,  // the terminal changed size: measure it again, then redraw
    quit,
};

// `key` is what ncurses' getch() returned (a character or a KEY_* code).
KeyOutcome handle_key(DashboardModel& model, int key);

}  // namespace sandbox_cli::dashboard
