// One captured output stream (stdout or stderr) of a run, read on the io_context up to a cap.
// Shared by the Linux and the portable supervisor; Pipe is an Asio stream (a
// posix::stream_descriptor, a Boost.Process async_pipe).
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>

namespace sandbox {

template <typename Pipe>
struct OutputCapture {
    explicit OutputCapture(boost::asio::io_context& io) : pipe(io) {}
    Pipe pipe;
    std::array<char, 64 * 1024> chunk{};
    std::string data;
    std::uint64_t cap = 0;
    bool truncated = false;
    bool eof = false;
};

// Reads `out` until the pipe closes, keeping the first out.cap bytes. on_overflow() runs once,
// when the output first passes the cap; on_eof() when the pipe closes. `owner` (the run)
// stays alive while a read is pending.
template <typename Pipe, typename Owner, typename OnOverflow, typename OnEof>
void capture_output(OutputCapture<Pipe>& out, std::shared_ptr<Owner> owner, OnOverflow on_overflow, OnEof on_eof) {
    out.pipe.async_read_some(boost::asio::buffer(out.chunk), [&out, owner, on_overflow, on_eof](
                                                                  boost::system::error_code ec, std::size_t n) {
        if (ec) {
            out.eof = true;
            on_eof();
            return;
        }
        std::size_t room = out.data.size() < out.cap ? out.cap - out.data.size() : 0;
        out.data.append(out.chunk.data(), std::min(n, room));
        if (n > room && !out.truncated) {
            out.truncated = true;
            on_overflow();
        }
        capture_output(out, owner, on_overflow, on_eof);
    });
}

}  // namespace sandbox
