// Services the proxy tests run on the host side, on the test's io_context: a loopback HTTP
// server, a UDP listener (a stand-in DNS server) and an abstract unix socket listener.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/local/stream_protocol.hpp>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace netproxy_test {

// Answers every request on 127.0.0.1:<ephemeral> with 200 and `body`; keeps the heads.
class HostHttpServer {
public:
    HostHttpServer(boost::asio::io_context& io, std::string body);
    std::uint16_t port() const { return port_; }
    int connections() const { return connections_; }
    std::vector<std::string> heads() const;

private:
    void accept();
    boost::asio::ip::tcp::acceptor acceptor_;
    std::string body_;
    std::uint16_t port_ = 0;
    std::atomic<int> connections_{0};
    mutable std::mutex mutex_;
    std::vector<std::string> heads_;
};

// Counts datagrams arriving on 127.0.0.1:<ephemeral>.
class HostUdpListener {
public:
    explicit HostUdpListener(boost::asio::io_context& io);
    std::uint16_t port() const { return port_; }
    int datagrams() const { return datagrams_; }

private:
    void receive();
    boost::asio::ip::udp::socket socket_;
    std::uint16_t port_ = 0;
    std::array<char, 2048> buffer_{};
    boost::asio::ip::udp::endpoint from_;
    std::atomic<int> datagrams_{0};
};

// Counts connections to an abstract unix socket named `name` (without the leading NUL).
class HostAbstractListener {
public:
    HostAbstractListener(boost::asio::io_context& io, const std::string& name);
    int connections() const { return connections_; }

private:
    void accept();
    boost::asio::local::stream_protocol::acceptor acceptor_;
    std::atomic<int> connections_{0};
};

}  // namespace netproxy_test
