// Reading /proc files relative to a process's /proc/PID directory fd: one openat per file,
// no path walk from /, and a dirfd of a dead process keeps failing even if its pid is reused.
#pragma once

#include <cstdint>
#include <string>

namespace sandbox::linux_monitor {

// Reads the whole file `name` under `dirfd` into `out`. False when it cannot be opened or read
// (the process is gone, or the file is not readable).
bool read_file_at(int dirfd, const char* name, std::string& out);

struct FdCount {
    std::uint64_t fds = 0;
    std::uint64_t sockets = 0;
};
// Counts the entries of `dirfd`/fd and how many of them are sockets. False when unreadable.
bool count_fds_at(int dirfd, FdCount& out);

}  // namespace sandbox::linux_monitor
