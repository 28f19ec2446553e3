// Derived from `strace -f` of /usr/bin/python3, node 20, dash running coreutils, and a C
// program (file IO, threads, mmap, sockets, fork+exec, system()); see tools/bench-notify for
// the same workloads. Calls that reach kernel-wide state (mount, ptrace, bpf, keyctl, ...)
// are in no table: they reach the supervisor, which denies and reports them.
#include "syscall_tables.hpp"

#include <sys/ioctl.h>
#include <linux/fs.h>
#include <sys/personality.h>

#include <array>

namespace sandbox::linux_box {
namespace {

constexpr auto common_calls = std::to_array<const char*>({
    // memory
    "brk", "mmap", "munmap", "mprotect", "mremap", "madvise", "msync", "mincore", "membarrier",
    "pkey_alloc", "pkey_free", "pkey_mprotect", "get_mempolicy",
    // descriptors and files (which files: the mount namespace and Landlock decide)
    "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev", "preadv2", "pwritev2",
    "lseek", "close", "close_range", "dup", "dup2", "dup3", "fcntl", "flock", "fsync", "fdatasync",
    "ftruncate", "fstat", "stat", "lstat", "newfstatat", "statx", "fstatfs", "statfs", "getdents64",
    "readlink", "readlinkat", "access", "faccessat", "faccessat2", "getcwd", "chdir", "fchdir",
    "pipe", "pipe2", "sendfile", "copy_file_range", "splice", "fadvise64", "mkdir", "mkdirat", "rmdir",
    "unlink", "unlinkat", "rename", "renameat", "renameat2", "symlink", "symlinkat", "link", "linkat",
    "chmod", "fchmod", "fchmodat", "fchown", "fchownat", "chown", "lchown", "truncate", "utimensat",
    "umask", "getxattr", "lgetxattr", "fgetxattr", "memfd_create",
    // waiting
    "poll", "ppoll", "select", "pselect6", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait",
    "epoll_pwait", "epoll_pwait2", "eventfd", "eventfd2", "timerfd_create", "timerfd_settime",
    "timerfd_gettime", "signalfd", "signalfd4",
    // signals (the box's pid namespace holds every pid these can name)
    "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigpending",
    "sigaltstack", "tgkill", "tkill", "pause", "alarm",
    // time
    "clock_gettime", "clock_getres", "clock_nanosleep", "nanosleep", "gettimeofday", "time",
    "getitimer", "setitimer", "timer_create", "timer_settime", "timer_gettime", "timer_delete",
    "timer_getoverrun",
    // the process itself, its threads and children
    "getpid", "getppid", "gettid", "getuid", "geteuid", "getgid", "getegid", "getresuid", "getresgid",
    "getgroups", "getpgrp", "getpgid", "getsid", "setpgid", "setsid", "getrlimit", "prlimit64",
    "getrusage", "times", "sysinfo", "uname", "sched_yield", "sched_getaffinity", "sched_setaffinity",
    "sched_getparam", "sched_getscheduler", "sched_get_priority_max", "sched_get_priority_min",
    "getpriority", "set_tid_address", "set_robust_list", "get_robust_list", "rseq", "arch_prctl",
    "futex", "futex_waitv", "exit", "exit_group", "wait4", "waitid", "fork", "vfork", "prctl", "capget",
    "getrandom", "getcpu",
    // sockets (connect and bind are watched; socket() alone reaches nothing)
    "socket", "socketpair", "getsockname", "getpeername", "getsockopt", "setsockopt", "shutdown",
    "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "listen", "accept", "accept4",
});

constexpr auto python_calls = std::to_array<const char*>({"mbind"});
constexpr auto javascript_calls = std::to_array<const char*>({
    "inotify_init1", "inotify_add_watch", "inotify_rm_watch", "mbind", "set_mempolicy",
});
constexpr auto shell_calls = std::to_array<const char*>({
    "set_mempolicy", "inotify_init1", "inotify_add_watch", "inotify_rm_watch", "fallocate", "fchmodat2",
    "mknodat", "setxattr", "fsetxattr", "lsetxattr", "listxattr", "llistxattr", "flistxattr", "sync",
    "syncfs", "tee",
});
constexpr auto native_calls = std::to_array<const char*>({"set_mempolicy", "mbind", "fallocate", "sync", "syncfs"});

constexpr auto terminal_ioctls = std::to_array<unsigned long>({
    TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ, TIOCSWINSZ, TIOCGPGRP, TIOCSPGRP, FIONBIO,
    FIOCLEX, FIONCLEX, FIONREAD, TIOCOUTQ,
});
// cp tries a reflink first (FICLONE) and falls back; shells run cp.
constexpr auto shell_ioctls = std::to_array<unsigned long>({
    TCGETS, TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ, TIOCSWINSZ, TIOCGPGRP, TIOCSPGRP, FIONBIO,
    FIOCLEX, FIONCLEX, FIONREAD, TIOCOUTQ, FICLONE,
});

constexpr auto personalities = std::to_array<std::uint32_t>({
    PER_LINUX, PER_LINUX32, std::uint32_t{PER_LINUX} | UNAME26, std::uint32_t{PER_LINUX32} | UNAME26, 0xffffffffu,
});

constexpr auto watched = std::to_array<const char*>({
    "connect", "bind", "execve", "execveat", "open", "openat", "openat2", "ptrace", "mount", "unshare",
    "setns", "kill",
});

}  // namespace

AllowlistRuntime allowlist_runtime_for(std::string_view runtime_name, std::string_view program) {
    if (runtime_name == "python") return AllowlistRuntime::python;
    if (runtime_name == "javascript") return AllowlistRuntime::javascript;
    if (runtime_name == "shell") return AllowlistRuntime::shell;
    if (!runtime_name.empty()) return AllowlistRuntime::native;
    std::string_view base = program.substr(program.rfind('/') + 1);
    if (base == "sh" || base == "dash" || base == "bash") return AllowlistRuntime::shell;
    return AllowlistRuntime::native;
}

std::string_view to_string(AllowlistRuntime runtime) {
    switch (runtime) {
        case AllowlistRuntime::python: return "python";
        case AllowlistRuntime::javascript: return "javascript";
        case AllowlistRuntime::shell: return "shell";
        case AllowlistRuntime::native: return "native";
    }
    return "native";
}

std::span<const char* const> common_allowed_calls() { return common_calls; }

std::span<const char* const> runtime_allowed_calls(AllowlistRuntime runtime) {
    switch (runtime) {
        case AllowlistRuntime::python: return python_calls;
        case AllowlistRuntime::javascript: return javascript_calls;
        case AllowlistRuntime::shell: return shell_calls;
        case AllowlistRuntime::native: return native_calls;
    }
    return native_calls;
}

std::span<const unsigned long> allowed_ioctls(AllowlistRuntime runtime) {
    if (runtime == AllowlistRuntime::shell || runtime == AllowlistRuntime::native) return shell_ioctls;
    return terminal_ioctls;
}

std::span<const std::uint32_t> allowed_personalities() { return personalities; }

std::span<const char* const> watched_calls() { return watched; }

}  // namespace sandbox::linux_box
