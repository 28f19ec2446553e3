#include "egress_proxy.hpp"

#include "netns_listener.hpp"
#include "proxy_session.hpp"
#include "proxy_state.hpp"

#include <sandbox/error.hpp>

#include <boost/asio/write.hpp>

#include <algorithm>

namespace sandbox::linux_netproxy {

namespace asio = boost::asio;
using asio::ip::tcp;

constexpr int listen_backlog = 64;
constexpr std::chrono::milliseconds accept_retry_delay{100};

std::vector<std::string> proxy_environment(std::uint16_t port) {
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    return {"HTTP_PROXY=" + url, "HTTPS_PROXY=" + url, "http_proxy=" + url, "https_proxy=" + url,
            "NO_PROXY=", "no_proxy="};
}

EgressProxy::State::State(asio::io_context& io_context, ProxyConfig cfg, EgressProxy::Report report)
    : io(io_context), config(std::move(cfg)), allowlist(config.allowed_hosts), report_to(std::move(report)),
      acceptor(io_context), retry_timer(io_context) {
    if (allowlist.empty()) throw PolicyError("egress proxy: allowed_hosts is empty (no network needs no proxy)");
    if (config.max_connections == 0 || config.max_header_bytes < 64)
        throw PolicyError("egress proxy: max_connections must be at least 1 and max_header_bytes at least 64");
    for (const auto& [name, texts] : config.pinned_hosts) {
        if (texts.empty()) throw PolicyError("egress proxy: pinned host '" + name + "' has no address");
        auto& addresses = pinned_addresses[normalize_host(name)];
        for (const std::string& text : texts) {
            boost::system::error_code ec;
            asio::ip::address address = asio::ip::make_address(text, ec);
            if (ec) throw PolicyError("egress proxy: pinned host '" + name + "': '" + text + "' is not an IP address");
            addresses.push_back(address);
        }
    }
}

namespace {

Event network_event(Severity severity, EventAction action, std::string detail) {
    Event e;
    e.kind = EventKind::security;
    e.type = SecurityEventType::network;
    e.name = "egress";
    e.severity = severity;
    e.action = action;
    e.detail = std::move(detail);
    return e;
}

}  // namespace

void EgressProxy::State::report(Severity severity, EventAction action, std::string detail) {
    if (stopped || !report_to) return;
    if (reported == config.max_reported_events) {
        ++(action == EventAction::allowed ? unreported_allowed : unreported_denied);
        return;
    }
    ++reported;
    report_to(network_event(severity, action, std::move(detail)));
}

void EgressProxy::State::report_unreported() {
    if (stopped || !report_to) return;
    const std::string limit = " (limit " + std::to_string(config.max_reported_events) + " events)";
    if (unreported_allowed > 0)
        report_to(network_event(Severity::info, EventAction::allowed,
                                std::to_string(unreported_allowed) + " further allowed proxy requests not reported" + limit));
    if (unreported_denied > 0)
        report_to(network_event(Severity::medium, EventAction::denied,
                                std::to_string(unreported_denied) + " further denied proxy requests not reported" + limit));
}

const std::vector<asio::ip::address>* EgressProxy::State::pinned(const std::string& host) const {
    auto it = pinned_addresses.find(host);
    return it == pinned_addresses.end() ? nullptr : &it->second;
}

namespace {

void accept_next(const std::shared_ptr<EgressProxy::State>& state) {
    state->acceptor.async_accept([state](boost::system::error_code ec, tcp::socket client) {
        if (state->stopped || ec == asio::error::operation_aborted) return;
        if (ec) {
            // Out of fds or memory for a moment: try again shortly instead of spinning.
            state->retry_timer.expires_after(accept_retry_delay);
            state->retry_timer.async_wait([state](boost::system::error_code wait_ec) {
                if (!wait_ec && !state->stopped) accept_next(state);
            });
            return;
        }
        if (state->open_connections >= state->config.max_connections) {
            state->report(Severity::low, EventAction::denied,
                          "proxy connection refused: " + std::to_string(state->config.max_connections) +
                              " connections already open");
            // A fresh socket's send buffer is empty: this short answer never blocks.
            std::string busy = http_response(503, "Service Unavailable", "too many proxy connections");
            boost::system::error_code ignored;
            asio::write(client, asio::buffer(busy), ignored);
        } else {
            auto session = std::make_shared<ProxySession>(state, std::move(client));
            std::erase_if(state->sessions, [](const auto& weak) { return weak.expired(); });
            state->sessions.push_back(session);
            session->start();
        }
        accept_next(state);
    });
}

}  // namespace

EgressProxy::EgressProxy(std::shared_ptr<State> state) : state_(std::move(state)) {}

std::unique_ptr<EgressProxy> EgressProxy::start(asio::io_context& io, pid_t box_pid, ProxyConfig config,
                                                Report report) {
    auto state = std::make_shared<State>(io, std::move(config), std::move(report));
    int fd = listen_in_netns(box_pid, state->config.port, listen_backlog);
    boost::system::error_code ec;
    state->acceptor.assign(tcp::v4(), fd, ec);
    if (ec) {
        ::close(fd);
        throw SetupError("egress proxy: cannot watch the listening socket: " + ec.message());
    }
    std::unique_ptr<EgressProxy> proxy(new EgressProxy(std::move(state)));
    accept_next(proxy->state_);
    return proxy;
}


void EgressProxy::stop() {
    if (state_->stopped) return;
    state_->report_unreported();
    state_->stopped = true;
    boost::system::error_code ignored;
    state_->acceptor.close(ignored);
    state_->retry_timer.cancel();
    for (const auto& weak : state_->sessions)
        if (auto session = weak.lock()) session->close();
    state_->sessions.clear();
}

EgressProxy::~EgressProxy() { stop(); }

}  // namespace sandbox::linux_netproxy
