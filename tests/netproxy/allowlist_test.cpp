// HostAllowlist: exact names, wildcards, default ports, addresses, unreadable entries.
#include "host_allowlist.hpp"

#include <sandbox/error.hpp>

#include <doctest/doctest.h>

using sandbox::PolicyError;
using sandbox::linux_netproxy::HostAllowlist;

TEST_CASE("an entry with a port allows that port only") {
    HostAllowlist list({"allowed.test:8080"});
    CHECK(list.allows("allowed.test", 8080));
    CHECK_FALSE(list.allows("allowed.test", 80));
    CHECK_FALSE(list.allows("allowed.test", 443));
    CHECK_FALSE(list.allows("other.test", 8080));
}

TEST_CASE("an entry without a port allows 80 and 443") {
    HostAllowlist list({"pypi.org"});
    CHECK(list.allows("pypi.org", 80));
    CHECK(list.allows("pypi.org", 443));
    CHECK_FALSE(list.allows("pypi.org", 22));
}

TEST_CASE("names compare without case and trailing dot, and only whole") {
    HostAllowlist list({"Example.ORG"});
    CHECK(list.allows("example.org", 443));
    CHECK(list.allows("EXAMPLE.org.", 443));
    CHECK_FALSE(list.allows("evil-example.org", 443));
    CHECK_FALSE(list.allows("example.org.evil.test", 443));
    CHECK_FALSE(list.allows("sub.example.org", 443));
}

TEST_CASE("a wildcard allows names below the domain, not the domain itself") {
    HostAllowlist list({"*.example.org:443"});
    CHECK(list.allows("a.example.org", 443));
    CHECK(list.allows("a.b.example.org", 443));
    CHECK_FALSE(list.allows("example.org", 443));
    CHECK_FALSE(list.allows("badexample.org", 443));
    CHECK_FALSE(list.allows("a.example.org", 80));
}

TEST_CASE("address entries, IPv6 in brackets") {
    HostAllowlist list({"10.0.0.5:5432", "[2001:db8::1]:443", "[::1]"});
    CHECK(list.allows("10.0.0.5", 5432));
    CHECK(list.allows("2001:db8::1", 443));
    CHECK(list.allows("::1", 80));
    CHECK_FALSE(list.allows("10.0.0.6", 5432));
}

TEST_CASE("unreadable entries are refused with the entry named") {
    CHECK_THROWS_WITH_AS(HostAllowlist({"a.test:0"}), doctest::Contains("'a.test:0'"), PolicyError);
    CHECK_THROWS_AS(HostAllowlist({"a.test:99999"}), PolicyError);
    CHECK_THROWS_AS(HostAllowlist({"a.test:http"}), PolicyError);
    CHECK_THROWS_AS(HostAllowlist({"foo*.test"}), PolicyError);
    CHECK_THROWS_AS(HostAllowlist({"*"}), PolicyError);
    CHECK_THROWS_AS(HostAllowlist({""}), PolicyError);
    CHECK_THROWS_AS(HostAllowlist({"[::1"}), PolicyError);
    CHECK_THROWS_WITH_AS(HostAllowlist({"2001:db8::1"}), doctest::Contains("[address]"), PolicyError);
}
