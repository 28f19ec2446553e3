#include "attach_client.hpp"

#include "event_json.hpp"
#include "serve_options.hpp"

#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json.hpp>
#include <boost/optional/optional.hpp>

namespace sandbox_cli::serve {

namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;

AttachClient::AttachClient(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint server, AttachHandlers handlers)
    : server_(std::move(server)), handlers_(std::move(handlers)), stream_(io) {}

void AttachClient::start() {
    connect([this] { read_snapshot(); });
}

void AttachClient::stop() {
    done_ = true;
    stream_.close();
}

void AttachClient::finish(const std::string& error) {
    if (done_) return;
    done_ = true;
    stream_.close();
    handlers_.ended(error);
}

// Connects and sends GET `request_`, then calls `then`.
void AttachClient::connect(std::function<void()> then) {
    request_.target(snapshot_ ? "/api/v1/events" : "/api/v1/snapshot");
    stream_.expires_after(response_timeout);
    stream_.async_connect(server_, [self = shared_from_this(), then = std::move(then)](beast::error_code ec) {
        if (self->done_) return;
        if (ec) return self->finish("cannot connect to " + endpoint_text(self->server_) + ": " + ec.message());
        self->request_.version(11);
        self->request_.method(http::verb::get);
        self->request_.set(http::field::host, endpoint_text(self->server_));
        http::async_write(self->stream_, self->request_, [self, then](beast::error_code wrote, std::size_t) {
            if (self->done_) return;
            if (wrote) return self->finish("cannot send the request to " + endpoint_text(self->server_) + ": " + wrote.message());
            then();
        });
    });
}

void AttachClient::read_snapshot() {
    snapshot_.emplace();
    snapshot_->body_limit(max_snapshot_bytes);
    http::async_read(stream_, buffer_, *snapshot_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (self->done_) return;
        const std::string what = "GET /api/v1/snapshot from " + endpoint_text(self->server_);
        if (ec) return self->finish(what + ": " + ec.message());
        const auto& response = self->snapshot_->get();
        if (response.result() != http::status::ok)
            return self->finish(what + ": HTTP " + std::to_string(response.result_int()));
        boost::system::error_code bad;
        json::value snapshot = json::parse(response.body(), bad);
        if (bad || !snapshot.is_object()) return self->finish(what + ": the answer is not a JSON object");
        self->handlers_.snapshot(snapshot.get_object());
        self->stream_.close();
        self->buffer_.clear();
        self->open_events();
    });
}

void AttachClient::open_events() {
    if (done_) return;
    connect([this] {
        events_.emplace();
        events_->body_limit(boost::none);  // a stream: as long as the run
        http::async_read_header(stream_, buffer_, *events_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (self->done_) return;
            const std::string what = "GET /api/v1/events from " + endpoint_text(self->server_);
            if (ec) return self->finish(what + ": " + ec.message());
            if (self->events_->get().result() != http::status::ok)
                return self->finish(what + ": HTTP " + std::to_string(self->events_->get().result_int()));
            self->stream_.expires_never();  // the stream is quiet whenever the run is
            self->read_events();
        });
    });
}

void AttachClient::read_events() {
    auto& body = events_->get().body();
    body.data = chunk_.data();
    body.size = chunk_.size();
    http::async_read(stream_, buffer_, *events_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (self->done_) return;
        const std::size_t got = self->chunk_.size() - self->events_->get().body().size;
        self->pending_.append(self->chunk_.data(), got);
        try {
            self->take_messages();
        } catch (const std::exception& e) {
            return self->finish("GET /api/v1/events from " + endpoint_text(self->server_) + ": " + e.what());
        }
        if (ec == http::error::need_buffer) return self->read_events();
        if (ec == http::error::end_of_stream || ec == boost::asio::error::eof || (!ec && self->events_->is_done()))
            return self->finish("");
        if (ec) return self->finish("GET /api/v1/events from " + endpoint_text(self->server_) + ": " + ec.message());
        self->read_events();
    });
}

void AttachClient::take_messages() {
    for (std::size_t end; (end = pending_.find("\n\n")) != std::string::npos;) {
        std::string message = pending_.substr(0, end);
        pending_.erase(0, end + 2);
        // Lines are "field: value"; only data lines carry the event, comments start with ':'.
        std::size_t start = 0;
        while (start <= message.size()) {
            std::size_t stop = message.find('\n', start);
            if (stop == std::string::npos) stop = message.size();
            std::string_view line(message.data() + start, stop - start);
            if (line.starts_with("data:")) {
                line.remove_prefix(line.starts_with("data: ") ? 6 : 5);
                handlers_.event(event_from_json(json::parse(line)));
            }
            start = stop + 1;
        }
    }
    if (pending_.size() > max_event_bytes) throw std::length_error("an event longer than 1 MiB");
}

}  // namespace sandbox_cli::serve
