#include "http_client.hpp"

#include <sandbox/error.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace sandbox::telemetry {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

HttpUrl parse_http_url(std::string_view url, std::string_view what) {
    constexpr std::string_view scheme = "http://";
    auto fail = [&](const std::string& why) {
        throw PolicyError(std::string(what) + ": '" + std::string(url) + "' " + why);
    };
    if (url.substr(0, scheme.size()) != scheme) fail("is not an http:// URL (https is not supported)");
    std::string_view rest = url.substr(scheme.size());
    std::size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    if (authority.empty()) fail("has no host");
    HttpUrl out;
    std::size_t colon = authority.rfind(':');
    bool bracketed = authority.front() == '[';
    if (colon != std::string_view::npos && (!bracketed || authority[colon - 1] == ']')) {
        out.host = std::string(authority.substr(0, colon));
        out.port = std::string(authority.substr(colon + 1));
        if (out.port.empty() || out.port.find_first_not_of("0123456789") != std::string::npos || out.port.size() > 5 ||
            std::stoul(out.port) > 65535 || std::stoul(out.port) == 0)
            fail("has an invalid port");
    } else {
        out.host = std::string(authority);
        out.port = "80";
    }
    if (bracketed) {
        if (out.host.size() < 3 || out.host.back() != ']') fail("has an invalid IPv6 host");
        out.host = out.host.substr(1, out.host.size() - 2);
    }
    if (out.host.empty()) fail("has no host");
    out.path = std::string(path);
    return out;
}

HttpResponse send_http(const HttpUrl& url, const HttpRequest& request, std::chrono::milliseconds timeout) {
    HttpResponse out;
    try {
        boost::asio::io_context io;
        beast::tcp_stream stream(io);
        tcp::resolver resolver(io);
        // Asynchronous calls run on this thread's io_context so the deadline covers every step.
        beast::error_code ec;
        stream.expires_after(timeout);
        auto endpoints = resolver.resolve(url.host, url.port, ec);
        if (ec) {
            out.error = "cannot resolve " + url.host + ": " + ec.message();
            return out;
        }
        http::request<http::string_body> req{http::string_to_verb(request.method), request.target, 11};
        req.set(http::field::host, url.host + ":" + url.port);
        req.set(http::field::user_agent, "rusty-sandbox");
        if (!request.content_type.empty()) req.set(http::field::content_type, request.content_type);
        for (const auto& [name, value] : request.headers) req.set(name, value);
        req.body() = request.body;
        req.prepare_payload();

        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) {
            if (e) {
                ec = e;
                return;
            }
            http::async_write(stream, req, [&](beast::error_code e, std::size_t) {
                if (e) {
                    ec = e;
                    return;
                }
                http::async_read(stream, buffer, res, [&](beast::error_code e, std::size_t) { ec = e; });
            });
        });
        io.run();
        if (ec) {
            out.error = ec == beast::error::timeout ? "timed out after " + std::to_string(timeout.count()) + " ms"
                                                    : ec.message();
            return out;
        }
        out.status = static_cast<int>(res.result_int());
        out.body = std::move(res.body());
        if (auto it = res.find(http::field::retry_after); it != res.end()) out.retry_after = std::string(it->value());
        stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    } catch (const std::exception& e) {
        out.status = 0;
        out.error = e.what();
    }
    return out;
}

}  // namespace sandbox::telemetry
