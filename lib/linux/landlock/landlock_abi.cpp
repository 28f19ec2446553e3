#include "landlock_abi.hpp"

namespace sandbox::landlock {

std::uint64_t fs_rights_of_abi(int abi) noexcept {
    if (abi < 1) return 0;
    std::uint64_t rights = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;  // ABI 1: bits 0..12
    if (abi >= 2) rights |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3) rights |= fs_truncate;
    if (abi >= 5) rights |= fs_ioctl_dev;
    return rights;
}

std::uint64_t net_rights_of_abi(int abi) noexcept { return abi >= 4 ? net_bind_tcp | net_connect_tcp : 0; }

std::uint64_t scopes_of_abi(int abi) noexcept { return abi >= 6 ? scope_abstract_unix_socket | scope_signal : 0; }

int running_abi() noexcept {
    static const int abi = [] {
        int v = create_ruleset(nullptr, 0, LANDLOCK_CREATE_RULESET_VERSION);
        return v < 0 ? 0 : v;
    }();
    return abi;
}

}  // namespace sandbox::landlock
