// The Prometheus listen address: "PORT", "HOST:PORT" or "[IPv6]:PORT"; a bare port binds
// loopback, never every interface.
#pragma once

#include <string>
#include <string_view>

namespace sandbox::telemetry {

struct ListenAddress {
    std::string host;  // as civetweb wants it: "127.0.0.1" or "[::1]"
    unsigned port = 0;
    std::string civetweb_option() const { return host + ":" + std::to_string(port); }
};

// Throws PolicyError naming the field when the address is malformed.
ListenAddress parse_listen_address(std::string_view text);

}  // namespace sandbox::telemetry
