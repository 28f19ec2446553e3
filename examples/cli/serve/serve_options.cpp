#include "serve_options.hpp"

#include "../flag_values.hpp"
#include "../usage_error.hpp"

#include <boost/asio/ip/address.hpp>

#include <charconv>

namespace sandbox_cli::serve {

namespace asio = boost::asio;

void parse_linger(const std::string& text, ServeOptions& out) {
    out.linger = std::chrono::milliseconds(duration_ms_value(text, "--serve-linger"));
}

std::string endpoint_text(const asio::ip::tcp::endpoint& endpoint) {
    std::string host = endpoint.address().to_string();
    if (endpoint.address().is_v6()) host = "[" + host + "]";
    return host + ":" + std::to_string(endpoint.port());
}

asio::ip::tcp::endpoint parse_endpoint(const std::string& text, std::string_view flag) {
    auto fail = [&](const std::string& why) -> asio::ip::tcp::endpoint {
        throw UsageError(std::string(flag) + ": '" + text + "': " + why);
    };
    std::string host = "127.0.0.1";
    std::string_view port = text;
    if (auto colon = text.rfind(':'); colon != std::string::npos) {
        host = text.substr(0, colon);
        port = std::string_view(text).substr(colon + 1);
        if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
            host = host.substr(1, host.size() - 2);
        } else if (host.find(':') != std::string::npos) {
            return fail("an IPv6 address must be in brackets, e.g. [::1]:8080");
        }
        if (host.empty()) return fail("empty host (expected PORT, HOST:PORT or [IPv6]:PORT)");
    }
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535)
        return fail("the port must be a number from 0 to 65535");
    boost::system::error_code bad;
    auto address = asio::ip::make_address(host, bad);
    if (bad) return fail("'" + host + "' is not an IP address (use 127.0.0.1 or [::1] for this host)");
    return {address, static_cast<unsigned short>(value)};
}

std::optional<asio::ip::tcp::endpoint> listen_endpoint(const ServeOptions& options) {
    if (!options.address) {
        if (options.any_interface) throw UsageError("--serve-any needs --serve ADDR");
        if (options.linger) throw UsageError("--serve-linger needs --serve ADDR");
        return std::nullopt;
    }
    auto endpoint = parse_endpoint(*options.address, "--serve");
    if (endpoint.address().is_unspecified() && !options.any_interface)
        throw UsageError("--serve: " + endpoint.address().to_string() +
                         " would serve the status of the run to every network this host is on; "
                         "add --serve-any if that is meant, or use a loopback address");
    return endpoint;
}

}  // namespace sandbox_cli::serve
