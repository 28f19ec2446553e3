#include "proxy_session.hpp"

#include "address_class.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

namespace sandbox::linux_netproxy {

namespace asio = boost::asio;
using boost::system::error_code;

// After an answer is queued, the client gets this long to take it before the socket closes.
constexpr std::chrono::milliseconds answer_grace{2000};

std::string http_response(int code, const std::string& reason, const std::string& body) {
    std::string text = body + "\n";
    return "HTTP/1.1 " + std::to_string(code) + " " + reason + "\r\nContent-Type: text/plain\r\nContent-Length: " +
           std::to_string(text.size()) + "\r\nConnection: close\r\n\r\n" + text;
}

ProxySession::ProxySession(std::shared_ptr<EgressProxy::State> state, tcp::socket client)
    : state_(std::move(state)),
      client_(std::move(client)),
      upstream_(state_->io),
      resolver_(state_->io),
      timer_(state_->io),
      to_server_{&client_, &upstream_},
      to_client_{&upstream_, &client_} {
    ++state_->open_connections;
}

void ProxySession::start() {
    extend_deadline(state_->config.idle_timeout);
    watch_deadline();
    asio::async_read_until(client_, asio::dynamic_buffer(inbound_, state_->config.max_header_bytes), "\r\n\r\n",
                           [self = shared_from_this()](error_code ec, std::size_t head_size) {
                               if (self->phase_ != Phase::reading_head) return;
                               if (ec == asio::error::not_found)
                                   return self->deny(431, "Request Header Fields Too Large",
                                                     "proxy request head longer than " +
                                                         std::to_string(self->state_->config.max_header_bytes) +
                                                         " bytes");
                               if (ec) return self->close();
                               self->on_head(head_size);
                           });
}

void ProxySession::close() {
    if (phase_ == Phase::closed) return;
    phase_ = Phase::closed;
    --state_->open_connections;
    error_code ignored;
    resolver_.cancel();
    timer_.cancel();
    client_.close(ignored);
    upstream_.close(ignored);
}

void ProxySession::extend_deadline(std::chrono::milliseconds from_now) {
    deadline_ = Clock::now() + from_now;
    if (deadline_ < timer_.expiry()) watch_deadline();  // sooner than the armed wait
}

// One timer per connection, re-armed at the current deadline when it fires early: activity
// that pushes the deadline later only moves it, without cancelling the armed wait.
void ProxySession::watch_deadline() {
    timer_.expires_at(deadline_);
    timer_.async_wait([self = shared_from_this()](error_code ec) {
        if (ec || self->phase_ == Phase::closed) return;
        if (Clock::now() < self->deadline_) return self->watch_deadline();
        if (self->phase_ == Phase::connecting) {
            error_code ignored;
            self->resolver_.cancel();
            self->upstream_.close(ignored);
            return self->answer_and_close(504, "Gateway Timeout",
                                          self->request_.summary + ": no connection within " +
                                              std::to_string(self->state_->config.connect_timeout.count()) + " ms");
        }
        self->close();
    });
}

void ProxySession::answer_and_close(int code, const std::string& reason, const std::string& body) {
    phase_ = Phase::answering;
    extend_deadline(answer_grace);
    outbound_ = http_response(code, reason, body);
    asio::async_write(client_, asio::buffer(outbound_), [self = shared_from_this()](error_code, std::size_t) {
        if (self->phase_ != Phase::answering) return;
        error_code ignored;
        self->client_.shutdown(tcp::socket::shutdown_send, ignored);
        self->close();
    });
}

void ProxySession::deny(int code, const std::string& reason, const std::string& detail) {
    state_->report(Severity::medium, EventAction::denied, detail);
    answer_and_close(code, reason, "rusty-sandbox egress proxy: " + detail);
}

void ProxySession::on_head(std::size_t head_size) {
    request_ = parse_request_head(std::string_view(inbound_).substr(0, head_size));
    inbound_.erase(0, head_size);  // what the client sent after the head goes on to the server
    if (!request_.error.empty()) return deny(400, "Bad Request", "malformed proxy request: " + request_.error);
    if (!state_->allowlist.allows(request_.host, request_.port))
        return deny(403, "Forbidden", request_.summary + " not in allowlist");
    state_->report(Severity::info, EventAction::allowed, request_.summary + " allowed");
    phase_ = Phase::connecting;
    extend_deadline(state_->config.connect_timeout);
    resolve();
}

void ProxySession::resolve() {
    const std::string host = normalize_host(request_.host);
    error_code not_literal;
    asio::ip::address literal = asio::ip::make_address(host, not_literal);
    // A literal address or a pinned name was chosen by whoever wrote the policy: used as is.
    if (!not_literal) return connect({tcp::endpoint(literal, request_.port)});
    if (const auto* pinned = state_->pinned(host)) {
        std::vector<tcp::endpoint> endpoints;
        for (const auto& address : *pinned) endpoints.emplace_back(address, request_.port);
        return connect(endpoints);
    }

    resolver_.async_resolve(host, std::to_string(request_.port), tcp::resolver::numeric_service,
                            [self = shared_from_this()](error_code ec, tcp::resolver::results_type results) {
                                if (self->phase_ != Phase::connecting) return;
                                if (ec)
                                    return self->answer_and_close(502, "Bad Gateway",
                                                                  self->request_.summary +
                                                                      ": cannot resolve: " + ec.message());
                                std::vector<tcp::endpoint> usable;
                                std::string refused;
                                for (const auto& entry : results) {
                                    std::string why = forbidden_class(entry.endpoint().address());
                                    if (why.empty()) {
                                        usable.push_back(entry.endpoint());
                                    } else if (refused.empty()) {
                                        refused = entry.endpoint().address().to_string() + " (" + why + ")";
                                    }
                                }
                                if (usable.empty())
                                    return self->deny(403, "Forbidden",
                                                      self->request_.summary + " resolved to " + refused +
                                                          ", which only a pinned address may name");
                                self->connect(usable);
                            });
}

void ProxySession::connect(const std::vector<tcp::endpoint>& endpoints) {
    asio::async_connect(upstream_, endpoints, [self = shared_from_this()](error_code ec, const tcp::endpoint&) {
        if (self->phase_ != Phase::connecting) return;
        if (ec)
            return self->answer_and_close(502, "Bad Gateway",
                                          self->request_.summary + ": cannot connect: " + ec.message());
        self->on_connected();
    });
}

void ProxySession::on_connected() {
    phase_ = Phase::relaying;
    extend_deadline(state_->config.idle_timeout);
    auto start_relay = [self = shared_from_this()](error_code ec, std::size_t) {
        if (self->phase_ != Phase::relaying) return;
        if (ec) return self->close();
        self->relay(self->to_server_);
        self->relay(self->to_client_);
    };
    if (request_.tunnel) {
        // The client may already have sent its first bytes (a TLS hello) after the head.
        outbound_ = "HTTP/1.1 200 Connection established\r\n\r\n";
        asio::async_write(client_, asio::buffer(outbound_),
                          [self = shared_from_this(), start_relay](error_code ec, std::size_t n) {
                              if (self->phase_ != Phase::relaying) return;
                              if (ec || self->inbound_.empty()) return start_relay(ec, n);
                              asio::async_write(self->upstream_, asio::buffer(self->inbound_), start_relay);
                          });
    } else {
        outbound_ = request_.upstream_head + inbound_;
        asio::async_write(upstream_, asio::buffer(outbound_), start_relay);
    }
}

void ProxySession::relay(Direction& d) {
    d.from->async_read_some(asio::buffer(d.buffer), [self = shared_from_this(), &d](error_code ec, std::size_t n) {
        if (self->phase_ != Phase::relaying) return;
        if (ec == asio::error::eof) {
            // Half-close: pass the end on, keep the other direction until it ends too.
            error_code ignored;
            d.to->shutdown(tcp::socket::shutdown_send, ignored);
            if (--self->open_directions_ == 0) self->close();
            return;
        }
        if (ec) return self->close();
        self->extend_deadline(self->state_->config.idle_timeout);
        asio::async_write(*d.to, asio::buffer(d.buffer.data(), n), [self, &d](error_code ec, std::size_t) {
            if (self->phase_ != Phase::relaying) return;
            if (ec) return self->close();
            self->extend_deadline(self->state_->config.idle_timeout);
            self->relay(d);
        });
    });
}

}  // namespace sandbox::linux_netproxy
