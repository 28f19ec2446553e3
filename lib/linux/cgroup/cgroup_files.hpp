// Small helpers for reading and writing cgroupfs interface files. Every failure names the
// file and the errno, so a refused limit write says which knob and why.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sandbox::linux_box::cgroupfs {

// The whole file at `path`; nullopt when it cannot be opened or read.
std::optional<std::string> read_file(const std::string& path);
// The whole file `name` relative to `dir_fd`; nullopt when it cannot be opened or read.
std::optional<std::string> read_at(int dir_fd, const char* name);

// Writes `value` to the existing file `name` under `dir_fd` in one write(); returns 0 or the
// errno of the failing open/write.
int write_at(int dir_fd, const char* name, const std::string& value);
// Same for an absolute path.
int write_file(const std::string& path, const std::string& value);

// Parses "key value" lines (memory.events, cpu.stat, pids.events, cgroup.events, ...).
std::map<std::string, std::uint64_t> parse_flat_keyed(const std::string& text);
// The first unsigned number in `text` ("123\n"); nullopt for "max" or garbage.
std::optional<std::uint64_t> parse_u64(const std::string& text);
// Whitespace-separated words ("cpu memory pids\n").
std::vector<std::string> split_words(const std::string& text);
// Every pid listed one per line (tasks, cgroup.procs).
std::vector<int> parse_pids(const std::string& text);

// "Operation not permitted (errno 1)".
std::string errno_text(int err);

// Removes the directory `path`, retrying while the kernel still reports it busy (a v1 memory
// group going offline); true when it is gone.
bool remove_dir(const std::string& path);

}  // namespace sandbox::linux_box::cgroupfs
