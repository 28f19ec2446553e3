// The client side of `monitor --attach ADDR`: reads another supervisor's status endpoint,
// GET /api/v1/snapshot first, then the server-sent events of GET /api/v1/events until the
// server ends the stream. Runs on an io_context; every handler is called on its thread.
#pragma once

#include <sandbox/event.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/object.hpp>

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace sandbox_cli::serve {

struct AttachHandlers {
    // The parsed /api/v1/snapshot.
    std::function<void(const boost::json::object& snapshot)> snapshot;
    std::function<void(const sandbox::Event& event)> event;
    // Once, at the end: "" when the server ended the stream, else what went wrong.
    std::function<void(const std::string& error)> ended;
};

class AttachClient : public std::enable_shared_from_this<AttachClient> {
public:
    // Connecting and each request's answer must come within this.
    static constexpr std::chrono::seconds response_timeout{5};
    static constexpr std::size_t max_snapshot_bytes = 16 * 1024 * 1024;
    static constexpr std::size_t max_event_bytes = 1024 * 1024;

    AttachClient(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint server, AttachHandlers handlers);
    void start();
    // Ends the client; `ended` is not called after this.
    void stop();

private:
    void connect(std::function<void()> then);
    void read_snapshot();
    void open_events();
    void read_events();
    // Splits complete messages off `pending_` and hands their events on.
    void take_messages();
    void finish(const std::string& error);

    boost::asio::ip::tcp::endpoint server_;
    AttachHandlers handlers_;
    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    boost::beast::http::request<boost::beast::http::empty_body> request_;
    std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> snapshot_;
    std::optional<boost::beast::http::response_parser<boost::beast::http::buffer_body>> events_;
    std::array<char, 16 * 1024> chunk_{};
    std::string pending_;  // event-stream text not yet split into messages
    bool done_ = false;
};

}  // namespace sandbox_cli::serve
