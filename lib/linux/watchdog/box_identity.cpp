#include "box_identity.hpp"

#include "../monitor/proc_files.hpp"

#include <sandbox/error.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace sandbox::linux_watchdog {
namespace {

std::uint64_t inode_of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw SetupError("watchdog: cannot stat " + path + ": " + std::strerror(errno));
    return st.st_ino;
}

}  // namespace

BoxIdentity capture_identity(int init_pid) {
    BoxIdentity id;
    id.init_pid = init_pid;
    std::string proc = "/proc/" + std::to_string(init_pid);
    for (const char* ns : box_namespaces) id.namespaces[ns] = inode_of(proc + "/ns/" + ns);
    if (!linux_monitor::read_file_at(AT_FDCWD, (proc + "/cgroup").c_str(), id.cgroup))
        throw SetupError("watchdog: cannot read " + proc + "/cgroup: " + std::strerror(errno));
    id.host_user_ns = inode_of("/proc/self/ns/user");
    return id;
}

}  // namespace sandbox::linux_watchdog
