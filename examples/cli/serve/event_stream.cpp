#include "event_stream.hpp"

#include <boost/asio/write.hpp>

#include <iostream>
#include <utility>

namespace sandbox_cli::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

// Written by hand: the body has no length and ends when the connection closes.
constexpr const char* stream_header =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/event-stream\r\n"
    "Cache-Control: no-store\r\n"
    "Connection: close\r\n"
    "\r\n";

std::string sse_message(const sandbox::Event& event) {
    return "event: " + std::string(sandbox::to_string(event.kind)) + "\ndata: " + event.to_json() + "\n\n";
}

}  // namespace

EventStream::EventStream(beast::tcp_stream stream, std::unique_ptr<ConnectionRegistry::Slot> slot,
                         std::shared_ptr<StatusBoard> board)
    : stream_(std::move(stream)), slot_(std::move(slot)), board_(std::move(board)) {}

void EventStream::start() {
    slot_->held_by(weak_from_this());
    enqueue(stream_header);
    // The subscription keeps the stream alive between writes; it ends with the stream.
    subscription_ = board_->subscribe([self = shared_from_this()](const sandbox::Event* event) { self->on_event(event); });
}

void EventStream::on_event(const sandbox::Event* event) {
    if (event == nullptr) {
        subscription_ = 0;  // the board forgot its subscribers
        end();
        return;
    }
    enqueue(sse_message(*event));
}

void EventStream::enqueue(std::string message) {
    if (closed_ || ending_) return;
    if (queued_bytes_ + message.size() > max_queued_bytes) {
        drop_slow("more than " + std::to_string(max_queued_bytes / 1024) + " KiB behind");
        return;
    }
    queued_bytes_ += message.size();
    queue_.push_back(std::move(message));
    write_next();
}

void EventStream::write_next() {
    if (writing_ || closed_) return;
    if (queue_.empty()) {
        if (ending_) {
            beast::error_code ignored;
            stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
            stream_.close();
            closed_ = true;
            slot_.reset();
        }
        return;
    }
    writing_ = true;
    if (!ending_) stream_.expires_after(write_timeout);
    asio::async_write(stream_, asio::buffer(queue_.front()),
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                          self->writing_ = false;
                          if (self->closed_) return;
                          if (ec == beast::error::timeout && !self->ending_) {
                              self->drop_slow("took nothing for " + std::to_string(write_timeout.count()) + " s");
                              return;
                          }
                          if (ec) {
                              self->close_now();  // the client went away, or a closing server gave up on it
                              return;
                          }
                          self->queued_bytes_ -= self->queue_.front().size();
                          self->queue_.pop_front();
                          self->write_next();
                      });
}

void EventStream::end() {
    if (closed_ || ending_) return;
    ending_ = true;
    write_next();
}

void EventStream::shut() {
    if (closed_) return;
    stream_.expires_after(shut_timeout);
    if (subscription_ != 0) board_->unsubscribe(std::exchange(subscription_, 0));
    end();
}

void EventStream::drop_slow(const std::string& why) {
    std::cerr << "sandbox-cli: warning: status endpoint dropped a slow event client (" + why + ")\n";
    close_now();
}

void EventStream::close_now() {
    if (closed_) return;
    closed_ = true;
    if (subscription_ != 0) board_->unsubscribe(std::exchange(subscription_, 0));
    stream_.close();  // first: a write in flight is cancelled before its buffer goes
    queue_.clear();
    queued_bytes_ = 0;
    slot_.reset();
}

}  // namespace sandbox_cli::serve
