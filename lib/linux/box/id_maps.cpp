#include "id_maps.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace sandbox::linux_box {
namespace {

int write_file(const char* path, const char* text) noexcept {
    int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    std::size_t len = std::strlen(text);
    int err = ::write(fd, text, len) == static_cast<ssize_t>(len) ? 0 : errno;
    ::close(fd);
    return err;
}

int write_proc_file(pid_t pid, const char* name, const char* text) noexcept {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/%s", static_cast<int>(pid), name);
    return write_file(path, text);
}

}  // namespace

int write_id_maps(pid_t pid, uid_t inside_uid, uid_t host_uid, gid_t inside_gid, gid_t host_gid,
                  const char** step) noexcept {
    char line[64];
    std::snprintf(line, sizeof line, "%u %u 1\n", inside_uid, host_uid);
    *step = "write uid_map";
    if (int err = write_proc_file(pid, "uid_map", line)) return err;
    std::snprintf(line, sizeof line, "%u %u 1\n", inside_gid, host_gid);
    *step = "write gid_map";
    return write_proc_file(pid, "gid_map", line);
}

int write_own_id_maps(const char* uid_map, const char* gid_map, const char** step) noexcept {
    // Inherited from a supervisor that changed its ids without exec, non-dumpability would
    // leave /proc/self owned by root; it is cleared again right after the release.
    if (::prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0) {
        *step = "PR_SET_DUMPABLE";
        return errno;
    }
    *step = "write setgroups";
    if (int err = write_file("/proc/self/setgroups", "deny")) return err;
    *step = "write uid_map";
    if (int err = write_file("/proc/self/uid_map", uid_map)) return err;
    *step = "write gid_map";
    return write_file("/proc/self/gid_map", gid_map);
}

}  // namespace sandbox::linux_box
