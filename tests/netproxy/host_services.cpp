#include "host_services.hpp"

#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

#include <memory>

namespace netproxy_test {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

HostHttpServer::HostHttpServer(asio::io_context& io, std::string body)
    : acceptor_(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)), body_(std::move(body)) {
    port_ = acceptor_.local_endpoint().port();
    accept();
}

std::vector<std::string> HostHttpServer::heads() const {
    std::lock_guard lock(mutex_);
    return heads_;
}

void HostHttpServer::accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
        if (ec) return;
        ++connections_;
        struct Exchange {
            tcp::socket socket;
            std::string in, out;
        };
        auto x = std::make_shared<Exchange>(Exchange{std::move(socket), {}, {}});
        asio::async_read_until(x->socket, asio::dynamic_buffer(x->in), "\r\n\r\n",
                               [this, x](boost::system::error_code ec, std::size_t n) {
                                   if (ec) return;
                                   {
                                       std::lock_guard lock(mutex_);
                                       heads_.push_back(x->in.substr(0, n));
                                   }
                                   x->out = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body_.size()) +
                                            "\r\nConnection: close\r\n\r\n" + body_;
                                   asio::async_write(x->socket, asio::buffer(x->out),
                                                     [x](boost::system::error_code, std::size_t) {
                                                         boost::system::error_code ignored;
                                                         x->socket.shutdown(tcp::socket::shutdown_send, ignored);
                                                     });
                               });
        accept();
    });
}

HostUdpListener::HostUdpListener(asio::io_context& io)
    : socket_(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    port_ = socket_.local_endpoint().port();
    receive();
}

void HostUdpListener::receive() {
    socket_.async_receive_from(asio::buffer(buffer_), from_, [this](boost::system::error_code ec, std::size_t) {
        if (ec) return;
        ++datagrams_;
        receive();
    });
}

HostAbstractListener::HostAbstractListener(asio::io_context& io, const std::string& name) : acceptor_(io) {
    asio::local::stream_protocol::endpoint endpoint(std::string(1, '\0') + name);
    acceptor_.open();
    acceptor_.bind(endpoint);
    acceptor_.listen();
    accept();
}

void HostAbstractListener::accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, asio::local::stream_protocol::socket) {
        if (ec) return;
        ++connections_;
        accept();
    });
}

}  // namespace netproxy_test
