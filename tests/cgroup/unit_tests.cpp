// Pure logic: mountinfo parsing, run group names, limit translation, delegation walk.
#include <doctest/doctest.h>

#include "cgroup_files.hpp"
#include "cgroup_hierarchies.hpp"
#include "limit_writes.hpp"
#include "run_group_name.hpp"

#include <sandbox/error.hpp>

#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace sandbox::linux_box;

namespace {

const char* kHybridMountinfo =
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
    // the same memory hierarchy bound again, and a bind of a subgroup: both ignored
    "50 23 0:32 / /mnt/mem\\040copy rw,relatime - cgroup cgroup rw,memory\n"
    "51 23 0:39 /sub /mnt/sub rw,relatime - cgroup cgroup rw,pids\n"
    "60 23 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n";

}  // namespace

TEST_CASE("mountinfo: hybrid layout, co-mounted controllers, duplicates and named hierarchies") {
    auto found = parse_cgroup_mounts(kHybridMountinfo);
    REQUIRE(found.size() == 3);
    CHECK(found[0].version == 1);
    CHECK(found[0].mount == "/sys/fs/cgroup/cpu,cpuacct");
    CHECK(found[0].controllers == std::vector<std::string>{"cpu", "cpuacct"});
    CHECK(found[1].mount == "/sys/fs/cgroup/memory");
    CHECK(found[1].has("memory"));
    CHECK_FALSE(found[1].has("pids"));
    CHECK(found[2].version == 2);
    CHECK(found[2].mount == "/sys/fs/cgroup/unified");
}

TEST_CASE("mountinfo: escaped mount points and pure v2") {
    auto found = parse_cgroup_mounts(
        "29 23 0:26 / /sys/fs/cgroup\\040v2 rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n");
    REQUIRE(found.size() == 1);
    CHECK(found[0].version == 2);
    CHECK(found[0].mount == "/sys/fs/cgroup v2");
    CHECK(parse_cgroup_mounts("garbage line\n\n").empty());
}

TEST_CASE("run group names record the owner and survive parsing") {
    auto name = make_run_group_name("judge-7");
    auto owner = parse_run_group_name(name);
    REQUIRE(owner);
    CHECK(owner->pid == ::getpid());
    CHECK(owner->start_time == *process_start_time(::getpid()));
    CHECK(owner_alive(*owner));
    CHECK(name.size() > 8);
    CHECK(name.substr(name.size() - 8) == "-judge-7");
    CHECK(make_run_group_name("") != make_run_group_name(""));

    CHECK_FALSE(parse_run_group_name("rusty-sandbox"));
    CHECK_FALSE(parse_run_group_name("run-12-34"));
    CHECK_FALSE(parse_run_group_name("run-12-34-5x"));
    CHECK(parse_run_group_name("run-12-34-5-label")->pid == 12);

    CHECK_THROWS_AS(make_run_group_name("../escape"), sandbox::PolicyError);
    CHECK_THROWS_AS(make_run_group_name(std::string(65, 'a')), sandbox::PolicyError);
}

TEST_CASE("an owner whose pid was reused is not alive") {
    RunGroupOwner me{::getpid(), *process_start_time(::getpid())};
    me.start_time += 1;  // same pid, different start: a recycled pid
    CHECK_FALSE(owner_alive(me));
    pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    CHECK_FALSE(process_start_time(child));
}

