#include "status_server.hpp"

#include "../usage_error.hpp"
#include "http_connection.hpp"

#include <boost/asio/write.hpp>

namespace sandbox_cli::serve {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr std::string_view busy_response =
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Content-Type: application/json\r\n"
    "Content-Length: 36\r\n"
    "Connection: close\r\n"
    "\r\n"
    "{\"error\":\"too many status clients\"}\n";

// The connection limit is reached: say so and close, without reading the request.
void turn_away(tcp::socket socket) {
    auto held = std::make_shared<tcp::socket>(std::move(socket));
    asio::async_write(*held, asio::buffer(busy_response), [held](boost::system::error_code, std::size_t) {
        boost::system::error_code ignored;
        held->shutdown(tcp::socket::shutdown_both, ignored);
        held->close(ignored);
    });
}

}  // namespace

StatusServer::StatusServer(asio::io_context& io, const tcp::endpoint& endpoint, std::shared_ptr<StatusBoard> board)
    : acceptor_(io), retry_(io), board_(std::move(board)), registry_(std::make_shared<ConnectionRegistry>(max_connections)) {
    boost::system::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        throw UsageError("--serve: cannot listen on " + endpoint.address().to_string() + " port " +
                         std::to_string(endpoint.port()) + ": " + ec.message());
    }
    accept();
}

void StatusServer::accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
        if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
        if (ec) {
            // Out of descriptors or the like: try again a little later instead of spinning.
            retry_.expires_after(std::chrono::milliseconds(100));
            retry_.async_wait([this](boost::system::error_code waited) {
                if (!waited && acceptor_.is_open()) accept();
            });
            return;
        }
        if (auto slot = registry_->take()) {
            std::make_shared<HttpConnection>(std::move(socket), std::move(slot), board_)->start();
        } else {
            turn_away(std::move(socket));
        }
        accept();
    });
}

void StatusServer::close() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    retry_.cancel();
    registry_->shut_all();
}

}  // namespace sandbox_cli::serve
