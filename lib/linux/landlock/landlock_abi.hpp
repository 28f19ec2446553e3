// Landlock's kernel interface as of ABI 7. Debian 12's <linux/landlock.h> stops at ABI 2,
// so the later access rights, the network rule, the scope flags and the log flags are
// defined here under project names (values from the kernel's UAPI; they never change).
#pragma once

#include <linux/landlock.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

namespace sandbox::landlock {

// Filesystem rights (ABI 1 and 2 come from the Debian header).
constexpr std::uint64_t fs_truncate = 1ull << 14;   // ABI 3
constexpr std::uint64_t fs_ioctl_dev = 1ull << 15;  // ABI 5

// Network rights (ABI 4).
constexpr std::uint64_t net_bind_tcp = 1ull << 0;
constexpr std::uint64_t net_connect_tcp = 1ull << 1;

// Scopes (ABI 6): the box may not reach abstract unix sockets or signal processes outside
// its own Landlock domain.
constexpr std::uint64_t scope_abstract_unix_socket = 1ull << 0;
constexpr std::uint64_t scope_signal = 1ull << 1;

// landlock_restrict_self flags (ABI 7): audit logging of denials.
constexpr std::uint32_t restrict_log_same_exec_off = 1u << 0;
constexpr std::uint32_t restrict_log_new_exec_on = 1u << 1;
constexpr std::uint32_t restrict_log_subdomains_off = 1u << 2;

constexpr int rule_path_beneath = 1;
constexpr int rule_net_port = 2;

// The ABI 7 ruleset attribute: the kernel takes a prefix of it sized for its own ABI.
struct RulesetAttr {
    std::uint64_t handled_access_fs = 0;
    std::uint64_t handled_access_net = 0;  // ABI 4
    std::uint64_t scoped = 0;              // ABI 6
};

struct NetPortAttr {
    std::uint64_t allowed_access = 0;
    std::uint64_t port = 0;
};

// Rights every ABI up to `abi` knows, per kind; 0 for an ABI without that kind.
std::uint64_t fs_rights_of_abi(int abi) noexcept;
std::uint64_t net_rights_of_abi(int abi) noexcept;
std::uint64_t scopes_of_abi(int abi) noexcept;

// The rights that make sense on a rule for a file that is not a directory.
constexpr std::uint64_t fs_file_rights = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                                         LANDLOCK_ACCESS_FS_READ_FILE | fs_truncate | fs_ioctl_dev;

// The running kernel's Landlock ABI version, 0 when Landlock is absent or disabled.
// Asked once and cached.
int running_abi() noexcept;

// Raw system calls (glibc has no wrappers); inline so the box's child can use them.
inline int create_ruleset(const RulesetAttr* attr, std::size_t size, std::uint32_t flags) noexcept {
    return static_cast<int>(::syscall(SYS_landlock_create_ruleset, attr, size, flags));
}
inline int add_rule(int ruleset_fd, int rule_type, const void* rule_attr) noexcept {
    return static_cast<int>(::syscall(SYS_landlock_add_rule, ruleset_fd, rule_type, rule_attr, 0));
}
inline int restrict_self(int ruleset_fd, std::uint32_t flags) noexcept {
    return static_cast<int>(::syscall(SYS_landlock_restrict_self, ruleset_fd, flags));
}

}  // namespace sandbox::landlock
