#include "id_maps.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace sandbox::linux_box {
namespace {

int write_proc_file(pid_t pid, const char* name, const char* text) noexcept {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/%s", static_cast<int>(pid), name);
    int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    std::size_t len = std::strlen(text);
    int err = ::write(fd, text, len) == static_cast<ssize_t>(len) ? 0 : errno;
    ::close(fd);
    return err;
}

}  // namespace

int write_id_maps(pid_t pid, uid_t inside_uid, uid_t host_uid, gid_t inside_gid, gid_t host_gid,
                  bool deny_setgroups, const char** step) noexcept {
    char line[64];
    std::snprintf(line, sizeof line, "%u %u 1\n", inside_uid, host_uid);
    *step = "write uid_map";
    if (int err = write_proc_file(pid, "uid_map", line)) return err;
    if (deny_setgroups) {
        *step = "write setgroups";
        if (int err = write_proc_file(pid, "setgroups", "deny")) return err;
    }
    std::snprintf(line, sizeof line, "%u %u 1\n", inside_gid, host_gid);
    *step = "write gid_map";
    return write_proc_file(pid, "gid_map", line);
}

}  // namespace sandbox::linux_box
