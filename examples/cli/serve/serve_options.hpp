// The status endpoint flags of `sandbox-cli run`: --serve ADDR, --serve-any and
// --serve-linger DURATION, and the listening address they name.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sandbox_cli::serve {

struct ServeOptions {
    std::optional<std::string> address;  // --serve ADDR: PORT, HOST:PORT or [IPv6]:PORT
    bool any_interface = false;          // --serve-any: allow 0.0.0.0 and ::
    // --serve-linger DURATION: how long the final snapshot stays served after the run.
    std::optional<std::chrono::milliseconds> linger;
};

// If `word` is one of the flags above, stores it (the value read with `value_of`, which
// throws UsageError when it is missing) and returns true.
template <typename ValueOf>
bool parse_serve_option(const std::string& word, ValueOf&& value_of, ServeOptions& out);

// Throws UsageError naming the flag: --serve-any or --serve-linger without --serve, a bad
// linger duration, a malformed address, or an every-interface address without --serve-any.
// Returns the address to listen on (a bare PORT is loopback), nothing without --serve.
std::optional<boost::asio::ip::tcp::endpoint> listen_endpoint(const ServeOptions& options);

// "PORT", "HOST:PORT" or "[IPv6]:PORT" (HOST an IP address; a bare port is 127.0.0.1).
// Throws UsageError naming `flag` and what is wrong.
boost::asio::ip::tcp::endpoint parse_endpoint(const std::string& text, std::string_view flag);

// "127.0.0.1:8080", "[::1]:8080".
std::string endpoint_text(const boost::asio::ip::tcp::endpoint& endpoint);

void parse_linger(const std::string& text, ServeOptions& out);

template <typename ValueOf>
bool parse_serve_option(const std::string& word, ValueOf&& value_of, ServeOptions& out) {
    auto is = [&](std::string_view name) {
        return word == name || (word.size() > name.size() && word.starts_with(name) && word[name.size()] == '=');
    };
    if (word == "--serve-any") out.any_interface = true;
    else if (is("--serve-linger")) parse_linger(value_of("--serve-linger"), out);
    else if (is("--serve")) out.address = value_of("--serve");
    else return false;
    return true;
}

}  // namespace sandbox_cli::serve
