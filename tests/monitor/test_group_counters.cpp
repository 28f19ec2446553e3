// GroupCounters on this host's real cgroup files: the project's own parent groups
// (rusty-sandbox at the top of each hierarchy, made by the first box run), read only.
#include "linux/monitor/group_counters.hpp"

#include <sandbox/sandbox.hpp>

#include <doctest/doctest.h>

#include <fcntl.h>

#include <filesystem>
#include <string>
#include <vector>

using sandbox::linux_monitor::GroupCounters;

namespace {

// The project's parent group in each hierarchy of `names` that has one, as open directories.
struct ParentDirs {
    std::vector<sandbox::linux_box::UniqueFd> fds;
    std::vector<int> raw;
    explicit ParentDirs(const std::vector<std::string>& names) {
        for (const auto& name : names) {
            const std::string path = "/sys/fs/cgroup/" + name + "/rusty-sandbox";
            sandbox::linux_box::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
            if (fd.get() < 0) continue;
            raw.push_back(fd.get());
            fds.push_back(std::move(fd));
        }
    }
};

void make_parent_groups() {
    auto r = sandbox::Sandbox().run(sandbox::Command{.argv = {"/bin/true"}});
    REQUIRE(r.status == sandbox::Status::ok);
}

}  // namespace

TEST_CASE("GroupCounters on v1 memory and cpuacct: CPU in nanoseconds, memory and its peak") {
    make_parent_groups();
    ParentDirs dirs({"memory", "cpuacct", "unified"});
    if (dirs.raw.size() < 2) {
        MESSAGE("skipped: no v1 memory and cpuacct groups of the project on this host");
        return;
    }
    GroupCounters counters(dirs.raw);
    const auto u = counters.usage();
    REQUIRE(u.cpu_user_s);
    REQUIRE(u.cpu_sys_s);
    CHECK(*u.cpu_user_s + *u.cpu_sys_s > 0);  // the box run above used some
    REQUIRE(u.memory_bytes);
    REQUIRE(u.memory_peak_bytes);
    CHECK(*u.memory_peak_bytes >= *u.memory_bytes);
    std::vector<int> pids{-1};
    CHECK(counters.members(pids));  // the parent holds no process of its own
    CHECK(pids.empty());
}

TEST_CASE("GroupCounters on a v2 group alone: CPU from cpu.stat, no memory without the controller") {
    make_parent_groups();
    ParentDirs dirs({"unified"});
    if (dirs.raw.empty()) {
        MESSAGE("skipped: no cgroup2 group of the project on this host");
        return;
    }
    GroupCounters counters(dirs.raw);
    const auto u = counters.usage();
    REQUIRE(u.cpu_user_s);
    REQUIRE(u.cpu_sys_s);
    CHECK(*u.cpu_user_s + *u.cpu_sys_s > 0);
    const bool memory_controller = std::filesystem::exists("/sys/fs/cgroup/unified/rusty-sandbox/memory.current");
    CHECK(u.memory_bytes.has_value() == memory_controller);
    CHECK(counters.has_members());
}
