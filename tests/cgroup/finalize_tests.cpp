// What the supervisor does with a run's groups after the run: final_usage() and
// remove_if_empty(), on this host's real hierarchies. Each case needs root.
#include <doctest/doctest.h>

#include "cgroup_test_support.hpp"
#include "run_cgroup.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

using namespace sandbox::linux_box;
using namespace cgroup_test;

namespace {

std::unique_ptr<RunCgroup> make_group(const CgroupLimits& limits) {
    std::vector<std::string> degraded;
    auto group = RunCgroup::create("finalize", limits, degraded);
    if (!group) MESSAGE("skipped: no cgroup for this process");
    return group;
}

pid_t sleeper_in(const RunCgroup& group) {
    return spawn_in(group, [] {
        ::pause();
        return 0;
    });
}

void check_all_gone(const std::vector<std::string>& dirs) {
    for (const auto& dir : dirs) {
        CAPTURE(dir);
        CHECK_FALSE(path_exists(dir));
    }
}

}  // namespace

TEST_CASE("remove_if_empty refuses while a member lives and removes every group once it is gone") {
    auto group = make_group(CgroupLimits{});
    if (!group) return;
    pid_t child = sleeper_in(*group);
    auto dirs = group_dirs_of(child);
    REQUIRE(!dirs.empty());
    CHECK_FALSE(group->remove_if_empty());
    for (const auto& dir : dirs) CHECK(path_exists(dir));  // nothing removed under a member

    group->kill_all();
    CHECK(WIFSIGNALED(wait_for(child)));
    CHECK(group->wait_empty(std::chrono::seconds(5)));
    CHECK(group->remove_if_empty());
    check_all_gone(dirs);
    group.reset();  // destruction after removal: nothing left to do, nothing fails
}

TEST_CASE("remove_if_empty leaves a v1 straggler to kill_all/wait_empty, then removes the rest") {
    if (!host_has_v1("memory") || host_v2_mount().empty()) {
        MESSAGE("skipped: needs a hybrid host (v1 memory and cgroup2)");
        return;
    }
    auto group = make_group(CgroupLimits{});
    if (!group) return;
    pid_t member = sleeper_in(*group);
    auto dirs = group_dirs_of(member);
    group->kill_all();
    REQUIRE(WIFSIGNALED(wait_for(member)));
    REQUIRE(group->wait_empty(std::chrono::seconds(5)));
    std::string memory_dir;
    for (const auto& dir : dirs)
        if (dir.find("/memory/") != std::string::npos) memory_dir = dir;
    REQUIRE(!memory_dir.empty());
    // A process a host root moves into the v1 group only: never in the run's cgroup2 group.
    pid_t straggler = ::fork();
    REQUIRE(straggler >= 0);
    if (straggler == 0) {
        ::pause();
        ::_exit(0);
    }
    std::ofstream(memory_dir + "/cgroup.procs") << straggler << std::flush;
    CHECK_FALSE(group->remove_if_empty());
    CHECK(path_exists(memory_dir));
    CHECK(group->wait_empty(std::chrono::seconds(5)));  // ends the straggler the v1 way
    CHECK(WIFSIGNALED(wait_for(straggler)));
    CHECK(group->remove_if_empty());
    check_all_gone(dirs);
}

TEST_CASE("final_usage reads the same CPU, peak memory and limit counters as usage, not the live values") {
    CgroupLimits limits;
    limits.memory_bytes = 256ull << 20;
    limits.pids = 4;
    auto group = make_group(limits);
    if (!group) return;
    if (!group->usage().has_memory || !group->usage().has_pids) {
        MESSAGE("skipped: no memory or pids controller");
        return;
    }
    pid_t child = spawn_in(*group, [] {
        touch_bytes(24ull << 20);
        burn_cpu(0.05);
        // Over the pids limit of 4: the refused forks are counted.
        for (int i = 0; i < 8; ++i) {
            pid_t p = ::fork();
            if (p == 0) {
                ::pause();
                ::_exit(0);
            }
        }
        return 0;
    });
    REQUIRE(WIFEXITED(wait_for(child)));
    group->kill_all();
    REQUIRE(group->wait_empty(std::chrono::seconds(5)));
    reap_orphans();

    auto live = group->usage();
    auto final = group->final_usage();
    CHECK(final.has_memory);
    CHECK(final.memory_peak_bytes >= (24ull << 20));
    CHECK(final.memory_peak_bytes == live.memory_peak_bytes);
    CHECK(final.oom_kills == live.oom_kills);
    CHECK(final.has_pids);
    CHECK(final.pids_max_hits >= 1);
    CHECK(final.pids_max_hits == live.pids_max_hits);
    CHECK(final.has_cpu == live.has_cpu);
    CHECK(final.cpu_total_s >= 0.05);
    CHECK(final.cpu_total_s == live.cpu_total_s);
    CHECK(final.cpu_user_s == live.cpu_user_s);
    CHECK(final.cpu_sys_s == live.cpu_sys_s);
    // Not read after the run.
    CHECK(final.memory_current_bytes == 0);
    CHECK(final.pids_current == 0);
}
