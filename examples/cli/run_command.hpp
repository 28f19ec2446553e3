// `sandbox-cli run`: runs a file or a command line in a box and prints the verdict.
#pragma once

#include <string>
#include <vector>

namespace sandbox_cli {

// Returns the process exit code (the program's, 128+signal, 2 usage, 125 setup).
// Throws UsageError for bad input, before anything is started.
int run_command(const std::vector<std::string>& args);

}  // namespace sandbox_cli
