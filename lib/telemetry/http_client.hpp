// A small blocking HTTP/1.1 client (Boost.Beast) for the exporters: one request per
// connection, every step bounded by a timeout. Only plain http:// URLs.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>

namespace sandbox::telemetry {

struct HttpUrl {
    std::string host;
    std::string port;
    std::string path;  // without a trailing slash; "" for the root
};

// Throws PolicyError naming `what` when the URL is not http://host[:port][/path].
HttpUrl parse_http_url(std::string_view url, std::string_view what);

struct HttpResponse {
    int status = 0;  // 0 when no response arrived
    std::string body;
    std::string error;        // transport error when status == 0
    std::string retry_after;  // the Retry-After header, if any
};

struct HttpRequest {
    std::string method = "POST";
    std::string target;  // path and query
    std::string content_type;
    std::string body;
    std::map<std::string, std::string> headers;
};

// Never throws for network trouble: the outcome is in the response.
HttpResponse send_http(const HttpUrl& url, const HttpRequest& request, std::chrono::milliseconds timeout);

}  // namespace sandbox::telemetry
