// Writing to stdout and stderr: whole buffers, no iostream formatting, checked for errors.
#pragma once

#include <sandbox/result.hpp>

#include <string>
#include <string_view>

namespace sandbox_cli {

// Writes all of `text`; a closed pipe or full disk ends the write silently (exit code
// stays the verdict's; there is no one left to tell).
void write_stdout(std::string_view text);
// "sandbox-cli VERSION" on stdout.
void print_version();
// "sandbox-cli: error: <message>" on stderr.
void print_error(std::string_view message);
// The readable report, or one JSON object on one line. The result's output is already
// capped by the policy, so this never floods the terminal beyond that cap.
void print_result(const sandbox::Result& result, bool json);

// Colour only when stdout is a terminal and NO_COLOR is unset or empty (no-color.org).
bool stdout_wants_colour();
enum class Colour { green, yellow, red };
// `text` between the ANSI codes of `colour` and a reset.
std::string coloured(std::string_view text, Colour colour);

}  // namespace sandbox_cli
