// allowed_hosts and host_resolution: the policy's validation and the egress proxy's
// HostAllowlist read entries with one parser, so whatever validates also starts a proxy.
#include "host_entry.hpp"
#include "linux/netproxy/host_allowlist.hpp"

#include <doctest/doctest.h>
#include <sandbox/sandbox.hpp>

using namespace sandbox;

namespace {

SecurityPolicy with_hosts(std::vector<std::string> hosts) {
    auto p = SecurityPolicy::for_level(SecurityLevel::enhanced);
    p.allowed_hosts = std::move(hosts);
    return p;
}

bool policy_accepts(const std::string& entry) {
    try {
        with_hosts({entry}).validate();
        return true;
    } catch (const PolicyError&) {
        return false;
    }
}

bool proxy_accepts(const std::string& entry) {
    try {
        linux_netproxy::HostAllowlist list({entry});
        return true;
    } catch (const PolicyError&) {
        return false;
    }
}

const std::vector<std::string> accepted_entries = {
    "example.org", "Example.ORG.", "example.org:8443", "*.example.org", "*.example.org:443", "a-b_c.test",
    "10.0.0.5", "10.0.0.5:5432", "[::1]", "[2001:db8::1]:443", "localhost", "xn--bcher-kva.example"};

const std::vector<std::string> rejected_entries = {
    "", "foo*bar", "*", "*.", "a.*.org", "**.org", "*.10.0.0.1", "bad host!", "a..b", ".a.org", "a.org..",
    "-a.org", "a-.org", "a.org:0", "a.org:65536", "a.org:99999", "a.org:http", "a.org:", "a.org:-1",
    "2001:db8::1", "[::1", "[::1]80", "[::1]:", "[not-v6]:80", "[10.0.0.1]", std::string(64, 'a') + ".org",
    std::string(250, 'a') + ".org", "a\tb", std::string("a\0b", 3)};

}  // namespace

TEST_CASE("allowed_hosts: the policy and the proxy accept the same forms") {
    for (const auto& entry : accepted_entries) {
        INFO("entry: " << entry);
        CHECK(policy_accepts(entry));
        CHECK(proxy_accepts(entry));
    }
    for (const auto& entry : rejected_entries) {
        INFO("entry: " << entry);
        CHECK_FALSE(policy_accepts(entry));
        CHECK_FALSE(proxy_accepts(entry));
    }
}

TEST_CASE("allowed_hosts: errors name the entry, its index and why") {
    CHECK_THROWS_WITH_AS(with_hosts({"ok.org", "foo*bar"}).validate(),
                         doctest::Contains("allowed_hosts[1]: 'foo*bar' may hold '*' only as a whole first label"),
                         PolicyError);
    CHECK_THROWS_WITH_AS(with_hosts({"a.org:99999"}).validate(),
                         doctest::Contains("allowed_hosts[0]: 'a.org:99999' has an invalid port"), PolicyError);
    CHECK_THROWS_WITH_AS(with_hosts({"2001:db8::1"}).validate(), doctest::Contains("[address]:port"), PolicyError);
    CHECK_THROWS_WITH_AS(with_hosts({"a..b"}).validate(), doctest::Contains("'a..b' has an empty label"),
                         PolicyError);
    CHECK_THROWS_WITH_AS(with_hosts({"[10.0.0.1]"}).validate(), doctest::Contains("does not hold an IPv6 address"),
                         PolicyError);
    CHECK_THROWS_WITH_AS(linux_netproxy::HostAllowlist({"a.org", "b.org", "x*"}),
                         doctest::Contains("allowed_hosts[2]: 'x*'"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"level":"enhanced","allowed_hosts":["foo*bar"]})"),
                         doctest::Contains("allowed_hosts[0]: 'foo*bar'"), PolicyError);
}

TEST_CASE("allowed_hosts: an entry given twice is refused, spelling aside") {
    CHECK_THROWS_WITH_AS(with_hosts({"a.org:443", "A.ORG.:443"}).validate(),
                         doctest::Contains("allowed_hosts[1]: 'A.ORG.:443' repeats allowed_hosts[0] ('a.org:443')"),
                         PolicyError);
    CHECK_NOTHROW(with_hosts({"a.org:443", "a.org:8443", "*.a.org:443"}).validate());
}

