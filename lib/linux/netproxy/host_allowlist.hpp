// HostAllowlist: the "host[:port]" entries of SecurityPolicy::allowed_hosts, matched against
// the host and port a proxied request names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox::linux_netproxy {

// Host names compare case-insensitively and without a trailing dot.
std::string normalize_host(std::string_view host);

class HostAllowlist {
public:
    // Entries: "name", "name:port", "*.example.org[:port]" (any name below example.org, not
    // example.org itself), "1.2.3.4[:port]", "[v6 address][:port]". An entry without a port
    // allows the default ports 80 (plain HTTP) and 443 (CONNECT). Throws PolicyError naming
    // the entry that cannot be read.
    explicit HostAllowlist(const std::vector<std::string>& entries);

    bool allows(std::string_view host, std::uint16_t port) const;
    bool empty() const { return rules_.empty(); }

private:
    struct Rule {
        std::string host;        // normalized; for a wildcard the suffix ".example.org"
        bool wildcard = false;
        std::uint16_t port = 0;  // 0: the default ports 80 and 443
    };
    std::vector<Rule> rules_;
};

}  // namespace sandbox::linux_netproxy
