#include "child_identity.hpp"

#include "status_pipe.hpp"

#include <linux/capability.h>
#include <linux/securebits.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace sandbox::linux_box {
namespace {

bool kept(const ChildSpec& spec, int cap) noexcept { return (spec.keep_caps >> cap) & 1u; }

// Every capability except the kept ones leaves the bounding set.
void empty_bounding_set(const ChildSpec& spec, int status_fd) noexcept {
    for (int cap = 0; cap <= spec.cap_last_cap; ++cap) {
        if (kept(spec, cap)) continue;
        if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) fail_setup(status_fd, "drop bounding capability", nullptr);
    }
}

}  // namespace

void switch_ids(const ChildSpec& spec, int status_fd, bool drop_bounding) noexcept {
    if (spec.clear_groups && ::syscall(SYS_setgroups, 0, nullptr) != 0) {
        fail_setup(status_fd, "setgroups", nullptr);
    }
    if (::syscall(SYS_setresgid, spec.gid, spec.gid, spec.gid) != 0) fail_setup(status_fd, "setresgid", nullptr);
    if (drop_bounding) empty_bounding_set(spec, status_fd);
    // Leaving uid 0 would clear the permitted set; the kept capabilities must survive it.
    if (spec.keep_caps && ::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) fail_setup(status_fd, "PR_SET_KEEPCAPS", nullptr);
    if (::syscall(SYS_setresuid, spec.uid, spec.uid, spec.uid) != 0) fail_setup(status_fd, "setresuid", nullptr);
}

void drop_privileges(const ChildSpec& spec, int status_fd) noexcept {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
    if (::syscall(SYS_capget, &header, data) != 0) fail_setup(status_fd, "capget", nullptr);
    // Without CAP_SETPCAP (basic level after its id switch, or a caller without privilege)
    // there is nothing these could add: no capabilities, and no_new_privs stops execve from
    // granting any.
    if (data[0].effective & (1u << CAP_SETPCAP)) {
        // Whoever is uid 0 inside gets no capabilities from execve, and that stays so. With
        // kept capabilities the ambient set is how they cross execve, so it stays raisable
        // (only up to what the bounding set and permitted set below still hold).
        unsigned long bits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED;
        if (!spec.keep_caps) bits |= SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
        if (::prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) != 0) fail_setup(status_fd, "set securebits", nullptr);
        empty_bounding_set(spec, status_fd);
    }
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0) {
        fail_setup(status_fd, "clear ambient capabilities", nullptr);
    }
    __user_cap_data_struct keep[_LINUX_CAPABILITY_U32S_3] = {};
    for (int i = 0; i < _LINUX_CAPABILITY_U32S_3; ++i) {
        const auto word = static_cast<std::uint32_t>(spec.keep_caps >> (32 * i));
        keep[i].permitted = keep[i].effective = keep[i].inheritable = word;
    }
    if (::syscall(SYS_capset, &header, keep) != 0) fail_setup(status_fd, "capset", nullptr);
    // Ambient needs the capability in permitted and inheritable (set just above).
    for (int cap = 0; cap <= spec.cap_last_cap; ++cap) {
        if (kept(spec, cap) && ::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0) {
            fail_setup(status_fd, "raise ambient capability", nullptr);
        }
    }
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) fail_setup(status_fd, "PR_SET_NO_NEW_PRIVS", nullptr);
}

void arm_parent_death_signal(int status_fd, int supervisor_pidfd, pid_t expected_parent) noexcept {
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) fail_setup(status_fd, "PR_SET_PDEATHSIG", nullptr);
    if (expected_parent > 0 && ::getppid() != expected_parent) ::_exit(126);
    if (supervisor_pidfd >= 0) {
        pollfd p{supervisor_pidfd, POLLIN, 0};
        if (::poll(&p, 1, 0) != 0) ::_exit(126);  // readable: the supervisor has exited
    }
}

void install_seccomp(const ChildSpec& spec, int status_fd, int notify_send) noexcept {
    if (spec.seccomp.len == 0) return;
    const unsigned flags = spec.seccomp_listener ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0;
    const long listener = ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &spec.seccomp);
    if (listener < 0) fail_setup(status_fd, "install seccomp filter", nullptr);
    if (!spec.seccomp_listener) return;
    // sendmsg and close are on every allowlist, so they pass the filter just installed.
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    char byte = 'L';
    iovec iov{&byte, 1};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    const int fd = static_cast<int>(listener);
    __builtin_memcpy(CMSG_DATA(cmsg), &fd, sizeof fd);
    if (::sendmsg(notify_send, &msg, MSG_NOSIGNAL) != 1) fail_setup(status_fd, "send seccomp listener", nullptr);
    ::close(fd);
    ::close(notify_send);
}

}  // namespace sandbox::linux_box
