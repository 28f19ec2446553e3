// What the egress proxy and its connections share (internal to lib/linux/netproxy).
#pragma once

#include "egress_proxy.hpp"
#include "host_allowlist.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <vector>

namespace sandbox::linux_netproxy {

class ProxySession;

struct EgressProxy::State {
    State(boost::asio::io_context& io, ProxyConfig config, EgressProxy::Report report);

    // Reports a network security event unless the proxy was stopped or the budget of
    // reported events is spent (then it is counted in `unreported`).
    void report(Severity severity, EventAction action, std::string detail);
    // Reports, once at stop, how many allowed and denied decisions the budget left out.
    void report_unreported();
    // The pinned addresses of `host` (normalized name), if any.
    const std::vector<boost::asio::ip::address>* pinned(const std::string& host) const;

    boost::asio::io_context& io;
    const ProxyConfig config;
    const HostAllowlist allowlist;
    std::map<std::string, std::vector<boost::asio::ip::address>> pinned_addresses;
    const EgressProxy::Report report_to;
    boost::asio::ip::tcp::acceptor acceptor;
    boost::asio::steady_timer retry_timer;  // after a failed accept
    bool stopped = false;
    std::size_t open_connections = 0;
    std::size_t reported = 0, unreported_allowed = 0, unreported_denied = 0;
    std::vector<std::weak_ptr<ProxySession>> sessions;  // to close them all on stop
};

}  // namespace sandbox::linux_netproxy
