// detect_cgroups() against the file system's own word, and the configurable parent.
#include <doctest/doctest.h>

#include "cgroup_hierarchies.hpp"
#include "cgroup_test_support.hpp"
#include "run_cgroup.hpp"
#include "run_group_name.hpp"

#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

using namespace sandbox::linux_box;
using namespace cgroup_test;

namespace {

bool is_fs(const char* path, long magic) {
    struct statfs fs {};
    return ::statfs(path, &fs) == 0 && static_cast<long>(fs.f_type) == magic;
}

bool mentions(const std::vector<std::string>& sentences, const std::string& words) {
    for (const auto& sentence : sentences) {
        if (sentence.find(words) != std::string::npos) return true;
    }
    return false;
}

// Sets RUSTY_SANDBOX_CGROUP_PARENT for one scope.
struct ParentEnv {
    explicit ParentEnv(const std::string& value) { ::setenv(kParentEnv, value.c_str(), 1); }
    ~ParentEnv() { ::unsetenv(kParentEnv); }
};

}  // namespace

TEST_CASE("detect_cgroups agrees with the file system types under /sys/fs/cgroup") {
    auto info = detect_cgroups();
    MESSAGE("mode " << info.mode << ", parent '" << info.parent << "'");
    if (is_fs("/sys/fs/cgroup", CGROUP2_SUPER_MAGIC)) {
        CHECK(info.mode == "v2");
        CHECK(info.v2_mount == "/sys/fs/cgroup");
        CHECK(info.v1_controllers.empty());
    } else if (is_fs("/sys/fs/cgroup/memory", CGROUP_SUPER_MAGIC)) {
        bool unified = is_fs("/sys/fs/cgroup/unified", CGROUP2_SUPER_MAGIC);
        CHECK(info.mode == (unified ? "hybrid" : "v1"));
        CHECK(std::find(info.v1_controllers.begin(), info.v1_controllers.end(), "memory") !=
              info.v1_controllers.end());
        if (unified && info.v2_controllers.empty()) {
            CHECK(mentions(info.notes, "has no controllers: used for cgroup.kill"));
        }
    }
    if (::geteuid() == 0 && !std::getenv(kParentEnv)) CHECK(info.parent == "/rusty-sandbox");
}

TEST_CASE("RUSTY_SANDBOX_CGROUP_PARENT: runs go under it; it must exist and stay below the roots") {
    if (::geteuid() != 0 || host_hierarchies().empty()) {
        MESSAGE("skipped: needs root and a cgroup hierarchy");
        return;
    }
    {
        ParentEnv env("../escape");
        std::vector<std::string> degraded;
        CHECK(RunCgroup::create("env", CgroupLimits{}, degraded) == nullptr);
        CHECK(mentions(degraded, "must not contain '..'"));
    }
    const std::string relative = "rusty-sandbox-parent-test-" + std::to_string(::getpid());
    ParentEnv env(relative);
    std::vector<std::string> degraded;
    CHECK(RunCgroup::create("env", CgroupLimits{}, degraded) == nullptr);
    CHECK(mentions(degraded, "does not exist"));

    std::vector<std::string> parents;
    for (const auto& hierarchy : host_hierarchies()) {
        std::string dir = join_cgroup_path(hierarchy.mount, relative);
        if (::mkdir(dir.c_str(), 0755) == 0) parents.push_back(dir);
    }
    degraded.clear();
    auto group = RunCgroup::create("env", CgroupLimits{}, degraded);
    REQUIRE(group);
    pid_t child = spawn_in(*group, [] {
        ::sleep(600);
        return 0;
    });
    auto dirs = group_dirs_of(child);
    CHECK_FALSE(dirs.empty());
    for (const auto& dir : dirs) {
        CHECK_MESSAGE(dir.find("/" + relative + "/run-") != std::string::npos, dir);
    }
    group.reset();
    CHECK(WIFSIGNALED(wait_for(child)));
    for (const auto& dir : parents) CHECK_MESSAGE(::rmdir(dir.c_str()) == 0, dir);
}
