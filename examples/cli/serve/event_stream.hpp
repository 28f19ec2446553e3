// One client of GET /api/v1/events: server-sent events, one message per Event
// ("event: <kind>\ndata: <Event JSON>\n\n"). Never holds up the run: a client that falls
// more than max_queued_bytes behind, or does not take a write within write_timeout, is
// dropped. When the board finishes, what is queued is written and the stream ends.
#pragma once

#include "connection_registry.hpp"
#include "status_board.hpp"

#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <string>

namespace sandbox_cli::serve {

class EventStream : public Closable, public std::enable_shared_from_this<EventStream> {
public:
    static constexpr std::size_t max_queued_bytes = 256 * 1024;
    static constexpr std::chrono::seconds write_timeout{10};
    // How long a closing server waits for queued messages to leave.
    static constexpr std::chrono::seconds shut_timeout{2};

    EventStream(boost::beast::tcp_stream stream, std::unique_ptr<ConnectionRegistry::Slot> slot,
                std::shared_ptr<StatusBoard> board);
    // Sends the response header and subscribes to the board.
    void start();
    void shut() override;

private:
    void on_event(const sandbox::Event* event);
    void enqueue(std::string message);
    void write_next();
    void end();
    // Tells the operator on stderr, then closes.
    void drop_slow(const std::string& why);
    void close_now();

    boost::beast::tcp_stream stream_;
    std::unique_ptr<ConnectionRegistry::Slot> slot_;
    std::shared_ptr<StatusBoard> board_;
    std::uint64_t subscription_ = 0;
    std::deque<std::string> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool ending_ = false;  // no more messages: close once the queue is written
    bool closed_ = false;
};

}  // namespace sandbox_cli::serve
