// Reading /proc files relative to a process's /proc/PID directory fd: one openat per file,
// no path walk from /, and a dirfd of a dead process keeps failing even if its pid is reused.
#pragma once

#include "../box/unique_fd.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace sandbox::linux_monitor {

// Reads the whole file `name` under `dirfd` into `out`. False when it cannot be opened or read
// (the process is gone, or the file is not readable).
bool read_file_at(int dirfd, const char* name, std::string& out);

// How a /proc or cgroupfs file is generated: as one record (a stat line, a counter; the kernel
// formats it whole, so a read shorter than asked is its end) or as many (cgroup.procs,
// net/dev: a short read may only mean the kernel's page-sized buffer was full).
enum class Records { one, many };

// Reads the whole of the open file `fd` from offset 0 into `out` (pread: the file position is
// not used, so a kept /proc or cgroupfs file is regenerated at each call). A one-record file
// shorter than 4 KiB takes a single pread, not a second one to see the end. False on an error.
bool pread_whole(int fd, Records records, std::string& out);

// A /proc file kept open between samples and re-read from offset 0 with pread: the kernel
// regenerates it on each read, and this saves the open (a path lookup and a permission check)
// and the close of every sample. Once the process is gone the read fails.
class KeptFile {
public:
    explicit KeptFile(Records records) : records_(records) {}

    // Reads `name` under `dirfd`; keeps it open for the next time when `keep` is true.
    bool read(int dirfd, const char* name, bool keep, std::string& out);
    bool is_open() const { return fd_.get() >= 0; }

private:
    Records records_;
    linux_box::UniqueFd fd_;
};

// The number of open descriptors of a process: the size the kernel reports for its fd
// directory (Linux >= 6.2), or a count of its entries on older kernels. `fd_dir` is that
// directory kept open (O_DIRECTORY), or -1 to look it up under `dirfd` (/proc/PID).
std::optional<std::uint64_t> count_fds_at(int dirfd, int fd_dir);

// How many of its descriptors are sockets (one readlink per descriptor).
std::optional<std::uint64_t> count_sockets_at(int dirfd);

}  // namespace sandbox::linux_monitor
