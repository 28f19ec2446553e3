#include "host_entry.hpp"

#include <sandbox/error.hpp>

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace sandbox {
namespace {

constexpr std::size_t max_name_length = 253;
constexpr std::size_t max_label_length = 63;

bool is_address(int family, std::string_view text) {
    if (text.empty() || text.size() > INET6_ADDRSTRLEN) return false;
    unsigned char buffer[sizeof(struct in6_addr)];
    return ::inet_pton(family, std::string(text).c_str(), buffer) == 1;
}

}  // namespace

std::string normalize_host(std::string_view host) {
    std::string out(host);
    if (!out.empty() && out.back() == '.') out.pop_back();
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_ip_literal(std::string_view text) { return is_address(AF_INET, text) || is_address(AF_INET6, text); }

std::string dns_name_problem(std::string_view name) {
    if (name.empty()) return "has no host name";
    if (name.size() > max_name_length) return "has a host name longer than 253 characters";
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t end = std::min(name.find('.', start), name.size());
        std::string_view label = name.substr(start, end - start);
        if (label.empty()) return "has an empty label (two dots in a row, or a leading dot)";
        if (label.size() > max_label_length) return "has a label longer than 63 characters";
        if (label.front() == '-' || label.back() == '-') return "has a label that starts or ends with '-'";
        for (char c : label)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'))
                return c == '*' ? "may hold '*' only as a whole first label ('*.example.org')"
                                : "has a character not allowed in a host name";
        start = end + 1;
    }
    return {};
}

bool HostEntry::matches_host(std::string_view name) const {
    return wildcard ? name.size() > host.size() && name.ends_with(host) : name == host;
}

bool HostEntry::matches(std::string_view name, std::uint16_t request_port) const {
    bool port_ok = port == 0 ? (request_port == 80 || request_port == 443) : request_port == port;
    return port_ok && matches_host(name);
}

HostEntry parse_host_entry(std::string_view entry_view, std::string_view field) {
    const std::string entry(entry_view);
    auto bad = [&](const std::string& why) {
        throw PolicyError(std::string(field) + ": '" + entry + "' " + why);
    };
    if (entry.empty()) bad("is empty");
    std::string host = entry;
    std::string port;
    bool bracketed = false;
    if (entry[0] == '[') {
        auto close = entry.find(']');
        if (close == std::string::npos) bad("has no closing ']'");
        host = entry.substr(1, close - 1);
        bracketed = true;
        if (close + 1 < entry.size()) {
            if (entry[close + 1] != ':') bad("is not [address]:port");
            port = entry.substr(close + 2);
            if (port.empty()) bad("has an empty port");
        }
    } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
        auto colon = entry.find(':');
        host = entry.substr(0, colon);
        port = entry.substr(colon + 1);
        if (port.empty()) bad("has an empty port");
    } else if (entry.find(':') != std::string::npos) {
        bad("looks like an IPv6 address: write it as [address] or [address]:port");
    }

    HostEntry result;
    if (bracketed) {
        if (!is_address(AF_INET6, host)) bad("does not hold an IPv6 address between '[' and ']'");
        result.host = normalize_host(host);
    } else {
        result.host = normalize_host(host);
        if (result.host.starts_with("*.")) {
            result.wildcard = true;
            result.host.erase(0, 1);  // keep the dot: "*.example.org" matches "a.example.org" only
        }
        std::string_view name = result.wildcard ? std::string_view(result.host).substr(1) : result.host;
        if (!is_address(AF_INET, name)) {
            if (std::string why = dns_name_problem(name); !why.empty()) bad(why);
        } else if (result.wildcard) {
            bad("puts a wildcard before an address");
        }
    }
    if (!port.empty()) {
        if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) bad("has an invalid port");
        unsigned long number = std::stoul(port);
        if (number == 0 || number > 65535) bad("has an invalid port: outside 1-65535");
        result.port = static_cast<std::uint16_t>(number);
    }
    return result;
}

}  // namespace sandbox
