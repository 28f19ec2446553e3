// The enhanced and maximum levels' filter: one per runtime family, default action
// SECCOMP_RET_USER_NOTIF. Listed calls pass in the kernel; every other call (the watched
// ones, anything dangerous, anything the runtime was not seen to use) waits for the
// supervisor, which reports it and answers (lib/linux/notify). The program is the same at
// both levels: what differs is the supervisor's answer (maximum ends the box).
#include "seccomp_filter.hpp"

#include "bpf_export.hpp"
#include "libseccomp_ctx.hpp"
#include "syscall_tables.hpp"

#include <sandbox/error.hpp>

#include <sched.h>

#include <array>
#include <cerrno>
#include <mutex>
#include <string>

namespace sandbox::linux_box {
namespace {

constexpr std::uint64_t namespace_flags =
    CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET;

std::vector<sock_filter> build(AllowlistRuntime runtime) {
    const std::string filter = "seccomp allowlist (" + std::string(to_string(runtime)) + ")";
    SeccompCtx ctx(seccomp_init(SCMP_ACT_NOTIFY));
    if (!ctx) throw SetupError(filter + ": seccomp_init failed");
    void* c = ctx.get();
    // Another ABI (i386 int 0x80, x32) would bypass rules written for x86_64 numbers.
    check_seccomp(seccomp_attr_set(c, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_ERRNO(EPERM)), filter, "bad-arch action");
    check_seccomp(seccomp_attr_set(c, SCMP_FLTATR_CTL_OPTIMIZE, 2), filter, "binary-tree optimisation");
    auto allow_all = [&](std::span<const char* const> names) {
        for (const char* name : names) {
            int nr = syscall_number(name);
            if (nr >= 0) check_seccomp(seccomp_rule_add(c, SCMP_ACT_ALLOW, nr, 0), filter, name);
        }
    };
    allow_all(common_allowed_calls());
    allow_all(runtime_allowed_calls(runtime));
    // Threads and forks pass; a namespace flag reaches the supervisor.
    check_seccomp(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                                   SCMP_A0(SCMP_CMP_MASKED_EQ, namespace_flags, 0)),
                  filter, "clone without namespace flags");
    // clone3's flags are in memory the filter cannot read: ENOSYS makes libc use clone.
    check_seccomp(seccomp_rule_add(c, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0), filter, "clone3");
    // Only the box's pid namespace is visible, so a positive pid stays inside; -1 (every
    // process) and process groups reach the supervisor. The kernel reads pid as 32 bits.
    check_seccomp(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1,
                                   SCMP_A0(SCMP_CMP_MASKED_EQ, 0x80000000u, 0)),
                  filter, "kill of a pid");
    for (unsigned long cmd : allowed_ioctls(runtime)) {
        check_seccomp(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
                                       SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffu, cmd)),
                      filter, "ioctl " + std::to_string(cmd));
    }
    for (std::uint32_t persona : allowed_personalities()) {
        check_seccomp(seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(personality), 1,
                                       SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffu, persona)),
                      filter, "personality");
    }
    return export_bpf(c);
}

}  // namespace

const std::vector<sock_filter>& runtime_allowlist_bpf(AllowlistRuntime runtime) {
    static std::array<std::vector<sock_filter>, 4> programs;
    static std::array<std::once_flag, 4> built;
    const auto index = static_cast<std::size_t>(runtime);
    std::call_once(built[index], [&] { programs[index] = build(runtime); });
    return programs[index];
}

}  // namespace sandbox::linux_box
