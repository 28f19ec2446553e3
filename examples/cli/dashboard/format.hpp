// Numbers as the dashboard and the text lines show them: binary units, one decimal.
#pragma once

#include <sandbox/event.hpp>

#include <cstdint>
#include <string>

namespace sandbox_cli::dashboard {

// 0B, 512B, 10.2KiB, 3.0MiB, 1.5GiB.
std::string format_bytes(double bytes);
// 12.5%
std::string format_percent(double percent);
// 0.42s, 12.3s, 3m05s
std::string format_seconds(double seconds);
// One line for the event log: "  12.34s security   high     denied  openat /etc/shadow (pid 42)".
// The Events filter matches against this text.
std::string event_line(const sandbox::Event& event);

}  // namespace sandbox_cli::dashboard
