// forbidden_class: the addresses a DNS answer may not send the proxy to.
#include "address_class.hpp"

#include <doctest/doctest.h>

using boost::asio::ip::make_address;
using sandbox::linux_netproxy::forbidden_class;

TEST_CASE("loopback, link-local, multicast and unspecified are forbidden, also IPv4-mapped") {
    CHECK(forbidden_class(make_address("127.0.0.1")) == "loopback");
    CHECK(forbidden_class(make_address("127.8.9.10")) == "loopback");
    CHECK(forbidden_class(make_address("::1")) == "loopback");
    CHECK(forbidden_class(make_address("::ffff:127.0.0.1")) == "loopback");
    CHECK(forbidden_class(make_address("169.254.169.254")) == "link-local");
    CHECK(forbidden_class(make_address("fe80::1")) == "link-local");
    CHECK(forbidden_class(make_address("224.0.0.1")) == "multicast");
    CHECK(forbidden_class(make_address("ff02::1")) == "multicast");
    CHECK(forbidden_class(make_address("0.0.0.0")) == "unspecified");
    CHECK(forbidden_class(make_address("0.1.2.3")) == "unspecified");
    CHECK(forbidden_class(make_address("::")) == "unspecified");
}

TEST_CASE("ordinary addresses pass") {
    CHECK(forbidden_class(make_address("93.184.216.34")).empty());
    CHECK(forbidden_class(make_address("10.1.2.3")).empty());
    CHECK(forbidden_class(make_address("2001:db8::1")).empty());
    CHECK(forbidden_class(make_address("::ffff:8.8.8.8")).empty());
}
