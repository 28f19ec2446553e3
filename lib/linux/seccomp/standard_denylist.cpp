// The standard level's seccomp denylist (see seccomp_filter.hpp).
#include "seccomp_filter.hpp"

#include "bpf_export.hpp"
#include "libseccomp_ctx.hpp"
#include "value_blocks.hpp"

#include <sandbox/error.hpp>

#include <sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <string>

namespace sandbox::linux_box {
namespace {

// Calls that reach kernel-wide state, other processes, or attack surface a program in a box
// has no use for. Names unknown to the running architecture (vm86 on x86_64) are skipped.
constexpr const char* denied_calls[] = {
    "mount", "umount2", "pivot_root", "mount_setattr", "move_mount", "open_tree", "fsopen",
    "fsconfig", "fsmount", "fspick",
    "ptrace", "process_vm_readv", "process_vm_writev",
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot",
    "swapon", "swapoff", "acct", "quotactl", "quotactl_fd", "lookup_dcookie", "nfsservctl",
    "bpf", "perf_event_open", "userfaultfd",
    "keyctl", "add_key", "request_key",
    "unshare", "setns",
    "open_by_handle_at", "name_to_handle_at",
    "iopl", "ioperm", "vm86", "vm86old",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
};

// clone flags that create namespaces. CLONE_NEWTIME is absent: clone(2) reads that bit as
// part of the exit signal; only unshare and clone3 (both denied) can create a time namespace.
constexpr unsigned long namespace_clone_flags[] = {
    CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID,
    CLONE_NEWNET,
};

void check(int rc, const std::string& what) { check_seccomp(rc, "seccomp denylist", what); }

std::vector<sock_filter> build_standard_denylist() {
    SeccompCtx ctx(seccomp_init(SCMP_ACT_ALLOW));
    if (!ctx) throw SetupError("seccomp denylist: seccomp_init failed");
    // A syscall of another ABI (i386 through int 0x80) would bypass every rule below, which
    // is written for x86_64 numbers: answer EPERM, like every other denial at this level,
    // rather than kill (a legitimate program never does this; the caller sees a failure).
    // x32 calls (nr | 0x40000000) are rejected by libseccomp's generated check with the
    // same action (tests/attacks covers both).
    check(seccomp_attr_set(ctx.get(), SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ERRNO(EPERM)), "bad-arch action");
    check(seccomp_attr_set(ctx.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2), "binary-tree optimisation");
    for (const char* name : denied_calls) {
        int nr = syscall_number(name);
        if (nr < 0) continue;  // not a call on this architecture
        check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), nr, 0), name);
    }
    for (unsigned long flag : namespace_clone_flags) {
        check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                               SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)),
              "clone with a namespace flag");
    }
    // clone3 passes its flags in memory the filter cannot read. ENOSYS makes libc fall back
    // to clone(2), whose flags the rules above see.
    check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0), "clone3");
    // The kernel reads the ioctl command as 32 bits: compare only those, so a command with
    // junk in the upper half is caught too. TIOCSTI pushes input into a terminal;
    // TIOCLINUX can do the same through the console's selection.
    for (unsigned long cmd : {static_cast<unsigned long>(TIOCSTI), static_cast<unsigned long>(TIOCLINUX)}) {
        check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ioctl), 1,
                               SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffUL, cmd)),
              "ioctl");
    }
    // personality: flags like ADDR_NO_RANDOMIZE or READ_IMPLIES_EXEC weaken the next exec.
    // Only the listed values pass; the rest of the 32-bit space (as the kernel reads the
    // argument) is covered by masked blocks, since a rule cannot say "not one of these".
    for (const MaskedValue& block : blocks_outside(allowed_personalities())) {
        check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), SCMP_SYS(personality), 1,
                               SCMP_A0(SCMP_CMP_MASKED_EQ, block.mask, block.value)),
              "personality");
    }
    return export_bpf(ctx.get());
}

}  // namespace

const std::vector<sock_filter>& standard_denylist_bpf() {
    static const std::vector<sock_filter>& program = *new std::vector<sock_filter>(build_standard_denylist());  // never destroyed: a supervisor thread may still use it at exit
    return program;
}

}  // namespace sandbox::linux_box
