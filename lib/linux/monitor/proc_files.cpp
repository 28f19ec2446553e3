#include "proc_files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sandbox::linux_monitor {
namespace {

// Calls `visit(fd_dir, name)` for each entry of `dirfd`/fd. False when unreadable.
template <typename Visit>
bool for_each_fd(int dirfd, Visit visit) {
    int fd = ::openat(dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    DIR* dir = ::fdopendir(fd);
    if (!dir) {
        ::close(fd);
        return false;
    }
    while (dirent* entry = ::readdir(dir))
        if (entry->d_name[0] != '.') visit(fd, entry->d_name);
    ::closedir(dir);  // closes fd too
    return true;
}

}  // namespace

bool read_file_at(int dirfd, const char* name, std::string& out) {
    linux_box::UniqueFd fd(::openat(dirfd, name, O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return false;
    out.clear();
    char chunk[4096];
    for (;;) {
        ssize_t n = ::read(fd.get(), chunk, sizeof chunk);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (n == 0) return true;
        out.append(chunk, static_cast<std::size_t>(n));
    }
}

bool pread_whole(int fd, Records records, std::string& out) {
    out.clear();
    char chunk[4096];
    for (off_t offset = 0;;) {
        ssize_t n = ::pread(fd, chunk, sizeof chunk, offset);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        out.append(chunk, static_cast<std::size_t>(n));
        if (n == 0 || (records == Records::one && static_cast<std::size_t>(n) < sizeof chunk)) return true;
        offset += n;
    }
}

bool KeptFile::read(int dirfd, const char* name, bool keep, std::string& out) {
    if (fd_.get() < 0) {
        if (!keep) return read_file_at(dirfd, name, out);
        fd_.reset(::openat(dirfd, name, O_RDONLY | O_CLOEXEC));
        if (fd_.get() < 0) return false;
    }
    return pread_whole(fd_.get(), records_, out);
}

std::optional<std::uint64_t> count_fds_at(int dirfd, int fd_dir) {
    struct stat st {};
    int rc = fd_dir >= 0 ? ::fstat(fd_dir, &st) : ::fstatat(dirfd, "fd", &st, 0);
    if (rc != 0) return std::nullopt;
    // Kernels before 6.2 report 0 here; then the entries are counted.
    if (st.st_size > 0) return static_cast<std::uint64_t>(st.st_size);
    std::uint64_t n = 0;
    if (!for_each_fd(dirfd, [&](int, const char*) { ++n; })) return std::nullopt;
    return n;
}

std::optional<std::uint64_t> count_sockets_at(int dirfd) {
    std::uint64_t n = 0;
    char target[16];
    bool ok = for_each_fd(dirfd, [&](int fd_dir, const char* name) {
        ssize_t len = ::readlinkat(fd_dir, name, target, sizeof target);
        if (len >= 7 && std::memcmp(target, "socket:", 7) == 0) ++n;
    });
    if (!ok) return std::nullopt;
    return n;
}

}  // namespace sandbox::linux_monitor
