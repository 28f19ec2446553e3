#include "clone_child.hpp"

#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace sandbox::linux_box {
namespace {

// struct clone_args of linux/sched.h (CLONE_ARGS_SIZE_VER2), spelled out here because that
// header clashes with glibc's <sched.h>.
struct CloneArgs {
    std::uint64_t flags;
    std::uint64_t pidfd;
    std::uint64_t child_tid;
    std::uint64_t parent_tid;
    std::uint64_t exit_signal;
    std::uint64_t stack;
    std::uint64_t stack_size;
    std::uint64_t tls;
    std::uint64_t set_tid;
    std::uint64_t set_tid_size;
    std::uint64_t cgroup;
};
static_assert(sizeof(CloneArgs) == 88);

constexpr std::uint64_t clone_into_cgroup = 0x200000000ULL;

}  // namespace

pid_t clone3_box(std::uint64_t flags, int cgroup_fd, int* pidfd) noexcept {
    CloneArgs args{};
    args.flags = flags | CLONE_PIDFD;
    args.pidfd = reinterpret_cast<std::uintptr_t>(pidfd);
    args.exit_signal = SIGCHLD;
    if (cgroup_fd >= 0) {
        args.flags |= clone_into_cgroup;
        args.cgroup = static_cast<std::uint64_t>(cgroup_fd);
    }
    return static_cast<pid_t>(::syscall(SYS_clone3, &args, sizeof args));
}

pid_t legacy_clone_box(std::uint64_t flags, int* pidfd) noexcept {
    // x86_64 argument order: flags, new stack (0: share the copy like fork), parent_tid
    // (where CLONE_PIDFD stores the pidfd), child_tid, tls.
    return static_cast<pid_t>(
        ::syscall(SYS_clone, flags | CLONE_PIDFD | SIGCHLD, 0, pidfd, nullptr, 0));
}

}  // namespace sandbox::linux_box
