#include "proc_files.hpp"

#include "../box/unique_fd.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstring>

namespace sandbox::linux_monitor {

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

bool count_fds_at(int dirfd, FdCount& out) {
    int fd = ::openat(dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    DIR* dir = ::fdopendir(fd);
    if (!dir) {
        ::close(fd);
        return false;
    }
    out = {};
    char target[64];
    while (dirent* entry = ::readdir(dir)) {
        if (entry->d_name[0] == '.') continue;
        ++out.fds;
        ssize_t n = ::readlinkat(fd, entry->d_name, target, sizeof target);
        if (n > 7 && std::memcmp(target, "socket:", 7) == 0) ++out.sockets;
    }
    ::closedir(dir);  // closes fd too
    return true;
}

}  // namespace sandbox::linux_monitor
