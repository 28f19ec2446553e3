// Joining the run's cgroup: v1 through `tasks` fds written by the child itself (then a cgroup
// namespace rooted there), v2 through CLONE_INTO_CGROUP. The groups are made here, under the
// project's own `rusty-sandbox` group, and removed again.
#include "box_harness.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>
#include <thread>

using namespace box_test;

namespace {

// A test group `box-test-<pid>` under <hierarchy>/rusty-sandbox; skipped when absent.
struct TestGroup {
    std::string path;
    bool made_parent = false;
    explicit TestGroup(const std::string& hierarchy) {
        if (::access((hierarchy + "/cgroup.procs").c_str(), F_OK) != 0) return;
        std::string parent = hierarchy + "/rusty-sandbox";
        made_parent = ::mkdir(parent.c_str(), 0755) == 0;
        path = parent + "/box-test-" + std::to_string(::getpid());
        if (::mkdir(path.c_str(), 0755) != 0) path.clear();
    }
    ~TestGroup() {
        if (!path.empty()) ::rmdir(path.c_str());
        if (made_parent) ::rmdir(path.substr(0, path.rfind('/')).c_str());
    }
    int member_count(const char* file) const {
        std::ifstream in(path + "/" + file);
        int n = 0;
        for (std::string line; std::getline(in, line);) ++n;
        return n;
    }
};

// Runs `cat /proc/self/cgroup` in a box that then waits for stdin; meanwhile counts the
// members of `group` from the host. Returns the box's output.
std::string run_in_group(BoxPlan plan, const TestGroup& group, const char* members_file, int& seen) {
    plan.argv = {"/bin/sh", "-c", "cat /proc/self/cgroup; read line"};
    auto box = sandbox::linux_box::launch(plan);
    seen = 0;
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (seen < 2 && std::chrono::steady_clock::now() < end) {  // the init and the shell
        seen = group.member_count(members_file);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ::close(box.stdin_fd);
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::read(box.stdout_fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    int status = 0;
    ::waitpid(box.pid, &status, 0);
    for (int fd : {box.pidfd, box.stdout_fd, box.stderr_fd, box.status_fd}) ::close(fd);
    return out;
}

}  // namespace

TEST_CASE("cgroup v1: the child joins through tasks fds; its cgroup namespace is rooted there") {
    TestGroup pids("/sys/fs/cgroup/pids");
    if (pids.path.empty()) {
        MESSAGE("skipped: no v1 pids hierarchy");
        return;
    }
    int tasks = ::open((pids.path + "/tasks").c_str(), O_WRONLY | O_CLOEXEC);
    REQUIRE(tasks >= 0);
    BoxPlan plan = plan_for({});
    plan.cgroup_attach_fds = {tasks};
    int seen = 0;
    std::string out = run_in_group(plan, pids, "tasks", seen);
    ::close(tasks);
    CHECK(seen >= 2);
    CHECK(out.find(":pids:/\n") != std::string::npos);
    CHECK(pids.member_count("tasks") == 0);
}

TEST_CASE("cgroup v2: CLONE_INTO_CGROUP places the box; its cgroup namespace is rooted there") {
    TestGroup group("/sys/fs/cgroup/unified");
    if (group.path.empty()) {
        MESSAGE("skipped: no cgroup2 mount");
        return;
    }
    int dir = ::open(group.path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    REQUIRE(dir >= 0);
    BoxPlan plan = plan_for({});
    plan.cgroup_v2_dir_fd = dir;
    int seen = 0;
    std::string out = run_in_group(plan, group, "cgroup.procs", seen);
    ::close(dir);
    CHECK(seen >= 2);
    CHECK(out.find("0::/\n") != std::string::npos);
    CHECK(group.member_count("cgroup.procs") == 0);
}
