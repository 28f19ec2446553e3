#include "host_allowlist.hpp"

#include <sandbox/error.hpp>

#include <algorithm>
#include <cctype>

namespace sandbox::linux_netproxy {

std::string normalize_host(std::string_view host) {
    std::string out(host);
    if (!out.empty() && out.back() == '.') out.pop_back();
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

namespace {

[[noreturn]] void bad_entry(const std::string& entry, const std::string& why) {
    throw PolicyError("allowed_hosts: '" + entry + "' " + why);
}

std::uint16_t parse_port(const std::string& entry, const std::string& text) {
    if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos)
        bad_entry(entry, "has an invalid port");
    unsigned long port = std::stoul(text);
    if (port == 0 || port > 65535) bad_entry(entry, "has a port outside 1-65535");
    return static_cast<std::uint16_t>(port);
}

}  // namespace

HostAllowlist::HostAllowlist(const std::vector<std::string>& entries) {
    for (const std::string& entry : entries) {
        std::string host = entry;
        std::string port;
        if (!entry.empty() && entry[0] == '[') {
            auto close = entry.find(']');
            if (close == std::string::npos) bad_entry(entry, "has no closing ']'");
            host = entry.substr(1, close - 1);
            if (close + 1 < entry.size()) {
                if (entry[close + 1] != ':') bad_entry(entry, "is not [address]:port");
                port = entry.substr(close + 2);
            }
        } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
            auto colon = entry.find(':');
            host = entry.substr(0, colon);
            port = entry.substr(colon + 1);
        } else if (entry.find(':') != std::string::npos) {
            bad_entry(entry, "looks like an IPv6 address: write it as [address] or [address]:port");
        }
        Rule rule;
        rule.host = normalize_host(host);
        if (rule.host.starts_with("*.")) {
            rule.wildcard = true;
            rule.host.erase(0, 1);  // keep the dot: "*.example.org" matches "a.example.org" only
        }
        if (rule.host.empty() || rule.host == "." || rule.host.find('*') != std::string::npos)
            bad_entry(entry, "is not a host name, address or '*.domain' wildcard");
        if (!port.empty()) rule.port = parse_port(entry, port);
        rules_.push_back(std::move(rule));
    }
}

bool HostAllowlist::allows(std::string_view host, std::uint16_t port) const {
    const std::string name = normalize_host(host);
    for (const Rule& rule : rules_) {
        bool port_ok = rule.port == 0 ? (port == 80 || port == 443) : port == rule.port;
        if (!port_ok) continue;
        if (rule.wildcard ? name.size() > rule.host.size() && name.ends_with(rule.host) : name == rule.host)
            return true;
    }
    return false;
}

}  // namespace sandbox::linux_netproxy
