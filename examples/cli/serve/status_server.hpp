// The status endpoint of `sandbox-cli run --serve`: a Boost.Beast HTTP server on the
// supervisor's io_context, serving a StatusBoard (see README.md for the API). At most
// max_connections clients at once; more get 503.
#pragma once

#include "connection_registry.hpp"
#include "status_board.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>

namespace sandbox_cli::serve {

class StatusServer {
public:
    static constexpr std::size_t max_connections = 16;

    // Listens at once. Throws UsageError naming --serve when the address cannot be bound.
    StatusServer(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint,
                 std::shared_ptr<StatusBoard> board);

    boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
    // Stops accepting and shuts every open connection.
    void close();

private:
    void accept();

    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer retry_;
    std::shared_ptr<StatusBoard> board_;
    std::shared_ptr<ConnectionRegistry> registry_;
};

}  // namespace sandbox_cli::serve
