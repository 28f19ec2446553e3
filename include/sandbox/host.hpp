// What the host kernel offers, detected at run time; `sandbox-cli check` prints it.
#pragma once

#include <sandbox/export.hpp>

#include <string>
#include <vector>

namespace sandbox {

struct HostCapabilities {
    bool is_root = false;
    bool user_namespaces = false;     // an unprivileged-style userns can be created
    bool clone3 = false;
    bool pidfd = false;
    bool clone_into_cgroup = false;   // usable only with a v2 hierarchy
    // The box's first process is the library's small box-init, executed from a memfd; when
    // not, it is a copy of the caller, and a launch costs more the bigger the caller is.
    bool box_init_exec = false;
    bool seccomp_filter = false;
    bool seccomp_user_notification = false;
    int landlock_abi = 0;             // 0: Landlock absent or disabled
    std::string cgroup_mode;          // "v2", "v1", "hybrid" or "none"
    std::string cgroup_v2_mount;      // where cgroup2 is mounted, "" if nowhere
    std::vector<std::string> cgroup_v1_controllers;  // mounted v1 controllers
    std::vector<std::string> cgroup_v2_controllers;  // enabled at the v2 root
    std::vector<std::string> notes;   // what is missing and what replaces it

    SANDBOX_API std::string to_text() const;
    SANDBOX_API std::string to_json() const;
};

SANDBOX_API HostCapabilities check_host();

}  // namespace sandbox
