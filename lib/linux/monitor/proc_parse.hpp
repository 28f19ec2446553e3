// Parsers for the /proc files the monitor reads. Pure functions over the files' text, so the
// unit tests feed them fixed strings.
#pragma once

#include "../../monitor/tree_reader.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sandbox::linux_monitor {

// The fields of /proc/PID/stat the monitor uses (see proc(5)). Times are in clock ticks.
struct StatFields {
    int pid = 0;
    std::string comm;
    char state = '?';
    int ppid = 0;
    std::uint64_t minflt = 0, majflt = 0;
    std::uint64_t utime = 0, stime = 0, cutime = 0, cstime = 0;
    std::uint64_t num_threads = 0;
    std::uint64_t starttime = 0;
    std::uint64_t rss_pages = 0;
};

// nullopt when the text is not a stat line (truncated, or the process vanished mid-read).
std::optional<StatFields> parse_stat(std::string_view text);

// A "Key:   123 kB" line of /proc/PID/status, in bytes; nullopt when absent.
std::optional<std::uint64_t> parse_status_kb(std::string_view text, std::string_view key);

struct IoFields {
    std::uint64_t read_bytes = 0;
    std::uint64_t write_bytes = 0;
};
// read_bytes and write_bytes of /proc/PID/io; nullopt when either is missing.
std::optional<IoFields> parse_io(std::string_view text);

// The sum over every interface of /proc/PID/net/dev; nullopt when no interface line parses.
std::optional<monitor_detail::NetCounters> parse_net_dev(std::string_view text);

// /proc/PID/cmdline (NUL-separated) as one line with spaces.
std::string cmdline_to_text(std::string_view raw);

}  // namespace sandbox::linux_monitor