TEST_CASE("parse_host_entry: what an entry means") {
    HostEntry wild = parse_host_entry("*.Example.org:8443", "f");
    CHECK(wild.wildcard);
    CHECK(wild.host == ".example.org");
    CHECK(wild.port == 8443);
    CHECK(wild.matches("a.example.org", 8443));
    CHECK_FALSE(wild.matches("example.org", 8443));
    HostEntry v6 = parse_host_entry("[2001:DB8::1]", "f");
    CHECK(v6.host == "2001:db8::1");
    CHECK(v6.port == 0);
    CHECK(v6.matches("2001:db8::1", 443));
    CHECK_FALSE(v6.matches("2001:db8::1", 22));
}

TEST_CASE("host_resolution: names of allowed hosts to IP literals") {
    auto p = with_hosts({"api.test:8080", "*.cdn.test"});
    p.host_resolution = {{"api.test", {"127.0.0.1", "::1"}}, {"img.cdn.test", {"10.1.2.3"}}};
    CHECK_NOTHROW(p.validate());
    auto q = SecurityPolicy::from_json(p.to_json());
    CHECK(q == p);
    CHECK(q.host_resolution.at("api.test") == std::vector<std::string>{"127.0.0.1", "::1"});

    auto fails_with = [&](std::map<std::string, std::vector<std::string>> pins, const char* message) {
        auto bad = p;
        bad.host_resolution = std::move(pins);
        INFO("expected: " << message);
        CHECK_THROWS_WITH_AS(bad.validate(), doctest::Contains(message), PolicyError);
    };
    fails_with({{"api.test", {"api.other"}}}, "host_resolution.api.test[0]: 'api.other' is not an IPv4 or IPv6 address");
    fails_with({{"api.test", {"127.0.0.1", "1.2.3.4.5"}}}, "host_resolution.api.test[1]: '1.2.3.4.5' is not an IPv4");
    fails_with({{"api.test", {"[::1]"}}}, "'[::1]' is not an IPv4 or IPv6 address");
    fails_with({{"api.test", {}}}, "host_resolution.api.test: needs at least one address");
    fails_with({{"api.test", {"10.0.0.1", "10.0.0.1"}}}, "host_resolution.api.test[1]: '10.0.0.1' repeats");
    fails_with({{"other.test", {"10.0.0.1"}}}, "host_resolution.other.test: 'other.test' is not named by any allowed_hosts");
    fails_with({{"cdn.test", {"10.0.0.1"}}}, "'cdn.test' is not named by any allowed_hosts");
    fails_with({{"10.0.0.9", {"10.0.0.1"}}}, "'10.0.0.9' is an address already");
    fails_with({{"*.cdn.test", {"10.0.0.1"}}}, "host_resolution.*.cdn.test: '*.cdn.test' may hold '*' only");
    fails_with({{"api.test", {"10.0.0.1"}}, {"API.test.", {"10.0.0.2"}}}, "names the same host as host_resolution.");
    fails_with({{"api.test", std::vector<std::string>(17, "10.0.0.1")}}, "17 addresses, at most 16");

    auto no_hosts = SecurityPolicy::for_level(SecurityLevel::enhanced);
    no_hosts.host_resolution = {{"api.test", {"127.0.0.1"}}};
    CHECK_THROWS_WITH_AS(no_hosts.validate(), doctest::Contains("host_resolution: only with allowed_hosts"),
                         PolicyError);
}

TEST_CASE("host_resolution in JSON: wrong shapes name the key path") {
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"host_resolution":["a"]})"),
                         doctest::Contains("$.host_resolution: expected an object"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"host_resolution":{"a.test":"1.2.3.4"}})"),
                         doctest::Contains("$.host_resolution.a.test: expected an array of strings"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"host_resolution":{"a.test":[7]}})"),
                         doctest::Contains("$.host_resolution.a.test[0]: expected a string"), PolicyError);
}
