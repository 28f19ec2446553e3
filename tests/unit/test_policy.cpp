#include <doctest/doctest.h>
#include <sandbox/sandbox.hpp>

using namespace sandbox;

TEST_CASE("every level is a valid complete policy") {
    for (auto level : {SecurityLevel::basic, SecurityLevel::standard, SecurityLevel::enhanced, SecurityLevel::maximum}) {
        auto p = SecurityPolicy::for_level(level);
        CHECK(p.level == level);
        CHECK_NOTHROW(p.validate());
        CHECK(security_level_from_string(to_string(level)) == level);
    }
    CHECK(SecurityPolicy::for_level(SecurityLevel::basic).network == NetworkMode::host);
    CHECK(SecurityPolicy::for_level(SecurityLevel::standard).network == NetworkMode::none);
    CHECK(SecurityPolicy::for_level(SecurityLevel::maximum).limits.memory_bytes <
          SecurityPolicy::for_level(SecurityLevel::standard).limits.memory_bytes);
}

TEST_CASE("unknown level names what was asked") {
    CHECK_THROWS_WITH_AS(security_level_from_string("paranoid"), doctest::Contains("unknown security level 'paranoid'"),
                         PolicyError);
}

TEST_CASE("impossible limits are rejected naming the field") {
    auto p = SecurityPolicy::for_level(SecurityLevel::standard);
    p.limits.memory_bytes = 1024;
    CHECK_THROWS_WITH_AS(p.validate(), doctest::Contains("limits.memory_bytes"), PolicyError);
    p = SecurityPolicy::for_level(SecurityLevel::standard);
    p.limits.pids = 0;
    CHECK_THROWS_WITH_AS(p.validate(), doctest::Contains("limits.pids"), PolicyError);
    p = SecurityPolicy::for_level(SecurityLevel::standard);
    p.limits.open_files = 1;
    CHECK_THROWS_WITH_AS(p.validate(), doctest::Contains("limits.open_files"), PolicyError);
    p = SecurityPolicy::for_level(SecurityLevel::standard);
    p.network = NetworkMode::host;
    CHECK_THROWS_WITH_AS(p.validate(), doctest::Contains("only allowed at level basic"), PolicyError);
    p = SecurityPolicy::for_level(SecurityLevel::standard);
    p.host_uid = 0;
    CHECK_THROWS_WITH_AS(p.validate(), doctest::Contains("host root"), PolicyError);
    p = SecurityPolicy::for_level(SecurityLevel::standard);
    p.workdir = "/usr";
    CHECK_THROWS_WITH_AS(p.validate(), doctest::Contains("reserved"), PolicyError);
    p = SecurityPolicy::for_level(SecurityLevel::standard);
    p.readonly_paths = {"relative/path"};
    CHECK_THROWS_WITH_AS(p.validate(), doctest::Contains("readonly_paths[0]"), PolicyError);
    CHECK_THROWS_AS(Sandbox{p}, PolicyError);
}

TEST_CASE("policy JSON round-trips") {
    auto p = SecurityPolicy::for_level(SecurityLevel::maximum);
    p.limits.memory_bytes = 100ull << 20;
    p.limits.cpu_time_ms.reset();
    p.readonly_paths = {"/opt/data"};
    p.hostname = "judge";
    auto q = SecurityPolicy::from_json(p.to_json());
    CHECK(q.to_json() == p.to_json());
    CHECK(q.level == SecurityLevel::maximum);
    CHECK(q.limits.memory_bytes == (100ull << 20));
    CHECK_FALSE(q.limits.cpu_time_ms.has_value());
}

TEST_CASE("policy JSON: omitted keys take the level's defaults, sizes may carry units") {
    auto p = SecurityPolicy::from_json(R"({"level":"basic","limits":{"memory_bytes":"64M","wall_timeout_ms":"2s"}})");
    CHECK(p.level == SecurityLevel::basic);
    CHECK(p.network == NetworkMode::host);
    CHECK(p.limits.memory_bytes == (64ull << 20));
    CHECK(p.limits.wall_timeout_ms == 2000);
}

TEST_CASE("policy JSON: errors name the path of the offending key") {
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"limits":{"memoy_bytes":5}})"),
                         doctest::Contains("$.limits.memoy_bytes: unknown key"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"limits":{"pids":"many"}})"),
                         doctest::Contains("$.limits.pids: expected a number"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"limits":{"pids":-3}})"),
                         doctest::Contains("$.limits.pids: must not be negative"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"level":"ultra"})"), doctest::Contains("$.level"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"version":2})"), doctest::Contains("unsupported policy version"),
                         PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"network":"internet"})"), doctest::Contains("$.network"),
                         PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"readonly_paths":[1]})"),
                         doctest::Contains("$.readonly_paths[0]: expected a string"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json("{\"level\": "), doctest::Contains("malformed JSON"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json("[]"), doctest::Contains("$: expected an object"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"limits":{"memory_bytes":1}})"),
                         doctest::Contains("limits.memory_bytes"), PolicyError);
}

TEST_CASE("security fields: level defaults, JSON and validation") {
    CHECK(SecurityPolicy::for_level(SecurityLevel::basic).seccomp == SeccompMode::none);
    CHECK(SecurityPolicy::for_level(SecurityLevel::standard).seccomp == SeccompMode::denylist);
    CHECK(SecurityPolicy::for_level(SecurityLevel::enhanced).seccomp == SeccompMode::allowlist);
    CHECK(SecurityPolicy::for_level(SecurityLevel::maximum).seccomp == SeccompMode::allowlist_kill);
    CHECK(SecurityPolicy::for_level(SecurityLevel::maximum).on_breach == BreachResponse::terminate);

    auto p = SecurityPolicy::from_json(R"({"level":"enhanced","files":{"read":["/data"],"write":["/out"]},
        "allowed_hosts":["example.org:443","[::1]:8080"],"keep_capabilities":["CAP_NET_BIND_SERVICE"]})");
    CHECK(p.files.read == std::vector<std::string>{"/data"});
    CHECK(p.allowed_hosts.size() == 2);
    CHECK(SecurityPolicy::from_json(p.to_json()).to_json() == p.to_json());

    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"keep_capabilities":["CAP_WIZARD"]})"),
                         doctest::Contains("unknown capability 'CAP_WIZARD'"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"allowed_hosts":["bad host!"]})"),
                         doctest::Contains("allowed_hosts[0]"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"allowed_hosts":["a.org:99999"]})"),
                         doctest::Contains("invalid port"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"files":{"read":["rel"]}})"),
                         doctest::Contains("files.read[0]"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"files":{"append":[]}})"),
                         doctest::Contains("$.files.append: unknown key"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"seccomp":"off"})"),
                         doctest::Contains("$.seccomp: expected one of none, denylist"), PolicyError);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(R"({"seccomp":"none"})"),
                         doctest::Contains("only allowed at level basic"), PolicyError);
    CHECK(capability_number("CAP_SYS_ADMIN") == 21);
}
