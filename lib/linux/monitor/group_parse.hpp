// Parsers for the cgroup counter files the monitor reads at every sample. Pure functions over
// the files' text (from_chars, no allocation), so the unit tests feed them fixed strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace sandbox::linux_monitor {

// A file holding one unsigned number and a newline (memory.current, cpuacct.usage_user, ...);
// nullopt for "max", an empty file or trailing garbage.
std::optional<std::uint64_t> parse_group_number(std::string_view text);

struct CpuStatUsec {
    std::uint64_t user = 0;
    std::uint64_t system = 0;
};
// user_usec and system_usec of a v2 cpu.stat ("key value" lines); nullopt when either is
// missing or not a number.
std::optional<CpuStatUsec> parse_cpu_stat_usec(std::string_view text);

// The pids of a cgroup.procs file, one per line, into `out` (cleared first; its capacity is
// reused). False, with `out` cleared, when a line is not a pid.
bool parse_group_pids(std::string_view text, std::vector<int>& out);

}  // namespace sandbox::linux_monitor
