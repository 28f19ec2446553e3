#include "landlock_rules.hpp"

#include "landlock_abi.hpp"

#include <algorithm>

namespace sandbox::landlock {
namespace {

constexpr std::uint64_t read_rights = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
constexpr std::uint64_t exec_rights = read_rights | LANDLOCK_ACCESS_FS_EXECUTE;
// Everything but device nodes: create, change, remove, rename (REFER) and truncate.
constexpr std::uint64_t write_rights =
    read_rights | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
    LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
    LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_SYM | LANDLOCK_ACCESS_FS_REFER | fs_truncate;
constexpr std::uint64_t dev_rights = read_rights | LANDLOCK_ACCESS_FS_WRITE_FILE | fs_truncate | fs_ioctl_dev;

void note_downgrades(int abi, std::vector<std::string>& degraded) {
    if (abi < 2) degraded.push_back("landlock ABI " + std::to_string(abi) + ": no REFER right, renames across directories are refused");
    if (abi < 3) degraded.push_back("landlock ABI " + std::to_string(abi) + ": truncate is not controlled");
    if (abi < 4) degraded.push_back("landlock ABI " + std::to_string(abi) + ": TCP bind/connect not restricted by Landlock (network namespace only)");
    if (abi < 5) degraded.push_back("landlock ABI " + std::to_string(abi) + ": device ioctls are not controlled");
    if (abi < 6) degraded.push_back("landlock ABI " + std::to_string(abi) + ": abstract unix sockets and signals are not scoped");
    if (abi < 7) degraded.push_back("landlock ABI " + std::to_string(abi) + ": denials are not written to the audit log");
}

}  // namespace

linux_box::LandlockRules rules_for(const SecurityPolicy& policy, const linux_box::BoxPlan& plan, int abi,
                                   std::vector<std::string>& degraded) {
    linux_box::LandlockRules rules;
    if (abi < 1) {
        degraded.push_back("landlock: not available on this kernel; files are confined by the mount namespace only");
        return rules;
    }
    note_downgrades(abi, degraded);
    const std::uint64_t fs = fs_rights_of_abi(abi);
    rules.handled_fs = fs;
    auto grant = [&](const std::string& path, std::uint64_t access, bool optional) {
        rules.paths.push_back({path, access & fs, optional});
    };
    auto listed = [&](const std::string& path) {
        for (const auto* list : {&policy.files.read, &policy.files.exec, &policy.files.write})
            if (std::find(list->begin(), list->end(), path) != list->end()) return true;
        return false;
    };
    for (const auto& bind : plan.binds)
        if (!listed(bind.target)) grant(bind.target, bind.writable ? write_rights : exec_rights, bind.optional);
    grant("/proc", read_rights, false);
    grant("/dev", dev_rights, false);
    grant(plan.workdir, write_rights | LANDLOCK_ACCESS_FS_EXECUTE, false);
    grant("/tmp", policy.level == SecurityLevel::maximum ? read_rights : write_rights, false);
    for (const auto& path : policy.files.read) grant(path, read_rights, true);
    for (const auto& path : policy.files.exec) grant(path, exec_rights, true);
    for (const auto& path : policy.files.write) grant(path, write_rights, true);

    rules.handled_net = net_rights_of_abi(abi);
    if (rules.handled_net && !policy.allowed_hosts.empty()) rules.connect_ports.push_back(proxy_port);
    rules.scoped = scopes_of_abi(abi);
    if (abi >= 7) rules.restrict_flags = restrict_log_new_exec_on;
    return rules;
}

}  // namespace sandbox::landlock
