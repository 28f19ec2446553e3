// The seccomp tables and builders: no allowlist holds a watched or dangerous call, the
// personality blocks cover exactly what is not allowed, every runtime's filter builds.
#include "seccomp_filter.hpp"
#include "syscall_tables.hpp"
#include "value_blocks.hpp"

#include <doctest/doctest.h>

#include <seccomp.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>

using namespace sandbox::linux_box;

namespace {

constexpr AllowlistRuntime all_runtimes[] = {AllowlistRuntime::python, AllowlistRuntime::javascript,
                                              AllowlistRuntime::shell, AllowlistRuntime::native};

bool covered(const std::vector<MaskedValue>& blocks, std::uint32_t v) {
    return std::any_of(blocks.begin(), blocks.end(), [v](const MaskedValue& b) { return (v & b.mask) == b.value; });
}

}  // namespace

TEST_CASE("no allowlist lets a watched or kernel-wide call through") {
    std::set<std::string> forbidden(watched_calls().begin(), watched_calls().end());
    for (const char* name : {"ptrace", "mount", "umount2", "pivot_root", "unshare", "setns", "bpf", "perf_event_open",
                             "keyctl", "add_key", "init_module", "finit_module", "kexec_load", "reboot", "userfaultfd",
                             "io_uring_setup", "open_by_handle_at", "process_vm_readv", "process_vm_writev", "clone",
                             "clone3", "ioctl", "personality", "kill"})
        forbidden.insert(name);
    for (auto runtime : all_runtimes) {
        INFO(to_string(runtime));
        for (const char* name : common_allowed_calls()) CHECK_MESSAGE(!forbidden.count(name), name);
        for (const char* name : runtime_allowed_calls(runtime)) CHECK_MESSAGE(!forbidden.count(name), name);
    }
}

TEST_CASE("every allowlisted name is a system call of this architecture") {
    for (auto runtime : all_runtimes) {
        for (const char* name : common_allowed_calls()) CHECK_MESSAGE(seccomp_syscall_resolve_name(name) >= 0, name);
        for (const char* name : runtime_allowed_calls(runtime)) CHECK_MESSAGE(seccomp_syscall_resolve_name(name) >= 0, name);
    }
}

TEST_CASE("personality blocks: allowed values uncovered, everything else covered") {
    auto blocks = blocks_outside(allowed_personalities());
    for (std::uint32_t v : allowed_personalities()) CHECK_FALSE(covered(blocks, v));
    for (std::uint32_t v : {0x0040000u /* ADDR_NO_RANDOMIZE */, 0x0400000u /* READ_IMPLIES_EXEC */, 1u, 7u, 9u,
                            0x20001u, 0x20009u, 0xfffffffeu, 0x80000000u})
        CHECK_MESSAGE(covered(blocks, v), v);
    std::mt19937 rng(42);
    std::set<std::uint32_t> allowed(allowed_personalities().begin(), allowed_personalities().end());
    for (int i = 0; i < 100000; ++i) {
        std::uint32_t v = rng();
        CHECK(covered(blocks, v) == !allowed.count(v));
    }
    CHECK(blocks.size() < 100);  // the filter stays small
}

TEST_CASE("blocks_outside of nothing is the whole space; of everything near 0 starts after it") {
    auto all = blocks_outside({});
    REQUIRE(all.size() == 1);
    CHECK(all[0].mask == 0);
    std::uint32_t zero[] = {0};
    auto rest = blocks_outside(zero);
    CHECK_FALSE(covered(rest, 0));
    CHECK(covered(rest, 1));
    CHECK(covered(rest, 0xffffffffu));
}

TEST_CASE("each runtime's allowlist and the denylist build and fit one BPF program") {
    for (auto runtime : all_runtimes) {
        const auto& program = runtime_allowlist_bpf(runtime);
        CHECK(!program.empty());
        CHECK(program.size() < 4096);
        CHECK(&program == &runtime_allowlist_bpf(runtime));  // cached
    }
    CHECK(standard_denylist_bpf().size() < 4096);
}

TEST_CASE("a command resolves to its allowlist family") {
    CHECK(allowlist_runtime_for("python", "/usr/bin/python3") == AllowlistRuntime::python);
    CHECK(allowlist_runtime_for("javascript", "/usr/bin/node") == AllowlistRuntime::javascript);
    CHECK(allowlist_runtime_for("shell", "/bin/sh") == AllowlistRuntime::shell);
    CHECK(allowlist_runtime_for("", "/usr/bin/sh") == AllowlistRuntime::shell);
    CHECK(allowlist_runtime_for("", "/usr/bin/bash") == AllowlistRuntime::shell);
    CHECK(allowlist_runtime_for("", "/work/a.out") == AllowlistRuntime::native);
}
