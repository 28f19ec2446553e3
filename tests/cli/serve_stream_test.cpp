// The status endpoint's event stream under a client that does not read: the client is
// dropped once it is max_queued_bytes behind, the board (and so the run's sink) never waits
// for it, and the endpoint goes on serving others.
#include "event_stream.hpp"
#include "status_board.hpp"
#include "status_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <string>

namespace asio = boost::asio;
using asio::ip::tcp;
using sandbox_cli::serve::EventStream;
using sandbox_cli::serve::StatusBoard;
using sandbox_cli::serve::StatusServer;

namespace {

// Reads what the server sends until it closes the connection (within 10 s, the server
// running meanwhile); the byte count.
std::size_t read_to_end(asio::io_context& io, tcp::socket& socket) {
    std::string all;
    boost::system::error_code result = asio::error::timed_out;
    asio::async_read(socket, asio::dynamic_buffer(all), [&](boost::system::error_code ec, std::size_t) {
        result = ec;
        io.stop();
    });
    io.run_for(std::chrono::seconds(10));
    CHECK(result == asio::error::eof);
    return all.size();
}

}  // namespace

TEST_CASE("an event client that stops reading is dropped and the board never waits for it") {
    asio::io_context io;
    auto board = std::make_shared<StatusBoard>();
    StatusServer server(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0), board);

    tcp::socket slow(io);
    slow.open(tcp::v4());
    slow.set_option(asio::socket_base::receive_buffer_size(4096));
    slow.connect(server.local_endpoint());
    asio::write(slow, asio::buffer(std::string("GET /api/v1/events HTTP/1.1\r\nHost: test\r\n\r\n")));
    io.run_for(std::chrono::milliseconds(200));  // request read, stream subscribed

    // 16 MiB of events: more than any kernel buffers on both sides plus the stream's queue.
    sandbox::Event event;
    event.kind = sandbox::EventKind::security;
    event.detail = std::string(8192, 'x');
    auto sink = board->sink();
    std::size_t sent = 0;
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 2048; ++i) {
        sink(event);
        sent += event.detail.size();
        io.poll();
    }
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(took < std::chrono::seconds(5));  // no sink call waited for the client

    // Dropped while the board goes on: the client gets what was in flight, then the end.
    io.restart();
    const std::size_t received = read_to_end(io, slow);
    CHECK(received > 0);
    CHECK(received < sent / 2);
    CHECK_FALSE(board->finished());

    // Another client is still served.
    tcp::socket next(io);
    next.connect(server.local_endpoint());
    asio::write(next, asio::buffer(std::string("GET /api/v1/snapshot HTTP/1.1\r\nHost: test\r\n\r\n")));
    std::string answer;
    boost::system::error_code result = asio::error::timed_out;
    asio::async_read(next, asio::dynamic_buffer(answer), [&](boost::system::error_code ec, std::size_t) {
        result = ec;
        io.stop();
    });
    io.restart();
    io.run_for(std::chrono::seconds(10));
    CHECK(result == asio::error::eof);
    CHECK(answer.starts_with("HTTP/1.1 200 OK"));
    CHECK(answer.find("\"finished\":false") != std::string::npos);

    board->finish();
    server.close();
    io.restart();
    io.run_for(std::chrono::milliseconds(100));
}
