// check_host(): probes what the running kernel offers, so that missing features degrade to
// the next mechanism and are reported (`sandbox-cli check`).
#include "box/init_image.hpp"
#include "cgroup/run_cgroup.hpp"

#include <sandbox/host.hpp>

#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace sandbox {
namespace {

// Creating a user namespace is the one test that answers for every sysctl and LSM in the way.
bool can_create_user_namespace() {
    pid_t child = ::fork();
    if (child < 0) return false;
    if (child == 0) _exit(::unshare(CLONE_NEWUSER) == 0 ? 0 : 1);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

bool has_clone3() {
    // A null argument is rejected with EFAULT/EINVAL by a kernel that knows the call.
    long rc = ::syscall(SYS_clone3, nullptr, 0);
    return !(rc < 0 && errno == ENOSYS);
}

bool has_pidfd() {
    long fd = ::syscall(SYS_pidfd_open, ::getpid(), 0);
    if (fd < 0) return false;
    ::close(static_cast<int>(fd));
    return true;
}

bool seccomp_action_available(unsigned int action) {
    return ::syscall(SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) == 0;
}

int landlock_abi_version() {
    long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return abi < 0 ? 0 : static_cast<int>(abi);
}

bool kernel_at_least(int major, int minor) {
    utsname u{};
    if (::uname(&u) != 0) return false;
    int ma = 0, mi = 0;
    if (std::sscanf(u.release, "%d.%d", &ma, &mi) != 2) return false;
    return ma > major || (ma == major && mi >= minor);
}

}  // namespace

HostCapabilities check_host() {
    HostCapabilities h;
    h.is_root = ::geteuid() == 0;
    h.user_namespaces = can_create_user_namespace();
    h.clone3 = has_clone3();
    h.pidfd = has_pidfd();
    h.seccomp_filter = seccomp_action_available(SECCOMP_RET_ERRNO);
    h.seccomp_user_notification = seccomp_action_available(SECCOMP_RET_USER_NOTIF);
    h.landlock_abi = landlock_abi_version();
    auto cg = linux_box::detect_cgroups();
    h.cgroup_mode = cg.mode;
    h.cgroup_v2_mount = cg.v2_mount;
    h.cgroup_v1_controllers = cg.v1_controllers;
    h.cgroup_v2_controllers = cg.v2_controllers;
    h.clone_into_cgroup = h.clone3 && !cg.v2_mount.empty() && kernel_at_least(5, 7);
    h.box_init_exec = linux_box::box_init_fd() >= 0;
    h.notes = cg.notes;
    if (!h.user_namespaces)
        h.notes.push_back("user namespaces unavailable: only the basic level can run");
    if (!h.pidfd) h.notes.push_back("no pidfd: this kernel is too old for libsandbox (needs 5.4)");
    if (!h.seccomp_user_notification)
        h.notes.push_back("no seccomp user notification: watched calls are denied without a report");
    if (h.landlock_abi == 0)
        h.notes.push_back("Landlock absent or disabled: file allowlists rely on the mount namespace alone");
    if (!h.box_init_exec)
        h.notes.push_back("box-init cannot be executed from a memfd (" + linux_box::box_init_unavailable_reason() +
                          "): boxes start in a copy of the caller, slower the bigger it is");
    if (!h.is_root && cg.parent.empty())
        h.notes.push_back("not root and no delegated cgroup: memory/pids limits fall back to rlimits");
    return h;
}

}  // namespace sandbox
