// One client connection of the egress proxy: reads the request head, decides, connects from
// the host side and relays bytes both ways until either side is done or it idles out.
#pragma once

#include "proxy_request.hpp"
#include "proxy_state.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <string>

namespace sandbox::linux_netproxy {

// "HTTP/1.1 <code> <reason>" with a short text body, closing the connection.
std::string http_response(int code, const std::string& reason, const std::string& body);

class ProxySession : public std::enable_shared_from_this<ProxySession> {
public:
    ProxySession(std::shared_ptr<EgressProxy::State> state, boost::asio::ip::tcp::socket client);
    void start();
    // Closes both sockets and stops every pending operation; idempotent.
    void close();

private:
    using tcp = boost::asio::ip::tcp;
    using Clock = std::chrono::steady_clock;
    enum class Phase { reading_head, connecting, relaying, answering, closed };
    struct Direction {
        tcp::socket* from;
        tcp::socket* to;
        std::array<char, 16 * 1024> buffer{};
    };

    void on_head(std::size_t head_size);
    void resolve();
    void connect(const std::vector<tcp::endpoint>& endpoints);
    void on_connected();
    void relay(Direction& direction);
    void answer_and_close(int code, const std::string& reason, const std::string& body);
    void deny(int code, const std::string& reason, const std::string& detail);
    void extend_deadline(std::chrono::milliseconds from_now);
    void watch_deadline();

    std::shared_ptr<EgressProxy::State> state_;
    tcp::socket client_, upstream_;
    tcp::resolver resolver_;
    boost::asio::steady_timer timer_;
    Clock::time_point deadline_;
    Phase phase_ = Phase::reading_head;
    std::string inbound_;   // the request head and whatever the client sent right after it
    std::string outbound_;  // the answer to the client, or the first bytes for the server
    ProxyRequest request_;
    Direction to_server_, to_client_;
    int open_directions_ = 2;
};

}  // namespace sandbox::linux_netproxy
