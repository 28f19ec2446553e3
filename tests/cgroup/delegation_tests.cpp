// Rootless: an unprivileged process in a delegated cgroup2 subtree (systemd Delegate=yes
// style, built here by root) finds it from /proc/self/cgroup and runs inside it.
#include <doctest/doctest.h>

#include "cgroup_files.hpp"
#include "cgroup_test_support.hpp"
#include "run_cgroup.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace sandbox::linux_box;
using namespace cgroup_test;

namespace {

constexpr uid_t kUser = 65534;

void delegate(const std::string& dir) {
    ::chown(dir.c_str(), kUser, kUser);
    for (const char* file : {"cgroup.procs", "cgroup.threads", "cgroup.subtree_control"}) {
        ::chown((dir + "/" + file).c_str(), kUser, kUser);
    }
}

std::vector<std::string> entries_starting_with(const std::string& dir, const std::string& prefix) {
    std::vector<std::string> out;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* entry = ::readdir(d)) {
            if (std::string(entry->d_name).rfind(prefix, 0) == 0) out.push_back(entry->d_name);
        }
        ::closedir(d);
    }
    return out;
}

}  // namespace

TEST_CASE("rootless: a run goes into the delegated subtree and is removed from it") {
    std::string mount = host_v2_mount();
    if (::geteuid() != 0 || mount.empty()) {
        MESSAGE("skipped: needs root (to build the delegation) and a cgroup2 hierarchy");
        return;
    }
    // delegated/ (the user's, no processes, controllers on for its children)
    //   leaf/    (the user's; the unprivileged process lives here)
    const std::string delegated = mount + "/rusty-sandbox-delegation-test-" + std::to_string(::getpid());
    REQUIRE(::mkdir(delegated.c_str(), 0755) == 0);
    auto offered = cgroupfs::split_words(cgroupfs::read_file(delegated + "/cgroup.controllers").value_or(""));
    for (const auto& controller : offered) {
        cgroupfs::write_file(delegated + "/cgroup.subtree_control", "+" + controller);
    }
    REQUIRE(::mkdir((delegated + "/leaf").c_str(), 0755) == 0);
    delegate(delegated);
    delegate(delegated + "/leaf");

    int report[2];
    REQUIRE(::pipe(report) == 0);
    pid_t user = ::fork();
    if (user == 0) {
        ::close(report[0]);
        if (cgroupfs::write_file(delegated + "/leaf/cgroup.procs", "0") != 0) ::_exit(120);
        if (::setgid(kUser) != 0 || ::setuid(kUser) != 0) ::_exit(121);
        std::vector<std::string> degraded;
        CgroupLimits limits;
        limits.pids = 8;
        auto group = RunCgroup::create("rootless", limits, degraded);
        if (!group) ::_exit(122);
        pid_t member = spawn_in(*group, [] {
            ::sleep(600);
            return 0;
        });
        // Where the member is, then whether pids.max took (when the subtree has pids).
        std::string where;
        for (const auto& dir : group_dirs_of(member)) where += dir + "\n";
        where += group->usage().has_pids ? "pids\n" : "nopids\n";
        for (const auto& sentence : degraded) where += "degraded: " + sentence + "\n";
        (void)!::write(report[1], where.data(), where.size());
        group.reset();
        wait_for(member);
        ::_exit(0);
    }
    ::close(report[1]);
    std::string where;
    char buf[1024];
    for (ssize_t n; (n = ::read(report[0], buf, sizeof buf)) > 0;) where.append(buf, n);
    ::close(report[0]);
    int status = wait_for(user);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    MESSAGE(where);
    CHECK(where.find(delegated + "/rusty-sandbox/run-") != std::string::npos);
    bool pids_delegated = std::find(offered.begin(), offered.end(), "pids") != offered.end();
    CHECK(where.find(pids_delegated ? "\npids\n" : "\nnopids\n") != std::string::npos);
    // The run group is gone; the user's parent stays for the next run.
    CHECK(entries_starting_with(delegated + "/rusty-sandbox", "run-").empty());
    CHECK(::rmdir((delegated + "/rusty-sandbox").c_str()) == 0);
    CHECK(::rmdir((delegated + "/leaf").c_str()) == 0);
    CHECK(::rmdir(delegated.c_str()) == 0);
}
