// The dashboard's screens, drawn from a DashboardModel onto a Canvas. draw_screen() is the
// whole picture; the others draw one view into the rows between the tab line and the key line.
#pragma once

#include "canvas.hpp"
#include "dashboard_model.hpp"

#include <string>

namespace sandbox_cli::dashboard {

// The smallest screen every view is laid out for.
constexpr int min_rows = 24;
constexpr int min_cols = 80;

// Title bar, view tabs, the current view, the key line, and the help box when it is open.
void draw_screen(Canvas& canvas, const DashboardModel& model, const std::string& source_title);

// Each draws rows [top, bottom] of the canvas.
void draw_resources_view(Canvas& canvas, const DashboardModel& model, int top, int bottom);
void draw_security_view(Canvas& canvas, const DashboardModel& model, int top, int bottom);
void draw_events_view(Canvas& canvas, const DashboardModel& model, int top, int bottom);

}  // namespace sandbox_cli::dashboard
