// Limits and counters on this host's real hierarchies, through RunCgroup::create (v1 or
// hybrid here, v2 in tools/vm-test). Each case needs root and the controller it tests.
#include <doctest/doctest.h>

#include "cgroup_test_support.hpp"
#include "run_cgroup.hpp"
#include "../open_fds.hpp"

#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>

using namespace sandbox::linux_box;
using namespace cgroup_test;

namespace {

std::unique_ptr<RunCgroup> make_group(const CgroupLimits& limits) {
    std::vector<std::string> degraded;
    auto group = RunCgroup::create("test", limits, degraded);
    for (const auto& sentence : degraded) MESSAGE("degraded: " << sentence);
    if (group) MESSAGE("groups: " << group->describe());
    return group;
}

bool usable(const RunCgroup* group, bool CgroupUsage::*field) {
    if (!group) {
        MESSAGE("skipped: no cgroup for this process");
        return false;
    }
    if (!(group->usage().*field)) {
        MESSAGE("skipped: the controller is missing on this host");
        return false;
    }
    return true;
}

}  // namespace

TEST_CASE("memory limit 32 MiB: a child touching 100 MiB is OOM-killed and counted") {
    CgroupLimits limits;
    limits.memory_bytes = 32ull << 20;
    auto group = make_group(limits);
    if (!usable(group.get(), &CgroupUsage::has_memory)) return;
    pid_t child = spawn_in(*group, [] {
        touch_bytes(100ull << 20);
        return 0;
    });
    int status = wait_for(child);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    auto usage = group->usage();
    CHECK(usage.oom_kills >= 1);
    CHECK(usage.oom_events >= 1);
    CHECK(usage.memory_peak_bytes <= (32ull << 20));
}

TEST_CASE("peak memory of a child touching exactly 100 MiB is within 3%") {
    auto group = make_group(CgroupLimits{});
    if (!usable(group.get(), &CgroupUsage::has_memory)) return;
    pid_t child = spawn_in(*group, [] { return touch_bytes(100ull << 20) ? 0 : 1; });
    int status = wait_for(child);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    auto peak = static_cast<double>(group->usage().memory_peak_bytes);
    const double expected = 100.0 * (1 << 20);
    MESSAGE("peak " << peak / (1 << 20) << " MiB");
    CHECK(peak >= expected);
    CHECK(peak <= expected * 1.03);
}

TEST_CASE("pids limit 5: a fork loop is refused and the refusals are counted") {
    CgroupLimits limits;
    limits.pids = 5;
    auto group = make_group(limits);
    if (!usable(group.get(), &CgroupUsage::has_pids)) return;
    int report[2];
    REQUIRE(::pipe(report) == 0);
    pid_t child = spawn_in(*group, [&] {
        int refused = 0;
        for (int i = 0; i < 20; ++i) {
            pid_t pid = ::fork();
            if (pid == 0) {
                ::pause();
                ::_exit(0);
            }
            if (pid < 0 && errno == EAGAIN) ++refused;
        }
        (void)!::write(report[1], &refused, sizeof refused);
        ::pause();
        return 0;
    });
    ::close(report[1]);
    int refused = 0;
    REQUIRE(::read(report[0], &refused, sizeof refused) == sizeof refused);
    ::close(report[0]);
    auto usage = group->usage();
    CHECK(refused == 16);  // the child plus 4 of its forks fill the 5 slots
    CHECK(usage.pids_current == 5);
    CHECK(usage.pids_max_hits >= 1);
    group->kill_all();
    CHECK(group->wait_empty(std::chrono::seconds(5)));
    wait_for(child);
    reap_orphans();
}

TEST_CASE("cpu quota 20%: one second of cpu takes at least three seconds of wall time") {
    CgroupLimits limits;
    limits.cpu_quota_us = 20'000;
    limits.cpu_period_us = 100'000;
    auto group = make_group(limits);
    if (!usable(group.get(), &CgroupUsage::has_cpu)) return;
    auto start = std::chrono::steady_clock::now();
    pid_t child = spawn_in(*group, [] {
        burn_cpu(1.0);
        return 0;
    });
    int status = wait_for(child);
    double wall = seconds_since(start);
    REQUIRE(WIFEXITED(status));
    auto usage = group->usage();
    MESSAGE("wall " << wall << " s, cpu " << usage.cpu_total_s << " s (user " << usage.cpu_user_s
                    << ", sys " << usage.cpu_sys_s << "), throttled " << usage.cpu_throttled_periods);
    CHECK(wall >= 3.0);
    CHECK(usage.cpu_total_s >= 0.99);
    CHECK(usage.cpu_total_s <= 1.2);
    // user and sys come in the same unit as the total (v1 cpuacct: ns, v2 cpu.stat: us).
    CHECK(usage.cpu_user_s + usage.cpu_sys_s == doctest::Approx(usage.cpu_total_s).epsilon(0.1));
    CHECK(usage.cpu_throttled_periods >= 20);
}

