#include "clone_child.hpp"

#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

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

CloneArgs box_clone_args(std::uint64_t flags, int cgroup_fd, int* pidfd) noexcept {
    CloneArgs args{};
    args.flags = flags | CLONE_PIDFD;
    args.pidfd = reinterpret_cast<std::uintptr_t>(pidfd);
    args.exit_signal = SIGCHLD;
    if (cgroup_fd >= 0) {
        args.flags |= clone_into_cgroup;
        args.cgroup = static_cast<std::uint64_t>(cgroup_fd);
    }
    return args;
}

}  // namespace

#if defined(__x86_64__)
// long rsb_clone3_run(CloneArgs* args, size_t size, int (*fn)(void*), void* arg):
// the raw clone3 system call; the child, already on its new stack, calls fn(arg) and exits
// with its result. fn and arg ride in r8/r9, which the syscall instruction preserves.
// Returns the raw result (pid, or -errno) in the parent.
extern "C" long rsb_clone3_run(CloneArgs* args, std::size_t size, int (*fn)(void*), void* arg) noexcept;
asm(R"(
    .text
    .globl rsb_clone3_run
    .hidden rsb_clone3_run
    .type rsb_clone3_run, @function
rsb_clone3_run:
    .cfi_startproc
    mov %rdx, %r8
    mov %rcx, %r9
    mov $435, %eax
    syscall
    test %rax, %rax
    jz 1f
    ret
1:
    .cfi_undefined rip
    xor %ebp, %ebp
    mov %r9, %rdi
    call *%r8
    mov %eax, %edi
    mov $60, %eax
    syscall
    hlt
    .cfi_endproc
    .size rsb_clone3_run, .-rsb_clone3_run
)");
#endif

pid_t clone3_box(std::uint64_t flags, int cgroup_fd, int* pidfd) noexcept {
    CloneArgs args = box_clone_args(flags, cgroup_fd, pidfd);
    return static_cast<pid_t>(::syscall(SYS_clone3, &args, sizeof args));
}

pid_t clone3_box_run(std::uint64_t flags, int cgroup_fd, int* pidfd, void* stack, std::size_t stack_size,
                     int (*fn)(void*), void* arg) noexcept {
#if defined(__x86_64__)
    CloneArgs args = box_clone_args(flags, cgroup_fd, pidfd);
    args.stack = reinterpret_cast<std::uintptr_t>(stack);
    args.stack_size = stack_size;
    long result = rsb_clone3_run(&args, sizeof args, fn, arg);
    if (result < 0) {
        errno = static_cast<int>(-result);
        return -1;
    }
    return static_cast<pid_t>(result);
#else
    (void)flags, (void)cgroup_fd, (void)pidfd, (void)stack, (void)stack_size, (void)fn, (void)arg;
    errno = ENOSYS;
    return -1;
#endif
}

pid_t legacy_clone_box_run(std::uint64_t flags, int* pidfd, void* stack, std::size_t stack_size,
                           int (*fn)(void*), void* arg) noexcept {
    // The stack grows down from its end on every architecture Linux boxes run on here.
    return ::clone(fn, static_cast<char*>(stack) + stack_size, static_cast<int>(flags | CLONE_PIDFD | SIGCHLD),
                   arg, pidfd, nullptr, nullptr);
}

pid_t legacy_clone_box(std::uint64_t flags, int* pidfd) noexcept {
    // x86_64 argument order: flags, new stack (0: share the copy like fork), parent_tid
    // (where CLONE_PIDFD stores the pidfd), child_tid, tls.
    return static_cast<pid_t>(
        ::syscall(SYS_clone, flags | CLONE_PIDFD | SIGCHLD, 0, pidfd, nullptr, 0));
}

}  // namespace sandbox::linux_box
