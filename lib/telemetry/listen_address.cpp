#include "listen_address.hpp"

#include <sandbox/error.hpp>

#include <charconv>

namespace sandbox::telemetry {

ListenAddress parse_listen_address(std::string_view text) {
    auto fail = [&](const std::string& why) {
        throw PolicyError("prometheus_listen '" + std::string(text) + "': " + why);
    };
    ListenAddress out;
    std::string_view port = text;
    std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
        out.host = "127.0.0.1";
    } else {
        out.host = std::string(text.substr(0, colon));
        port = text.substr(colon + 1);
        if (out.host.empty()) fail("empty host (write 0.0.0.0 explicitly to listen on every interface)");
        bool ipv6 = out.host.find(':') != std::string::npos;
        if (ipv6 && (out.host.front() != '[' || out.host.back() != ']')) fail("an IPv6 host must be in brackets");
        if (out.host.find_first_of(" ,/") != std::string::npos) fail("invalid host");
    }
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535)
        fail("the port must be a number from 0 to 65535");
    out.port = value;
    return out;
}

}  // namespace sandbox::telemetry
