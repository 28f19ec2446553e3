#include "host_allowlist.hpp"

#include <algorithm>

namespace sandbox::linux_netproxy {

HostAllowlist::HostAllowlist(const std::vector<std::string>& entries) {
    for (std::size_t i = 0; i < entries.size(); ++i)
        rules_.push_back(parse_host_entry(entries[i], "allowed_hosts[" + std::to_string(i) + "]"));
}

bool HostAllowlist::allows(std::string_view host, std::uint16_t port) const {
    const std::string name = normalize_host(host);
    return std::any_of(rules_.begin(), rules_.end(), [&](const HostEntry& rule) { return rule.matches(name, port); });
}

}  // namespace sandbox::linux_netproxy
