// parse_request_head: CONNECT and absolute-URI requests, and the heads it must refuse.
#include "proxy_request.hpp"

#include <doctest/doctest.h>

using sandbox::linux_netproxy::parse_request_head;
using sandbox::linux_netproxy::ProxyRequest;

TEST_CASE("CONNECT host:port is a tunnel") {
    ProxyRequest r = parse_request_head("CONNECT evil.test:443 HTTP/1.1\r\nHost: evil.test:443\r\n\r\n");
    CHECK(r.error.empty());
    CHECK(r.tunnel);
    CHECK(r.host == "evil.test");
    CHECK(r.port == 443);
    CHECK(r.summary == "CONNECT evil.test:443");
}

TEST_CASE("CONNECT to a bracketed IPv6 address") {
    ProxyRequest r = parse_request_head("CONNECT [2001:db8::1]:8443 HTTP/1.1\r\n\r\n");
    CHECK(r.error.empty());
    CHECK(r.host == "2001:db8::1");
    CHECK(r.port == 8443);
}

TEST_CASE("a plain HTTP request is rewritten for the origin server") {
    ProxyRequest r = parse_request_head(
        "GET http://allowed.test:8080/data?x=1 HTTP/1.1\r\nHost: spoofed.test\r\nAccept: */*\r\n"
        "Proxy-Connection: keep-alive\r\nProxy-Authorization: Basic eA==\r\nConnection: keep-alive\r\n\r\n");
    REQUIRE(r.error.empty());
    CHECK_FALSE(r.tunnel);
    CHECK(r.host == "allowed.test");
    CHECK(r.port == 8080);
    CHECK(r.summary == "GET http://allowed.test:8080/data?x=1");
    CHECK(r.upstream_head ==
          "GET /data?x=1 HTTP/1.1\r\nHost: allowed.test:8080\r\nAccept: */*\r\nConnection: close\r\n\r\n");
}

TEST_CASE("a plain HTTP request without path or port") {
    ProxyRequest r = parse_request_head("HEAD http://a.test HTTP/1.0\r\n\r\n");
    REQUIRE(r.error.empty());
    CHECK(r.port == 80);
    CHECK(r.upstream_head == "HEAD / HTTP/1.0\r\nHost: a.test\r\nConnection: close\r\n\r\n");
}

TEST_CASE("heads the proxy refuses") {
    auto error_of = [](const char* head) { return parse_request_head(head).error; };
    CHECK_FALSE(error_of("").empty());
    CHECK_FALSE(error_of("GET /relative HTTP/1.1\r\n\r\n").empty());
    CHECK_FALSE(error_of("GET https://a.test/ HTTP/1.1\r\n\r\n").empty());
    CHECK_FALSE(error_of("CONNECT a.test HTTP/1.1\r\n\r\n").empty());          // no port
    CHECK_FALSE(error_of("CONNECT a.test:0 HTTP/1.1\r\n\r\n").empty());
    CHECK_FALSE(error_of("CONNECT a.test:65536 HTTP/1.1\r\n\r\n").empty());
    CHECK_FALSE(error_of("CONNECT a.test:443 HTTP/2\r\n\r\n").empty());
    CHECK_FALSE(error_of("CONNECT a.test:443  HTTP/1.1\r\n\r\n").empty());     // two spaces
    CHECK_FALSE(error_of("GET http://allowed.test@evil.test/ HTTP/1.1\r\n\r\n").empty());
    CHECK_FALSE(error_of("GET http://evil%2etest/ HTTP/1.1\r\n\r\n").empty());
    CHECK_FALSE(error_of("CONNECT [::1 HTTP/1.1\r\n\r\n").empty());
    CHECK_FALSE(error_of("CONNECT [evil.test]:443 HTTP/1.1\r\n\r\n").empty());
    CHECK_FALSE(error_of("GET http://a.test/ HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n").empty());
    CHECK_FALSE(error_of("GET http://a.test/ HTTP/1.1\r\nno colon\r\n\r\n").empty());
}
