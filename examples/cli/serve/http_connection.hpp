// One connection to the status server: reads a request (bounded in size and time) and
// answers GET /api/v1/snapshot with the board's JSON, hands GET /api/v1/events over to an
// EventStream, and answers 404 for other paths, 405 for other methods, 400 for garbage.
// One request per connection.
#pragma once

#include "connection_registry.hpp"
#include "status_board.hpp"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <memory>

namespace sandbox_cli::serve {

class HttpConnection : public Closable, public std::enable_shared_from_this<HttpConnection> {
public:
    static constexpr std::chrono::seconds request_timeout{5};
    static constexpr std::size_t max_request_bytes = 16 * 1024;

    HttpConnection(boost::asio::ip::tcp::socket socket, std::unique_ptr<ConnectionRegistry::Slot> slot,
                   std::shared_ptr<StatusBoard> board);
    void start();
    void shut() override;

private:
    void on_request(boost::beast::error_code ec);
    void respond(boost::beast::http::status status, std::string body);

    boost::beast::tcp_stream stream_;
    std::unique_ptr<ConnectionRegistry::Slot> slot_;
    std::shared_ptr<StatusBoard> board_;
    boost::beast::flat_buffer buffer_;
    boost::beast::http::request_parser<boost::beast::http::string_body> parser_;
    boost::beast::http::response<boost::beast::http::string_body> response_;
};

}  // namespace sandbox_cli::serve
