#include "socket_target.hpp"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>

namespace sandbox::linux_notify {
namespace {

// Printable form of an abstract or path name (NULs and control bytes as '?').
std::string printable(std::string_view raw) {
    std::string out;
    for (char c : raw) out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
    return out;
}

}  // namespace

SocketTarget decode_sockaddr(std::string_view bytes) {
    SocketTarget t;
    if (bytes.size() < sizeof(sa_family_t)) {
        t.text = "unreadable address";
        return t;
    }
    sa_family_t family = 0;
    std::memcpy(&family, bytes.data(), sizeof family);
    t.family = family;
    if (family == AF_INET && bytes.size() >= sizeof(sockaddr_in)) {
        sockaddr_in in{};
        std::memcpy(&in, bytes.data(), sizeof in);
        char addr[INET_ADDRSTRLEN] = {};
        ::inet_ntop(AF_INET, &in.sin_addr, addr, sizeof addr);
        t.port = ntohs(in.sin_port);
        t.loopback = (ntohl(in.sin_addr.s_addr) >> 24) == 127;
        t.text = std::string(addr) + ":" + std::to_string(t.port);
    } else if (family == AF_INET6 && bytes.size() >= sizeof(sockaddr_in6)) {
        sockaddr_in6 in6{};
        std::memcpy(&in6, bytes.data(), sizeof in6);
        char addr[INET6_ADDRSTRLEN] = {};
        ::inet_ntop(AF_INET6, &in6.sin6_addr, addr, sizeof addr);
        t.port = ntohs(in6.sin6_port);
        t.loopback = IN6_IS_ADDR_LOOPBACK(&in6.sin6_addr);
        t.text = "[" + std::string(addr) + "]:" + std::to_string(t.port);
    } else if (family == AF_UNIX) {
        std::string_view path = bytes.substr(sizeof(sa_family_t));
        t.abstract_unix = !path.empty() && path[0] == '\0';
        if (t.abstract_unix) {
            t.text = "unix:@" + printable(path.substr(1));
        } else {
            t.text = "unix:" + printable(path.substr(0, path.find('\0')));
        }
    } else if (family == AF_NETLINK) {
        t.text = "netlink";
    } else if (family == AF_UNSPEC) {
        t.text = "unspecified";
    } else {
        t.text = "family " + std::to_string(family);
        if (family == AF_INET || family == AF_INET6) t.text += " (short address)";
    }
    return t;
}

}  // namespace sandbox::linux_notify
