#include "proxy_request.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace sandbox::linux_netproxy {
namespace {

constexpr std::size_t max_summary = 200;

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool is_token(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
    });
}

// Splits "host:port", "[v6]:port" or (with a default) "host" into `req.host`/`req.port`.
// Returns an error text, empty when fine.
std::string parse_authority(std::string_view authority, std::uint16_t default_port, ProxyRequest& req) {
    std::string_view host = authority;
    std::string_view port;
    if (authority.find('@') != std::string_view::npos) return "user information in the target is not accepted";
    if (!authority.empty() && authority[0] == '[') {
        auto close = authority.find(']');
        if (close == std::string_view::npos) return "the target's '[' has no ']'";
        host = authority.substr(1, close - 1);
        std::string_view rest = authority.substr(close + 1);
        if (!rest.empty()) {
            if (rest[0] != ':') return "garbage after the target's ']'";
            port = rest.substr(1);
        }
        if (host.empty() || !std::all_of(host.begin(), host.end(), [](unsigned char c) {
                return std::isxdigit(c) || c == ':' || c == '.';
            }))
            return "the target's bracketed address is not an IPv6 address";
    } else {
        auto colon = authority.find(':');
        if (colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port = authority.substr(colon + 1);
        }
        if (host.empty() || host.size() > 253 || !std::all_of(host.begin(), host.end(), [](unsigned char c) {
                return std::isalnum(c) || c == '-' || c == '.';
            }))
            return "the target's host is not a host name or address";
    }
    if (port.empty()) {
        if (default_port == 0) return "the target has no port";
        req.port = default_port;
    } else {
        if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); }))
            return "the target's port is not a number";
        unsigned long n = std::stoul(std::string(port));
        if (n == 0 || n > 65535) return "the target's port is outside 1-65535";
        req.port = static_cast<std::uint16_t>(n);
    }
    req.host = std::string(host);
    return {};
}

std::vector<std::string_view> split_lines(std::string_view head) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < head.size()) {
        std::size_t end = head.find("\r\n", start);
        if (end == std::string_view::npos) end = head.size();
        lines.push_back(head.substr(start, end - start));
        start = end + 2;
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

ProxyRequest failed(std::string why) {
    ProxyRequest r;
    r.error = std::move(why);
    return r;
}

}  // namespace

ProxyRequest parse_request_head(std::string_view head) {
    std::vector<std::string_view> lines = split_lines(head);
    if (lines.empty()) return failed("empty request");
    std::string_view line = lines[0];
    auto sp1 = line.find(' ');
    auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
        return failed("the request line is not 'METHOD target HTTP/1.x'");
    std::string_view method = line.substr(0, sp1);
    std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string_view version = line.substr(sp2 + 1);
    if (!is_token(method) || (version != "HTTP/1.1" && version != "HTTP/1.0"))
        return failed("the request line is not 'METHOD target HTTP/1.x'");

    ProxyRequest req;
    if (method == "CONNECT") {
        req.tunnel = true;
        if (auto e = parse_authority(target, 0, req); !e.empty()) return failed(e);
        req.summary = "CONNECT " + std::string(target);
        return req;
    }
    constexpr std::string_view scheme = "http://";
    if (target.size() < scheme.size() || !iequals(target.substr(0, scheme.size()), scheme))
        return failed("only CONNECT host:port and absolute http:// URIs are proxied");
    std::string_view rest = target.substr(scheme.size());
    std::size_t path_start = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, path_start);
    std::string path = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
    if (path[0] == '?') path.insert(0, "/");
    if (auto e = parse_authority(authority, 80, req); !e.empty()) return failed(e);
    req.summary = std::string(method) + " " + std::string(target.substr(0, max_summary));

    // Origin form for the server; hop-by-hop and proxy headers dropped, Host set to the URI's
    // authority (RFC 9112 3.2.2), one request per connection.
    std::string out = std::string(method) + " " + path + " " + std::string(version) + "\r\n";
    out += "Host: " + std::string(authority) + "\r\n";
    for (std::size_t i = 1; i < lines.size(); ++i) {
        std::string_view h = lines[i];
        if (h[0] == ' ' || h[0] == '\t') return failed("folded header lines are not accepted");
        auto colon = h.find(':');
        if (colon == std::string_view::npos || !is_token(h.substr(0, colon)))
            return failed("a header line has no 'Name:'");
        std::string_view name = h.substr(0, colon);
        if (iequals(name, "Host") || iequals(name, "Connection") || iequals(name, "Proxy-Connection") ||
            iequals(name, "Keep-Alive") || iequals(name, "Proxy-Authorization"))
            continue;
        out += std::string(h) + "\r\n";
    }
    out += "Connection: close\r\n\r\n";
    req.upstream_head = std::move(out);
    return req;
}

}  // namespace sandbox::linux_netproxy
