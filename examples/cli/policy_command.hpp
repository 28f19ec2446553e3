// `sandbox-cli policy show LEVEL [--config FILE] [policy flags]`: the effective policy as JSON.
#pragma once

#include <string>
#include <vector>

namespace sandbox_cli {

// Prints SecurityPolicy::to_json() of the policy `run` would use with the same flags.
// Throws UsageError for an unknown subcommand, level or flag.
int policy_command(const std::vector<std::string>& args);

}  // namespace sandbox_cli
