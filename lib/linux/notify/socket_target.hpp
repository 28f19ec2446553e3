// What a connect() or bind() names, decoded from the sockaddr bytes read out of the box.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sandbox::linux_notify {

struct SocketTarget {
    int family = -1;          // AF_*; -1 when the bytes could not be read or are too short
    std::string text;         // "127.0.0.1:80", "[::1]:53", "unix:/run/x", "unix:@name", "netlink", "family 17"
    std::uint16_t port = 0;   // AF_INET / AF_INET6
    bool loopback = false;    // 127.0.0.0/8 or ::1
    bool abstract_unix = false;
};

SocketTarget decode_sockaddr(std::string_view bytes);

}  // namespace sandbox::linux_notify
