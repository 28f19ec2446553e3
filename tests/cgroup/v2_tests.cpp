// cgroup2 on this host (the controller-less unified hierarchy here, a full one in the VM):
// CLONE_INTO_CGROUP, cpu.stat, cgroup.kill, cgroup.events, cgroup.freeze; and limit routing
// and values written into directory trees laid out like cgroupfs.
#include <doctest/doctest.h>

#include "cgroup_files.hpp"
#include "cgroup_hierarchies.hpp"
#include "cgroup_test_support.hpp"
#include "host_run_cgroup.hpp"
#include "run_group_name.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace sandbox::linux_box;
using namespace cgroup_test;

namespace {

// A run group in the cgroup2 hierarchy only, under its `rusty-sandbox` parent.
std::unique_ptr<RunCgroup> make_v2_group(const CgroupLimits& limits,
                                         std::vector<std::string>& degraded) {
    for (const auto& hierarchy : host_hierarchies()) {
        if (hierarchy.version != 2) continue;
        if (auto problem = ensure_parent(hierarchy, kProjectGroup); !problem.empty()) {
            MESSAGE("skipped: " << problem);
            return nullptr;
        }
        CgroupPlacement placement;
        placement.v2 = CgroupPlacement::Spot{hierarchy, join_cgroup_path(hierarchy.mount, kProjectGroup)};
        return create_run_cgroup(placement, make_run_group_name("v2"), limits, degraded);
    }
    MESSAGE("skipped: no cgroup2 hierarchy mounted");
    return nullptr;
}

std::string v2_dir_of(pid_t pid) {
    for (const auto& dir : group_dirs_of(pid)) {
        if (dir.rfind(host_v2_mount(), 0) == 0) return dir;
    }
    return "";
}

std::map<std::string, std::uint64_t> events_of(const std::string& dir) {
    return cgroupfs::parse_flat_keyed(cgroupfs::read_file(dir + "/cgroup.events").value_or(""));
}

void write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
}

std::string read_text(const std::filesystem::path& path) {
    return cgroupfs::read_file(path).value_or("<missing>");
}

}  // namespace

