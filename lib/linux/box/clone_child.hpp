// Creating the box's first process: clone3 (glibc has no wrapper, and Boost.Process cannot
// ask for namespaces, a pidfd or a target cgroup), or the legacy clone where clone3 is
// missing.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>

namespace sandbox::linux_box {

// clone3 with CLONE_PIDFD | flags, exit signal SIGCHLD, into cgroup_fd's group when >= 0.
// Returns the pid (0 in the child) and stores the pidfd; -1 with errno on failure.
pid_t clone3_box(std::uint64_t flags, int cgroup_fd, int* pidfd) noexcept;

// The same through clone(2), used only where clone3 fails with ENOSYS: kernels before 5.3,
// and containers whose seccomp profile answers ENOSYS to clone3 (as ours does). It has no
// CLONE_INTO_CGROUP, so the child then joins its v2 group by writing cgroup.procs.
pid_t legacy_clone_box(std::uint64_t flags, int* pidfd) noexcept;

// The child runs fn(arg) on [stack, stack + stack_size) and exits with its return value;
// meant for CLONE_VM | CLONE_VFORK (the child borrows the caller's memory until its execve,
// so nothing of the caller's address space is copied). clone3 needs a few lines of
// assembly for that (x86_64 only: elsewhere it fails with ENOSYS and the caller uses the
// legacy form, whose glibc wrapper takes a function).
pid_t clone3_box_run(std::uint64_t flags, int cgroup_fd, int* pidfd, void* stack, std::size_t stack_size,
                     int (*fn)(void*), void* arg) noexcept;
pid_t legacy_clone_box_run(std::uint64_t flags, int* pidfd, void* stack, std::size_t stack_size,
                           int (*fn)(void*), void* arg) noexcept;

}  // namespace sandbox::linux_box
