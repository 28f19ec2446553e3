// Writing to stdout and stderr: whole buffers, no iostream formatting, checked for errors.
#pragma once

#include <sandbox/result.hpp>

#include <string_view>

namespace sandbox_cli {

// Writes all of `text`; a closed pipe or full disk ends the write silently (exit code
// stays the verdict's; there is no one left to tell).
void write_stdout(std::string_view text);
// "sandbox-cli: error: <message>" on stderr.
void print_error(std::string_view message);
// The readable report, or one JSON object on one line. The result's output is already
// capped by the policy, so this never floods the terminal beyond that cap.
void print_result(const sandbox::Result& result, bool json);

}  // namespace sandbox_cli
