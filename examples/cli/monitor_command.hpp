// `sandbox-cli monitor` and `run --monitor`: the terminal dashboard (examples/cli/dashboard/)
// for a host process tree or for a run, with one text line per sample when stdout is not a
// terminal.
#pragma once

#include <sandbox/sandbox.hpp>

#include <string>
#include <vector>

namespace sandbox_cli {

// `args` are the words after "monitor". Returns 0 when the tree exited or the user quit,
// 128+N after signal N. Throws UsageError for bad input (a pid that does not exist).
int monitor_command(const std::vector<std::string>& args);

// Runs `command` in `box` with the dashboard open (or the text lines), closes it when the run
// ends and returns the Result; quitting or SIGINT/SIGTERM kills the run first. Adds a sink and
// a monitor to `box`. Throws what Sandbox::start throws.
sandbox::Result run_with_monitor(sandbox::Sandbox& box, const sandbox::Command& command);

}  // namespace sandbox_cli
