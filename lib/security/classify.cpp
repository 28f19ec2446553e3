// Classification of what a box attempted, in DESIGN.md's vocabulary (type and severity).
#include <sandbox/breach.hpp>

#include <array>
#include <cctype>

namespace sandbox {
namespace {

struct SyscallClass {
    std::string_view name;
    SecurityEventType type;
    Severity severity;
};

using T = SecurityEventType;
using S = Severity;

// Calls whose mere attempt says something. Anything not listed is a `syscall` event of low
// severity.
constexpr std::array syscall_classes = {
    // Ways out of the box's namespaces or into the host kernel.
    SyscallClass{"setns", T::escape, S::critical},
    SyscallClass{"open_by_handle_at", T::escape, S::critical},
    SyscallClass{"unshare", T::escape, S::high},
    SyscallClass{"init_module", T::privilege, S::critical},
    SyscallClass{"finit_module", T::privilege, S::critical},
    SyscallClass{"delete_module", T::privilege, S::critical},
    SyscallClass{"kexec_load", T::privilege, S::critical},
    SyscallClass{"kexec_file_load", T::privilege, S::critical},
    SyscallClass{"reboot", T::privilege, S::critical},
    SyscallClass{"iopl", T::privilege, S::critical},
    SyscallClass{"ioperm", T::privilege, S::critical},
    SyscallClass{"ptrace", T::privilege, S::high},
    SyscallClass{"process_vm_writev", T::privilege, S::high},
    SyscallClass{"process_vm_readv", T::privilege, S::medium},
    SyscallClass{"bpf", T::privilege, S::high},
    SyscallClass{"perf_event_open", T::privilege, S::high},
    SyscallClass{"mount", T::privilege, S::high},
    SyscallClass{"umount2", T::privilege, S::high},
    SyscallClass{"pivot_root", T::privilege, S::high},
    SyscallClass{"move_mount", T::privilege, S::high},
    SyscallClass{"fsopen", T::privilege, S::high},
    SyscallClass{"fsmount", T::privilege, S::high},
    SyscallClass{"swapon", T::privilege, S::high},
    SyscallClass{"swapoff", T::privilege, S::high},
    SyscallClass{"capset", T::privilege, S::high},
    SyscallClass{"name_to_handle_at", T::privilege, S::medium},
    SyscallClass{"userfaultfd", T::privilege, S::medium},
    SyscallClass{"keyctl", T::privilege, S::medium},
    SyscallClass{"add_key", T::privilege, S::medium},
    SyscallClass{"request_key", T::privilege, S::medium},
    SyscallClass{"syslog", T::privilege, S::medium},
    SyscallClass{"acct", T::privilege, S::medium},
    SyscallClass{"settimeofday", T::privilege, S::medium},
    SyscallClass{"clock_settime", T::privilege, S::medium},
    SyscallClass{"adjtimex", T::privilege, S::medium},
    SyscallClass{"setuid", T::privilege, S::medium},
    SyscallClass{"setgid", T::privilege, S::medium},
    SyscallClass{"setreuid", T::privilege, S::medium},
    SyscallClass{"setregid", T::privilege, S::medium},
    SyscallClass{"setresuid", T::privilege, S::medium},
    SyscallClass{"setresgid", T::privilege, S::medium},
    SyscallClass{"personality", T::privilege, S::low},
    // Network.
    SyscallClass{"socket", T::network, S::medium},
    SyscallClass{"socketpair", T::network, S::low},
    SyscallClass{"connect", T::network, S::medium},
    SyscallClass{"bind", T::network, S::medium},
    SyscallClass{"listen", T::network, S::medium},
    SyscallClass{"accept", T::network, S::medium},
    SyscallClass{"accept4", T::network, S::medium},
    SyscallClass{"sendto", T::network, S::medium},
    SyscallClass{"sendmsg", T::network, S::medium},
    // Processes.
    SyscallClass{"kill", T::process, S::medium},
    SyscallClass{"tkill", T::process, S::medium},
    SyscallClass{"tgkill", T::process, S::medium},
    SyscallClass{"pidfd_send_signal", T::process, S::medium},
    SyscallClass{"pidfd_open", T::process, S::low},
    SyscallClass{"fork", T::process, S::low},
    SyscallClass{"vfork", T::process, S::low},
    SyscallClass{"clone", T::process, S::low},
    SyscallClass{"clone3", T::process, S::low},
    SyscallClass{"execve", T::process, S::low},
    SyscallClass{"execveat", T::process, S::low},
    // Resources.
    SyscallClass{"setrlimit", T::resource, S::low},
    SyscallClass{"prlimit64", T::resource, S::low},
    SyscallClass{"setpriority", T::resource, S::low},
    SyscallClass{"sched_setscheduler", T::resource, S::medium},
    // Files.
    SyscallClass{"open", T::file_access, S::low},
    SyscallClass{"openat", T::file_access, S::low},
    SyscallClass{"openat2", T::file_access, S::low},
    SyscallClass{"creat", T::file_access, S::low},
    SyscallClass{"unlink", T::file_access, S::low},
    SyscallClass{"unlinkat", T::file_access, S::low},
    SyscallClass{"rename", T::file_access, S::low},
    SyscallClass{"renameat", T::file_access, S::low},
    SyscallClass{"renameat2", T::file_access, S::low},
    SyscallClass{"link", T::file_access, S::low},
    SyscallClass{"linkat", T::file_access, S::low},
    SyscallClass{"symlink", T::file_access, S::low},
    SyscallClass{"symlinkat", T::file_access, S::low},
    SyscallClass{"mkdir", T::file_access, S::low},
    SyscallClass{"mkdirat", T::file_access, S::low},
    SyscallClass{"rmdir", T::file_access, S::low},
    SyscallClass{"truncate", T::file_access, S::low},
    SyscallClass{"chmod", T::file_access, S::low},
    SyscallClass{"fchmodat", T::file_access, S::low},
    SyscallClass{"chown", T::file_access, S::low},
    SyscallClass{"fchownat", T::file_access, S::low},
    SyscallClass{"mknod", T::file_access, S::medium},
    SyscallClass{"mknodat", T::file_access, S::medium},
};

bool starts_with_dir(std::string_view path, std::string_view dir) {
    if (path.substr(0, dir.size()) != dir) return false;
    return path.size() == dir.size() || path[dir.size()] == '/';
}

// /proc/<pid or self or thread-self>/<file>
bool is_proc_process_file(std::string_view path, std::string_view file) {
    constexpr std::string_view proc = "/proc/";
    if (path.substr(0, proc.size()) != proc) return false;
    std::string_view rest = path.substr(proc.size());
    std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos || slash == 0) return false;
    std::string_view who = rest.substr(0, slash);
    bool numeric = true;
    for (char c : who) numeric = numeric && std::isdigit(static_cast<unsigned char>(c));
    if (!numeric && who != "self" && who != "thread-self") return false;
    return rest.substr(slash + 1) == file;
}

}  // namespace