TEST_CASE("kill_all ends 20 sleepers and wait_empty sees the group empty") {
    auto group = make_group(CgroupLimits{});
    if (!group) return;
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t child = spawn_in(*group, [&] {
        for (int i = 0; i < 19; ++i) {
            if (::fork() == 0) {
                ::sleep(600);
                ::_exit(0);
            }
        }
        (void)!::write(ready[1], "x", 1);
        ::sleep(600);
        return 0;
    });
    ::close(ready[1]);
    char byte;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    ::close(ready[0]);
    CHECK(group->pids().size() == 20);
    auto start = std::chrono::steady_clock::now();
    group->kill_all();
    CHECK(group->wait_empty(std::chrono::seconds(5)));
    MESSAGE("kill_all + wait_empty of 20: " << seconds_since(start) * 1e3 << " ms");
    CHECK(group->pids().empty());
    int status = wait_for(child);
    CHECK(WIFSIGNALED(status));
    reap_orphans();
}

TEST_CASE("the child is in the run's group in every hierarchy a run uses, none of the host's") {
    auto group = make_group(CgroupLimits{});
    if (!group) return;
    pid_t child = spawn_in(*group, [] {
        ::sleep(600);
        return 0;
    });
    auto dirs = group_dirs_of(child);
    group->kill_all();
    wait_for(child);
    CHECK(dirs.size() >= 1);
    for (const auto& dir : dirs) CHECK_MESSAGE(dir.find("/rusty-sandbox/run-") != std::string::npos, dir);
    if (host_has_v1("memory")) {
        // v1 memory, pids and cpuacct, then the unified group (hybrid) or the v1 freezer.
        CHECK(dirs.size() >= 4);
    }
}

TEST_CASE("the destructor kills what is left and removes every directory") {
    CgroupLimits limits;
    limits.memory_bytes = 64ull << 20;
    limits.pids = 10;
    auto group = make_group(limits);
    if (!group) return;
    pid_t child = spawn_in(*group, [] {
        ::sleep(600);
        return 0;
    });
    auto dirs = group_dirs_of(child);
    CHECK_FALSE(dirs.empty());
    for (const auto& dir : dirs) CHECK_MESSAGE(path_exists(dir), dir);
    group.reset();
    int status = wait_for(child);
    CHECK(WIFSIGNALED(status));
    for (const auto& dir : dirs) CHECK_MESSAGE(!path_exists(dir), dir);
}

TEST_CASE("cpuset 0: the child runs on cpu 0 only and cannot widen its affinity") {
    if (::sysconf(_SC_NPROCESSORS_ONLN) < 2) {
        MESSAGE("skipped: one cpu, nothing to restrict");
        return;
    }
    CgroupLimits limits;
    limits.cpuset = "0";
    std::vector<std::string> degraded;
    auto group = RunCgroup::create("cpuset", limits, degraded);
    if (!group) return;
    for (const auto& sentence : degraded) {
        if (sentence.find("cpuset not applied") != std::string::npos) {
            MESSAGE("skipped: " << sentence);
            return;
        }
    }
    pid_t child = spawn_in(*group, [] {
        cpu_set_t all;
        CPU_ZERO(&all);
        for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) CPU_SET(cpu, &all);
        ::sched_setaffinity(0, sizeof all, &all);  // asks for every cpu
        cpu_set_t got;
        CPU_ZERO(&got);
        if (::sched_getaffinity(0, sizeof got, &got) != 0) return 2;
        return CPU_COUNT(&got) == 1 && CPU_ISSET(0, &got) ? 0 : 1;
    });
    int status = wait_for(child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("creating and destroying groups leaks no fd and no directory") {
    auto before = open_fd_count();
    std::vector<std::string> dirs;
    for (int i = 0; i < 10; ++i) {
        CgroupLimits limits;
        limits.memory_bytes = 64ull << 20;
        auto group = make_group(limits);
        if (!group) return;
        pid_t child = spawn_in(*group, [] {
            ::sleep(600);
            return 0;
        });
        for (const auto& dir : group_dirs_of(child)) dirs.push_back(dir);
        group.reset();  // ends the sleeper
        wait_for(child);
    }
    CHECK(open_fd_count() == before);
    CHECK(dirs.size() >= 10);
    for (const auto& dir : dirs) CHECK_MESSAGE(!path_exists(dir), dir);
}
