// HostAllowlist: the "host[:port]" entries of SecurityPolicy::allowed_hosts, matched against
// the host and port a proxied request names. The entries are read by sandbox::parse_host_entry,
// the same parser the policy's validation uses.
#pragma once

#include "../../host_entry.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox::linux_netproxy {

using sandbox::normalize_host;

class HostAllowlist {
public:
    // Entries as parse_host_entry reads them. Throws PolicyError naming the entry
    // ("allowed_hosts[2]: 'foo*bar' ...") that cannot be read.
    explicit HostAllowlist(const std::vector<std::string>& entries);

    bool allows(std::string_view host, std::uint16_t port) const;
    bool empty() const { return rules_.empty(); }

private:
    std::vector<HostEntry> rules_;
};

}  // namespace sandbox::linux_netproxy
