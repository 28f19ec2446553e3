// `sandbox-cli lint FILE`: the advisory source linter (sandbox::lint_source) from the shell.
#pragma once

#include <string>
#include <vector>

namespace sandbox_cli {

// Exit code 0 when the source is clean, 1 when there are findings. Throws UsageError (exit 2)
// for a missing file or a language the linter does not know.
int lint_command(const std::vector<std::string>& args);

}  // namespace sandbox_cli