bool is_sensitive_path(std::string_view path) {
    constexpr std::array sensitive_files = {
        std::string_view{"/etc/shadow"}, std::string_view{"/etc/gshadow"}, std::string_view{"/etc/sudoers"},
        std::string_view{"/proc/kcore"}, std::string_view{"/proc/kallsyms"}, std::string_view{"/proc/sysrq-trigger"},
        std::string_view{"/dev/mem"},    std::string_view{"/dev/kmem"},     std::string_view{"/dev/port"},
        std::string_view{"/var/run/docker.sock"}, std::string_view{"/run/docker.sock"},
    };
    constexpr std::array sensitive_dirs = {
        std::string_view{"/root"}, std::string_view{"/home"}, std::string_view{"/sys"},
        std::string_view{"/boot"}, std::string_view{"/etc/ssh"}, std::string_view{"/etc/sudoers.d"},
        std::string_view{"/var/lib/docker"},
    };
    for (auto f : sensitive_files)
        if (path == f) return true;
    for (auto d : sensitive_dirs)
        if (starts_with_dir(path, d)) return true;
    for (auto f : {"mem", "environ", "maps", "root", "cwd", "exe"})
        if (is_proc_process_file(path, f)) return true;
    return false;
}

Classification classify_syscall(std::string_view syscall, std::string_view target) {
    Classification c;
    for (const auto& entry : syscall_classes) {
        if (entry.name != syscall) continue;
        c = {entry.type, entry.severity};
        break;
    }
    if (!target.empty() && is_sensitive_path(target) && c.severity < Severity::high) {
        if (c.type == SecurityEventType::syscall) c.type = SecurityEventType::file_access;
        c.severity = Severity::high;
    }
    return c;
}

}  // namespace sandbox
