// Creating the box's first process: clone3 (glibc has no wrapper, and Boost.Process cannot
// ask for namespaces, a pidfd or a target cgroup), or the legacy clone where clone3 is
// missing.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace sandbox::linux_box {

// clone3 with CLONE_PIDFD | flags, exit signal SIGCHLD, into cgroup_fd's group when >= 0.
// Returns the pid (0 in the child) and stores the pidfd; -1 with errno on failure.
pid_t clone3_box(std::uint64_t flags, int cgroup_fd, int* pidfd) noexcept;

// The same through clone(2), used only where clone3 fails with ENOSYS: kernels before 5.3,
// and containers whose seccomp profile answers ENOSYS to clone3 (as ours does). It has no
// CLONE_INTO_CGROUP, so the child then joins its v2 group by writing cgroup.procs.
pid_t legacy_clone_box(std::uint64_t flags, int* pidfd) noexcept;

}  // namespace sandbox::linux_box
