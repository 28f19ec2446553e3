// Which destination addresses a name resolved through DNS may not lead to.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <string>

namespace sandbox::linux_netproxy {

// "loopback", "link-local", "multicast" or "unspecified" for an address a DNS answer must not
// send the proxy to (the host's own services, cloud metadata at 169.254.169.254), also when
// written as an IPv4-mapped IPv6 address; empty for any other address.
std::string forbidden_class(const boost::asio::ip::address& address);

}  // namespace sandbox::linux_netproxy
