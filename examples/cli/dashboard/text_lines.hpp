// The dashboard's fallback when stdout is not a terminal: one text line per sample.
#pragma once

#include "dashboard_model.hpp"
#include "dashboard_source.hpp"
#include "loop_result.hpp"

#include <boost/asio/io_context.hpp>

#include <string>

namespace sandbox_cli::dashboard {

// "pid=1234 cpu=12.5% mem=10.2MiB peak=11.0MiB procs=3 threads=5 fds=12 net_rx=0B net_tx=0B"
// for the run's latest sample; a run of a Sandbox adds "run=N" after the pid.
std::string sample_line(const RunState& run);

// Starts `source` and prints a line to stdout for every sample of every run until the source
// ends or SIGINT/SIGTERM comes. Runs `io` from this thread meanwhile; stops the source before
// it returns or throws.
LoopResult run_text_lines(boost::asio::io_context& io, DashboardSource& source, DashboardModel& model);

}  // namespace sandbox_cli::dashboard
