// Who the box's processes are: ids, capabilities, no_new_privs, the seccomp filter.
// Child-side, raw system calls only (glibc's setresuid would signal threads that do not
// exist in a child made by a raw clone).
#pragma once

#include "child_spec.hpp"

namespace sandbox::linux_box {

// setgroups(0, NULL) where allowed, then setresgid/setresuid to spec.gid/uid.
// With drop_bounding (basic level as root), the bounding set is emptied between the two,
// while CAP_SETPCAP is still held (all but spec.keep_caps, kept through the id switch).
void switch_ids(const ChildSpec& spec, int status_fd, bool drop_bounding) noexcept;

// While CAP_SETPCAP is held: locks the root-related securebits and empties the bounding
// set but for spec.keep_caps. Then permitted, effective and inheritable become exactly the
// kept set, which is also raised in ambient; sets PR_SET_NO_NEW_PRIVS.
void drop_privileges(const ChildSpec& spec, int status_fd) noexcept;

// The parent-death signal is reset by any id change, so it is set again after one. A
// supervisor that died before that point is caught by polling its pidfd (isolate: no
// parent pid is visible from the new pid namespace) or by a changed parent pid.
void arm_parent_death_signal(int status_fd, int supervisor_pidfd, pid_t expected_parent) noexcept;

// Installs the spec's filter (if any); the last step before execve. With
// spec.seccomp_listener, sends the listener fd over `notify_send` (SCM_RIGHTS) and closes
// both: the supervisor answers the execve that follows.
void install_seccomp(const ChildSpec& spec, int status_fd, int notify_send) noexcept;

}  // namespace sandbox::linux_box
