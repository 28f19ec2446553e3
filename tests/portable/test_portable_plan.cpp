// The portable fallback's rules: what it refuses and which rlimits stand in for the limits.
#include "portable/portable_plan.hpp"
#include "stale_workdirs.hpp"

#include <sandbox/error.hpp>

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

using namespace sandbox;

namespace {

SecurityPolicy basic() { return SecurityPolicy::for_level(SecurityLevel::basic); }

const rlimit* find_limit(const portable::PortablePlan& plan, int resource) {
    for (const auto& [r, value] : plan.rlimits)
        if (r == resource) return &value;
    return nullptr;
}

}  // namespace

TEST_CASE("the portable fallback refuses every level above basic, naming it") {
    for (SecurityLevel level : {SecurityLevel::standard, SecurityLevel::enhanced, SecurityLevel::maximum}) {
        SecurityPolicy p = SecurityPolicy::for_level(level);
        CHECK_THROWS_WITH_AS(portable::require_portable(p),
                             doctest::Contains(std::string(to_string(level)).c_str()), SetupError);
    }
    CHECK_NOTHROW(portable::require_portable(basic()));
}

TEST_CASE("the portable fallback refuses isolation fields a basic policy may carry") {
    SecurityPolicy p = basic();
    p.files.read = {"/etc"};
    CHECK_THROWS_WITH_AS(portable::require_portable(p), doctest::Contains("file allowlist"), SetupError);
    p = basic();
    p.keep_capabilities = {"CAP_NET_BIND_SERVICE"};
    CHECK_THROWS_WITH_AS(portable::require_portable(p), doctest::Contains("keep_capabilities"), SetupError);
    p = basic();
    p.seccomp = SeccompMode::denylist;
    CHECK_THROWS_WITH_AS(portable::require_portable(p), doctest::Contains("seccomp"), SetupError);
}

TEST_CASE("limits become rlimits and each weaker mechanism is named") {
    SecurityPolicy p = basic();
    p.limits.cpu_time_ms = 1500;
    p.limits.memory_bytes = 64ull << 20;
    p.limits.pids = 10;
    portable::PortablePlan plan;
    portable::plan_limits(p, plan);
    REQUIRE(find_limit(plan, RLIMIT_CPU));
    CHECK(find_limit(plan, RLIMIT_CPU)->rlim_cur == 2);  // whole seconds, rounded up
    REQUIRE(find_limit(plan, RLIMIT_AS));
    CHECK(find_limit(plan, RLIMIT_AS)->rlim_cur == (64ull << 20));
    REQUIRE(find_limit(plan, RLIMIT_NPROC));
    CHECK(find_limit(plan, RLIMIT_CORE)->rlim_max == 0);
    auto mentions = [&](const char* word) {
        return std::any_of(plan.degraded.begin(), plan.degraded.end(),
                           [&](const std::string& note) { return note.find(word) != std::string::npos; });
    };
    CHECK(mentions("RLIMIT_CPU"));
    CHECK(mentions("RLIMIT_AS"));
    CHECK(mentions("RLIMIT_NPROC"));
}

TEST_CASE("workdirs of a dead supervisor are removed, those of live ones kept") {
    namespace fs = std::filesystem;
    pid_t dead = ::fork();
    if (dead == 0) ::_exit(0);
    REQUIRE(dead > 0);
    ::waitpid(dead, nullptr, 0);
    fs::path root = fs::temp_directory_path() / ("rsb-stale-test-" + std::to_string(::getpid()));
    fs::create_directories(root);
    auto make = [&](const std::string& name) {
        fs::create_directories(root / name / "inside");
        return root / name;
    };
    fs::path of_dead = make("rusty-sandbox-" + std::to_string(dead) + "-0");
    fs::path of_self = make(workdir_name_prefix() + "0");
    fs::path of_init = make("rusty-sandbox-1-0");
    fs::path unrelated = make("rusty-sandbox-notapid");
    remove_stale_workdirs(root.string());
    CHECK_FALSE(fs::exists(of_dead));
    CHECK(fs::exists(of_self));
    CHECK(fs::exists(of_init));
    CHECK(fs::exists(unrelated));
    fs::remove_all(root);
}