TEST_CASE("v2: CLONE_INTO_CGROUP places the child, cpu.stat counts it, cgroup.kill ends it") {
    std::vector<std::string> degraded;
    auto group = make_v2_group(CgroupLimits{}, degraded);
    if (!group) return;
    CHECK(group->describe().rfind("v2", 0) == 0);
    CHECK(group->clone_into_fd() >= 0);
    CHECK(group->attach_fds().empty());

    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t child = spawn_in(*group, [&] {
        burn_cpu(0.2);
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

    std::string dir = v2_dir_of(child);
    CHECK(dir.find("/rusty-sandbox/run-") != std::string::npos);
    CHECK(group->pids().size() == 20);
    CHECK(events_of(dir)["populated"] == 1);
    auto usage = group->usage();
    CHECK(usage.has_cpu);
    CHECK(usage.cpu_total_s >= 0.19);

    auto start = std::chrono::steady_clock::now();
    group->kill_all();
    CHECK(group->wait_empty(std::chrono::seconds(5)));
    MESSAGE("cgroup.kill + cgroup.events wait for 20: " << seconds_since(start) * 1e3 << " ms");
    CHECK(events_of(dir)["populated"] == 0);
    CHECK(WIFSIGNALED(wait_for(child)));
    reap_orphans();
    group.reset();
    CHECK_FALSE(path_exists(dir));
}

TEST_CASE("v2: kill_all ends a frozen group") {
    std::vector<std::string> degraded;
    auto group = make_v2_group(CgroupLimits{}, degraded);
    if (!group) return;
    pid_t child = spawn_in(*group, [] {
        ::sleep(600);
        return 0;
    });
    std::string dir = v2_dir_of(child);
    REQUIRE(cgroupfs::write_file(dir + "/cgroup.freeze", "1") == 0);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (events_of(dir)["frozen"] != 1 && std::chrono::steady_clock::now() < deadline) {
        ::usleep(1000);
    }
    CHECK(events_of(dir)["frozen"] == 1);
    group->kill_all();
    CHECK(group->wait_empty(std::chrono::seconds(5)));
    CHECK(WIFSIGNALED(wait_for(child)));
}

TEST_CASE("v2: a limit whose controller is not enabled anywhere is reported, not faked") {
    std::vector<std::string> degraded;
    CgroupLimits limits;
    limits.pids = 8;
    auto group = make_v2_group(limits, degraded);
    if (!group) return;
    bool has_pids = group->usage().has_pids;
    bool reported = false;
    for (const auto& sentence : degraded) {
        if (sentence.find("pids limit not applied") != std::string::npos) reported = true;
    }
    CHECK(reported == !has_pids);
}

TEST_CASE("limit routing and values against trees laid out like cgroupfs") {
    namespace fs = std::filesystem;
    fs::path root = fs::temp_directory_path() / ("cgroup-fake-" + std::to_string(::getpid()));
    // A v1 memory group without swap accounting, a v1 cpu group, and a v2 group with
    // memory, pids, cpu and io enabled (memory there must stay untouched: v1 holds it).
    fs::create_directories(root / "memory/run");
    fs::create_directories(root / "cpu/run");
    fs::create_directories(root / "unified/run");
    for (const char* file : {"memory.limit_in_bytes", "memory.swappiness", "tasks"}) {
        write_text(root / "memory/run" / file, "");
    }
    for (const char* file : {"cpu.cfs_period_us", "cpu.cfs_quota_us", "cpu.shares"}) {
        write_text(root / "cpu/run" / file, "");
    }
    for (const char* file : {"memory.max", "memory.swap.max", "pids.max", "cpu.max", "io.max"}) {
        write_text(root / "unified/run" / file, "");
    }
    auto open_dir = [](const fs::path& path) { return ::open(path.c_str(), O_RDONLY | O_DIRECTORY); };
    int memory_fd = open_dir(root / "memory/run");
    int cpu_fd = open_dir(root / "cpu/run");
    int v2_fd = open_dir(root / "unified/run");

    CgroupLimits limits;
    limits.memory_bytes = 32ull << 20;
    limits.memory_high_bytes = 16ull << 20;
    limits.pids = 5;
    limits.cpu_quota_us = 20'000;
    limits.cpu_weight = 50;
    limits.cpuset = "0";
    limits.io.push_back({"8:0", 4096, {}, {}, {}});
    std::vector<std::string> degraded;
    apply_limits({{memory_fd, "memory/run", {"memory"}}, {cpu_fd, "cpu/run", {"cpu", "cpuacct"}}},
                 LimitTarget{v2_fd, "unified/run", {"memory", "pids", "cpu", "io"}}, limits,
                 degraded);

    CHECK(read_text(root / "memory/run/memory.limit_in_bytes") == "33554432");
    CHECK(read_text(root / "memory/run/memory.swappiness") == "0");
    CHECK(read_text(root / "cpu/run/cpu.cfs_period_us") == "100000");
    CHECK(read_text(root / "cpu/run/cpu.cfs_quota_us") == "20000");
    CHECK(read_text(root / "cpu/run/cpu.shares") == "512");
    CHECK(read_text(root / "unified/run/pids.max") == "5");
    CHECK(read_text(root / "unified/run/io.max") == "8:0 rbps=4096");
    // Held by v1, so not written on v2:
    CHECK(read_text(root / "unified/run/memory.max").empty());
    CHECK(read_text(root / "unified/run/cpu.max").empty());

    auto said = [&](const char* words) {
        for (const auto& sentence : degraded) {
            if (sentence.find(words) != std::string::npos) return true;
        }
        return false;
    };
    CHECK(said("swap off only through memory.swappiness=0"));
    CHECK(said("memory high watermark not applied: cgroup v1 has no memory.high"));
    CHECK(said("cpuset not applied: no cpuset controller"));
    CHECK(degraded.size() == 3);

    // The same limits on v2 alone: every value lands in the v2 files.
    degraded.clear();
    fs::create_directories(root / "v2only/run");
    for (const char* file : {"memory.max", "memory.swap.max", "memory.high", "pids.max", "cpu.max",
                             "cpu.weight", "cpuset.cpus", "io.max"}) {
        write_text(root / "v2only/run" / file, "");
    }
    int v2only_fd = open_dir(root / "v2only/run");
    apply_limits({}, LimitTarget{v2only_fd, "v2only/run", {"cpuset", "cpu", "io", "memory", "pids"}},
                 limits, degraded);
    CHECK(degraded.empty());
    CHECK(read_text(root / "v2only/run/memory.max") == "33554432");
    CHECK(read_text(root / "v2only/run/memory.swap.max") == "0");
    CHECK(read_text(root / "v2only/run/memory.high") == "16777216");
    CHECK(read_text(root / "v2only/run/cpu.max") == "20000 100000");
    CHECK(read_text(root / "v2only/run/cpu.weight") == "50");
    CHECK(read_text(root / "v2only/run/cpuset.cpus") == "0");

    // A write the kernel refuses is reported with the file and errno.
    degraded.clear();
    fs::remove(root / "v2only/run/pids.max");
    fs::create_directory(root / "v2only/run/pids.max");  // open(O_WRONLY) -> EISDIR
    CgroupLimits pids_only;
    pids_only.pids = 3;
    apply_limits({}, LimitTarget{v2only_fd, "v2only/run", {"pids"}}, pids_only, degraded);
    REQUIRE(degraded.size() == 1);
    CHECK(degraded[0].find("v2only/run/pids.max failed: Is a directory") != std::string::npos);

    for (int fd : {memory_fd, cpu_fd, v2_fd, v2only_fd}) ::close(fd);
    fs::remove_all(root);
}
