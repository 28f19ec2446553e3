// The head of one request a box program sends to the egress proxy: CONNECT host:port (a
// tunnel, for HTTPS) or a plain HTTP request with an absolute URI (GET http://host[:port]/p).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sandbox::linux_netproxy {

struct ProxyRequest {
    std::string error;          // non-empty: the head cannot be served (answered with 400)
    bool tunnel = false;        // CONNECT
    std::string host;           // as written, without brackets; checked for allowed characters
    std::uint16_t port = 0;
    std::string summary;        // "CONNECT evil.test:443" or "GET http://a.test/x", for events
    std::string upstream_head;  // plain HTTP: the head to send the origin server
};

// `head` is everything up to and including the blank line ("\r\n\r\n").
ProxyRequest parse_request_head(std::string_view head);

}  // namespace sandbox::linux_netproxy
