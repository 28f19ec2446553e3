// EgressProxy: the box's only way out when SecurityPolicy::allowed_hosts is set. An HTTP
// proxy (CONNECT tunnels and plain http:// requests) listening on 127.0.0.1:<port> inside the
// box's network namespace, served on the supervisor's io_context; it resolves and connects
// from the host side, only to allowlisted hosts, and reports every decision as an event.
#pragma once

#include <sandbox/event.hpp>

#include <boost/asio/io_context.hpp>

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sandbox::linux_netproxy {

// The port the proxy listens on in the box unless configured otherwise: the one TCP port a
// Landlock connect rule must leave open for a box with allowed_hosts.
constexpr std::uint16_t default_proxy_port = 3128;

struct ProxyConfig {
    std::vector<std::string> allowed_hosts;  // SecurityPolicy::allowed_hosts syntax
    // The box's network namespace is its own, so a fixed port is always free there; it is
    // known before the box starts, for the proxy variables of its environment.
    std::uint16_t port = default_proxy_port;
    // Name -> IP addresses used instead of DNS, tried in order (SecurityPolicy::host_resolution:
    // tests, and users who pin what a name means). A pinned or literal address may be
    // anything; a name resolved through DNS must not lead to a loopback, link-local,
    // multicast or unspecified address (rebinding to the host's own services).
    std::map<std::string, std::vector<std::string>> pinned_hosts;
    std::size_t max_connections = 64;  // further connections get 503
    std::size_t max_header_bytes = 8 * 1024;
    std::chrono::milliseconds idle_timeout{60'000};    // no byte either way: closed
    std::chrono::milliseconds connect_timeout{10'000};  // resolution and connect together
    // Events reported one by one; past this, decisions are only counted and one event at
    // stop() tells how many were left out (a box looping on denied requests must not grow
    // the run's event list without bound).
    std::size_t max_reported_events = 256;
};

// HTTP_PROXY, HTTPS_PROXY (and lower-case forms) pointing at the proxy, NO_PROXY empty:
// "KEY=VALUE" entries for the box's environment.
std::vector<std::string> proxy_environment(std::uint16_t port);

class EgressProxy {
public:
    // Receives each security event (kind security, type network); the caller stamps run id
    // and time. Called on the io_context's thread.
    using Report = std::function<void(Event)>;

    // Creates the listener inside the network namespace of `box_pid` (so it exists before
    // the box's program can run when called before the box is released) and starts
    // accepting on `io`. Throws PolicyError for an unreadable allowlist or pinned address,
    // SetupError when the listener cannot be made.
    static std::unique_ptr<EgressProxy> start(boost::asio::io_context& io, pid_t box_pid, ProxyConfig config,
                                              Report report);

    // Closes the listener and every connection, reports how many decisions went unreported
    // (if any), and reports nothing afterwards. Call on the io_context's thread (the
    // destructor does it too).
    void stop();
    ~EgressProxy();

    EgressProxy(const EgressProxy&) = delete;
    EgressProxy& operator=(const EgressProxy&) = delete;

    struct State;  // shared with the connections, which may outlive the proxy by a handler

private:
    explicit EgressProxy(std::shared_ptr<State> state);
    std::shared_ptr<State> state_;
};

}  // namespace sandbox::linux_netproxy
