#include "http_connection.hpp"

#include "event_stream.hpp"

#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json.hpp>

#include <string_view>

namespace sandbox_cli::serve {

namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr std::string_view snapshot_path = "/api/v1/snapshot";
constexpr std::string_view events_path = "/api/v1/events";

std::string error_json(std::string_view message) {
    return boost::json::serialize(boost::json::object{{"error", message}});
}

}  // namespace

HttpConnection::HttpConnection(boost::asio::ip::tcp::socket socket, std::unique_ptr<ConnectionRegistry::Slot> slot,
                               std::shared_ptr<StatusBoard> board)
    : stream_(std::move(socket)), slot_(std::move(slot)), board_(std::move(board)) {
    parser_.header_limit(max_request_bytes);
    parser_.body_limit(max_request_bytes);
}

void HttpConnection::start() {
    slot_->held_by(weak_from_this());
    stream_.expires_after(request_timeout);
    http::async_read(stream_, buffer_, parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_request(ec); });
}

void HttpConnection::shut() { stream_.cancel(); }

void HttpConnection::on_request(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == boost::asio::error::operation_aborted) {
        stream_.close();
        return;
    }
    if (ec) return respond(http::status::bad_request, error_json("bad request: " + ec.message()));

    const auto& request = parser_.get();
    std::string_view target = request.target();
    std::string_view path = target.substr(0, target.find('?'));
    if (path != snapshot_path && path != events_path)
        return respond(http::status::not_found, error_json("no such resource: " + std::string(path)));
    if (request.method() != http::verb::get) {
        response_.set(http::field::allow, "GET");
        return respond(http::status::method_not_allowed,
                       error_json(std::string(request.method_string()) + " is not allowed here, only GET"));
    }
    if (path == snapshot_path) return respond(http::status::ok, board_->snapshot_json());
    stream_.expires_never();
    std::make_shared<EventStream>(std::move(stream_), std::move(slot_), board_)->start();
}

void HttpConnection::respond(http::status status, std::string body) {
    response_.result(status);
    response_.version(11);
    response_.set(http::field::content_type, "application/json");
    response_.set(http::field::cache_control, "no-store");
    response_.keep_alive(false);
    response_.body() = std::move(body);
    response_.prepare_payload();
    stream_.expires_after(request_timeout);
    http::async_write(stream_, response_, [self = shared_from_this()](beast::error_code, std::size_t) {
        beast::error_code ignored;
        self->stream_.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
        self->stream_.close();
    });
}

}  // namespace sandbox_cli::serve
