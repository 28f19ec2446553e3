// The interactive dashboard: ncurses screen, keys, resize, redraw, SIGINT/SIGTERM.
#pragma once

#include "dashboard_model.hpp"
#include "dashboard_source.hpp"
#include "loop_result.hpp"

#include <boost/asio/io_context.hpp>

namespace sandbox_cli::dashboard {

// Starts `source` and shows it until the user quits, the source ends, or SIGINT/SIGTERM
// comes. Runs `io` from this thread meanwhile. Before it returns or throws, the source is
// stopped and the terminal restored. Other work on `io` (a run being killed) may remain.
LoopResult run_dashboard(boost::asio::io_context& io, DashboardSource& source, DashboardModel& model);

}  // namespace sandbox_cli::dashboard
