// One entry of SecurityPolicy::allowed_hosts ("host[:port]") and the names and addresses of
// SecurityPolicy::host_resolution, read by one parser: the policy's validation and the egress
// proxy's HostAllowlist must accept exactly the same entries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sandbox {

struct HostEntry {
    std::string host;        // normalized; for a wildcard the suffix ".example.org" (with the dot)
    bool wildcard = false;   // "*.example.org": any name below example.org, not example.org itself
    std::uint16_t port = 0;  // 0: the default ports 80 (plain HTTP) and 443 (CONNECT)

    // Whether `name` (normalized) is this entry's host or, for a wildcard, a name below it.
    bool matches_host(std::string_view name) const;
    bool matches(std::string_view name, std::uint16_t port) const;
};

// Host names compare case-insensitively and without a trailing dot.
std::string normalize_host(std::string_view host);

// "name", "name:port", "*.example.org[:port]", "1.2.3.4[:port]", "[v6 address][:port]".
// Throws PolicyError "<field>: '<entry>' <why>".
HostEntry parse_host_entry(std::string_view entry, std::string_view field);

// A literal IPv4 (dotted quad) or IPv6 address, without brackets or zone.
bool is_ip_literal(std::string_view text);

// Why `name` (normalized) is not a DNS host name (labels of 1-63 letters, digits, '-' or '_',
// not starting or ending with '-', 253 characters in all), or empty when it is one.
std::string dns_name_problem(std::string_view name);

}  // namespace sandbox
