#include "address_class.hpp"

namespace sandbox::linux_netproxy {

std::string forbidden_class(const boost::asio::ip::address& address) {
    namespace ip = boost::asio::ip;
    if (address.is_v6()) {
        ip::address_v6 v6 = address.to_v6();
        if (v6.is_v4_mapped()) return forbidden_class(ip::make_address_v4(ip::v4_mapped, v6));
        if (v6.is_loopback()) return "loopback";
        if (v6.is_link_local()) return "link-local";
        if (v6.is_multicast()) return "multicast";
        if (v6.is_unspecified()) return "unspecified";
        return {};
    }
    ip::address_v4 v4 = address.to_v4();
    auto bits = v4.to_uint();
    if (v4.is_loopback()) return "loopback";
    if ((bits & 0xFFFF0000u) == 0xA9FE0000u) return "link-local";  // 169.254.0.0/16
    if (v4.is_multicast()) return "multicast";
    if (v4.is_unspecified() || (bits & 0xFF000000u) == 0) return "unspecified";  // 0.0.0.0/8
    return {};
}

}  // namespace sandbox::linux_netproxy