TEST_CASE("an owner that is a zombie (killed, not yet reaped) is not alive") {
    pid_t child = ::fork();
    if (child == 0) ::pause();
    auto start = process_start_time(child);
    REQUIRE(start);
    RunGroupOwner owner{child, *start};
    CHECK(owner_alive(owner));
    ::kill(child, SIGKILL);
    // Dead but not reaped: /proc still shows it, with state Z.
    for (int i = 0; i < 200 && owner_alive(owner); ++i) ::usleep(5'000);
    CHECK_FALSE(owner_alive(owner));
    CHECK(process_start_time(child));  // still listed until reaped
    ::waitpid(child, nullptr, 0);
}

TEST_CASE("v1 limit writes: values, units and order") {
    CgroupLimits limits;
    limits.memory_bytes = 32ull << 20;
    limits.pids = 5;
    limits.cpu_quota_us = 20'000;
    limits.cpu_period_us = 100'000;
    limits.cpu_weight = 200;
    limits.cpuset = "0";
    limits.io.push_back({"8:0", 1'000'000, std::nullopt, std::nullopt, 50});
    auto writes = v1_limit_writes(limits);
    std::vector<std::string> seen;
    for (const auto& write : writes) seen.push_back(write.file + "=" + write.value);
    CHECK(seen == std::vector<std::string>{
                      "memory.limit_in_bytes=33554432",
                      "memory.memsw.limit_in_bytes=33554432",
                      "pids.max=5",
                      "cpu.cfs_period_us=100000",
                      "cpu.cfs_quota_us=20000",
                      "cpu.shares=2048",
                      "cpuset.cpus=0",
                      "blkio.throttle.read_bps_device=8:0 1000000",
                      "blkio.throttle.write_iops_device=8:0 50",
                  });
}

TEST_CASE("v2 limit writes: values and units") {
    CgroupLimits limits;
    limits.memory_bytes = 64ull << 20;
    limits.memory_high_bytes = 48ull << 20;
    limits.pids = 64;
    limits.cpu_quota_us = 50'000;
    limits.cpu_weight = 10000;
    limits.io.push_back({"259:0", std::nullopt, 2048, 10, std::nullopt});
    std::vector<std::string> seen;
    for (const auto& write : v2_limit_writes(limits)) seen.push_back(write.file + "=" + write.value);
    CHECK(seen == std::vector<std::string>{
                      "memory.max=67108864",
                      "memory.swap.max=0",
                      "memory.high=50331648",
                      "pids.max=64",
                      "cpu.max=50000 100000",
                      "cpu.weight=10000",
                      "io.max=259:0 wbps=2048 riops=10",
                  });
    CHECK(v2_limit_writes(CgroupLimits{}).empty());
}

TEST_CASE("cpu weight to v1 shares keeps the defaults aligned and clamps") {
    CHECK(weight_to_shares(100) == 1024);
    CHECK(weight_to_shares(1) == 10);
    CHECK(weight_to_shares(10000) == 102400);
}

TEST_CASE("limits the kernel would refuse are rejected with the field named") {
    auto rejects = [](const CgroupLimits& limits, const char* word) {
        try {
            validate_limits(limits);
        } catch (const sandbox::PolicyError& error) {
            return std::string(error.what()).find(word) != std::string::npos;
        }
        return false;
    };
    CgroupLimits l;
    l.memory_bytes = 100;
    CHECK(rejects(l, "memory limit"));
    l = {};
    l.pids = 0;
    CHECK(rejects(l, "pids"));
    l = {};
    l.cpu_quota_us = 10;
    CHECK(rejects(l, "quota"));
    l = {};
    l.cpu_period_us = 5'000'000;
    CHECK(rejects(l, "period"));
    l = {};
    l.cpu_weight = 0;
    CHECK(rejects(l, "weight"));
    l = {};
    l.cpuset = "0;rm";
    CHECK(rejects(l, "cpuset"));
    l = {};
    l.io.push_back({"sda", 1, {}, {}, {}});
    CHECK(rejects(l, "MAJOR:MINOR"));
    CHECK_NOTHROW(validate_limits(CgroupLimits{}));
}

TEST_CASE("delegation walk: nearest owned, writable ancestor with the controllers") {
    // A tree laid out like a systemd user delegation:
    //   user.slice (root's) / user@1000.service (user's, memory pids) / app.slice (user's,
    //   no controllers) / shell.scope (this process)
    namespace fs = std::filesystem;
    fs::path root = fs::temp_directory_path() / ("cgroup-delegation-" + std::to_string(::getpid()));
    fs::path service = root / "user.slice/user@1000.service";
    fs::create_directories(service / "app.slice/shell.scope");
    for (const auto& dir : {service, service / "app.slice", service / "app.slice/shell.scope"}) {
        std::ofstream(dir / "cgroup.procs").put('\n');
        ::chown(dir.c_str(), 1000, 1000);
    }
    std::ofstream(root / "user.slice/cgroup.procs").put('\n');
    std::ofstream(service / "cgroup.subtree_control") << "memory pids\n";
    std::ofstream(service / "app.slice/cgroup.subtree_control") << "\n";

    const std::string own = "/user.slice/user@1000.service/app.slice/shell.scope";
    CHECK(find_delegated_parent(root, own, 1000, {"memory", "pids"}) ==
          "/user.slice/user@1000.service/rusty-sandbox");
    // Without a complete ancestor, the nearest delegated one.
    CHECK(find_delegated_parent(root, own, 1000, {"memory", "io"}) ==
          "/user.slice/user@1000.service/app.slice/rusty-sandbox");
    // Another user owns nothing here.
    CHECK(find_delegated_parent(root, own, 2000, {"memory"}).empty());
    fs::remove_all(root);
}

TEST_CASE("flat keyed files and numbers") {
    auto fields = cgroupfs::parse_flat_keyed("low 0\nhigh 3\nmax 7\noom 1\noom_kill 2\n");
    CHECK(fields["max"] == 7);
    CHECK(fields["oom_kill"] == 2);
    CHECK_FALSE(cgroupfs::parse_u64("max\n"));
    CHECK(*cgroupfs::parse_u64("  42\n") == 42);
    CHECK(cgroupfs::parse_pids("1\n22\n333\n") == std::vector<int>{1, 22, 333});
}
