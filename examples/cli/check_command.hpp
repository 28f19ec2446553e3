// `sandbox-cli check`: tells what this host's kernel offers the sandbox.
#pragma once

#include <string>
#include <vector>

namespace sandbox_cli {

// Returns the process exit code. Throws UsageError for bad arguments.
int check_command(const std::vector<std::string>& args);

}  // namespace sandbox_cli
