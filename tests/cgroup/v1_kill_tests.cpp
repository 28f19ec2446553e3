// The v1 ways of ending a group, on this host's v1 hierarchies without the v2 group (which
// would otherwise end it with cgroup.kill): freeze + SIGKILL + thaw, and, without a freezer,
// SIGKILL rounds. The members fork without pause, so a single round of kills cannot win.
#include <doctest/doctest.h>

#include "cgroup_test_support.hpp"
#include "host_run_cgroup.hpp"
#include "run_group_name.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

using namespace sandbox::linux_box;
using namespace cgroup_test;

namespace {

std::unique_ptr<RunCgroup> make_v1_group(bool with_freezer) {
    std::vector<std::string> degraded;
    CgroupLimits limits;
    limits.pids = 64;  // bounds the fork storm
    auto placement = host_placement(limits, degraded);
    // A hybrid host's runs join its unified group instead of the freezer: add the freezer here.
    if (placement.v2 && with_freezer) {
        for (const auto& hierarchy : host_hierarchies()) {
            if (hierarchy.version == 1 && hierarchy.has("freezer") && ensure_parent(hierarchy, "rusty-sandbox").empty())
                placement.v1.push_back({hierarchy, join_cgroup_path(hierarchy.mount, "rusty-sandbox")});
        }
    }
    placement.v2.reset();
    if (!with_freezer) {
        placement.v1.erase(std::remove_if(placement.v1.begin(), placement.v1.end(),
                                          [](const auto& spot) { return spot.hierarchy.has("freezer"); }),
                           placement.v1.end());
    }
    bool has_freezer = std::any_of(placement.v1.begin(), placement.v1.end(),
                                   [](const auto& spot) { return spot.hierarchy.has("freezer"); });
    if (placement.v1.empty() || has_freezer != with_freezer) {
        MESSAGE((std::string("skipped: no v1 hierarchies") + (with_freezer ? " with a freezer" : "")));
        return nullptr;
    }
    return create_run_cgroup(placement, make_run_group_name("v1kill"), limits, degraded);
}

// Members that fork, and whose children fork, until the pids limit stops them; each
// process that cannot fork any more keeps trying.
int fork_storm() {
    for (;;) {
        pid_t pid = ::fork();
        if (pid < 0) ::usleep(100);
    }
}

void check_kill_ends_storm(RunCgroup& group) {
    pid_t child = spawn_in(group, fork_storm);
    ::usleep(100'000);  // let the storm fill the group
    CHECK(group.pids().size() > 10);
    auto start = std::chrono::steady_clock::now();
    group.kill_all();
    CHECK(group.wait_empty(std::chrono::seconds(5)));
    MESSAGE("kill_all + wait_empty: " << seconds_since(start) * 1e3 << " ms");
    CHECK(group.pids().empty());
    CHECK(WIFSIGNALED(wait_for(child)));
    reap_orphans();
}

}  // namespace

TEST_CASE("v1 freezer: freeze, kill every member, thaw ends a forking group") {
    auto group = make_v1_group(true);
    if (!group) return;
    CHECK(group->describe().rfind("v1 (", 0) == 0);
    check_kill_ends_storm(*group);
}

TEST_CASE("v1 without a freezer: SIGKILL rounds end a forking group") {
    auto group = make_v1_group(false);
    if (!group) return;
    CHECK(group->describe().find("freezer") == std::string::npos);
    check_kill_ends_storm(*group);
}
