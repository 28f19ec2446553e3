// BoxIdentity: what every process of a box shares, captured from its init once the box is
// built (after the init's cgroup namespace is unshared, i.e. after the target_started record:
// the watchdog reads it at its first check).
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace sandbox::linux_watchdog {

// The namespaces compared: a process of the box is in these or in ones nested below them.
inline constexpr const char* box_namespaces[] = {"user", "pid", "mnt", "net", "ipc", "uts", "cgroup"};

struct BoxIdentity {
    int init_pid = 0;
    std::map<std::string, std::uint64_t> namespaces;  // name -> inode of /proc/<init>/ns/<name>
    std::string cgroup;       // /proc/<init>/cgroup as the host sees it
    std::uint64_t host_user_ns = 0;  // the supervisor's own user namespace
};

// Reads the init's identity. Throws SetupError naming what could not be read.
BoxIdentity capture_identity(int init_pid);

}  // namespace sandbox::linux_watchdog
