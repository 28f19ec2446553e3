// Attaching the way the launcher does (from a child already in its own user and cgroup
// namespaces), and a hostile member trying to leave or loosen its groups.
#include <doctest/doctest.h>

#include "cgroup_files.hpp"
#include "cgroup_hierarchies.hpp"
#include "cgroup_test_support.hpp"
#include "run_cgroup.hpp"

#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace sandbox::linux_box;
using namespace cgroup_test;

namespace {

// fork(), born in the run's v2 group when it has one, as the launcher's clone3 does.
pid_t fork_into(int v2_dir_fd) {
    if (v2_dir_fd < 0) return ::fork();
    clone_args args{};
    args.flags = CLONE_INTO_CGROUP;
    args.exit_signal = SIGCHLD;
    args.cgroup = static_cast<std::uint64_t>(v2_dir_fd);
    return static_cast<pid_t>(::syscall(SYS_clone3, &args, sizeof args));
}

}  // namespace

TEST_CASE("attach fds work from a child inside new user and cgroup namespaces") {
    std::vector<std::string> degraded;
    auto group = RunCgroup::create("userns", CgroupLimits{}, degraded);
    if (!group || group->attach_fds().empty()) {
        MESSAGE("skipped: this host attaches with CLONE_INTO_CGROUP");
        return;
    }
    // Like the launcher's clone3(CLONE_NEWUSER|CLONE_NEWCGROUP) child: unprivileged on the
    // host, with only the fds the supervisor opened.
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t child = fork_into(group->clone_into_fd());
    REQUIRE(child >= 0);
    if (child == 0) {
        if (::unshare(CLONE_NEWUSER | CLONE_NEWCGROUP) != 0) ::_exit(121);
        for (int fd : group->attach_fds()) {
            if (::write(fd, "0", 1) != 1) ::_exit(120);
        }
        (void)!::write(ready[1], "x", 1);
        ::sleep(600);
        ::_exit(0);
    }
    ::close(ready[1]);
    char byte;
    CHECK(::read(ready[0], &byte, 1) == 1);
    ::close(ready[0]);
    auto members = group->pids();
    CHECK(members == std::vector<int>{child});
    for (const auto& dir : group_dirs_of(child)) {
        CHECK_MESSAGE(dir.find("/rusty-sandbox/run-") != std::string::npos, dir);
    }
    group->kill_all();
    CHECK(group->wait_empty(std::chrono::seconds(2)));
    int status = wait_for(child);
    CHECK(WIFSIGNALED(status));  // not 120/121: the attach itself worked
}

TEST_CASE("attack: an unprivileged member cannot leave its groups or loosen its limits") {
    CgroupLimits limits;
    limits.memory_bytes = 64ull << 20;
    limits.pids = 16;
    std::vector<std::string> degraded;
    auto group = RunCgroup::create("attack", limits, degraded);
    if (!group) return;
    int report[2];
    REQUIRE(::pipe(report) == 0);
    pid_t child = spawn_in(*group, [&] {
        // The box runs as an unprivileged host uid: become one.
        if (::setgid(65534) != 0 || ::setuid(65534) != 0) return 122;
        std::string mine = cgroupfs::read_file("/proc/self/cgroup").value_or("");
        std::string escaped;
        for (const auto& hierarchy : host_hierarchies()) {
            // Join the hierarchy's root (a host group) ...
            if (cgroupfs::write_file(hierarchy.mount + "/cgroup.procs", "0") == 0) {
                escaped += "joined " + hierarchy.mount + "; ";
            }
        }
        for (const auto& dir : group_dirs_of(::getpid())) {
            // ... raise its own limits, or make a subgroup to move into.
            for (const char* file : {"memory.limit_in_bytes", "memory.max", "pids.max"}) {
                if (cgroupfs::write_file(dir + "/" + file, "max") == 0) {
                    escaped += std::string("wrote ") + file + "; ";
                }
            }
            if (::mkdir((dir + "/escape").c_str(), 0755) == 0) escaped += "mkdir in " + dir + "; ";
        }
        if (cgroupfs::read_file("/proc/self/cgroup").value_or("") != mine) escaped += "moved; ";
        (void)!::write(report[1], escaped.data(), escaped.size());
        return 0;
    });
    ::close(report[1]);
    std::string escaped;
    char buf[512];
    for (ssize_t n; (n = ::read(report[0], buf, sizeof buf)) > 0;) escaped.append(buf, n);
    ::close(report[0]);
    int status = wait_for(child);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK_MESSAGE(escaped.empty(), escaped);
}
