// Measures what a run pays for its cgroups on this host: create + limits + remove, and
// attaching a process (parent writes its pid vs the child writes "0" vs CLONE_INTO_CGROUP).
// Usage: cgroup-bench [runs]   (as root)
#include "cgroup_files.hpp"
#include "cgroup_test_support.hpp"
#include "run_cgroup.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace sandbox::linux_box;
using Clock = std::chrono::steady_clock;

namespace {

double micros(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::micro>(to - from).count();
}

}  // namespace

int main(int argc, char** argv) {
    int runs = argc > 1 ? std::atoi(argv[1]) : 200;
    if (runs <= 0) {
        std::fprintf(stderr, "cgroup-bench: runs must be a positive number, got '%s'\n", argv[1]);
        return 2;
    }
    remove_stale_cgroups();
    CgroupLimits limits;
    limits.memory_bytes = 256ull << 20;
    limits.pids = 64;
    limits.cpu_quota_us = 100'000;

    double create_us = 0, remove_us = 0, parent_attach_us = 0, child_attach_us = 0;
    std::string description;
    std::size_t attach_fd_count = 0;
    int parent_attached = 0;
    for (int i = 0; i < runs; ++i) {
        std::vector<std::string> degraded;
        auto start = Clock::now();
        auto group = RunCgroup::create("bench", limits, degraded);
        auto created = Clock::now();
        if (!group) {
            std::fprintf(stderr, "cgroup-bench: no cgroup: %s\n",
                         degraded.empty() ? "?" : degraded.front().c_str());
            return 1;
        }
        description = group->describe();
        attach_fd_count = group->attach_fds().size();
        create_us += micros(start, created);

        // The child reports how long its own attach took, through a pipe.
        int timing[2];
        if (::pipe(timing) != 0) return 1;
        auto attach_fds = group->attach_fds();
        pid_t child = cgroup_test::spawn_in(*group, [&] {
            // spawn_in already attached; time a second, identical round (a no-op move costs
            // the same syscalls) only when fds are used. CLONE_INTO_CGROUP has no child cost.
            auto from = Clock::now();
            for (int fd : attach_fds) (void)!::write(fd, "0", 1);
            double spent = micros(from, Clock::now());
            (void)!::write(timing[1], &spent, sizeof spent);
            ::pause();
            return 0;
        });
        ::close(timing[1]);
        double spent = 0;
        (void)!::read(timing[0], &spent, sizeof spent);
        ::close(timing[0]);
        child_attach_us += spent;

        // Parent side: a second process moved by writing its pid to each group's cgroup.procs.
        pid_t other = ::fork();
        if (other == 0) {
            ::pause();
            ::_exit(0);
        }
        auto dirs = cgroup_test::group_dirs_of(child);
        auto from = Clock::now();
        bool all = true;
        for (const auto& dir : dirs) {
            all = cgroupfs::write_file(dir + "/cgroup.procs", std::to_string(other)) == 0 && all;
        }
        parent_attach_us += micros(from, Clock::now());
        parent_attached += all ? 1 : 0;

        auto removing = Clock::now();
        group.reset();  // kills both, waits until empty, removes
        remove_us += micros(removing, Clock::now());
        cgroup_test::wait_for(child);
        cgroup_test::wait_for(other);
    }
    // The groups' own cost: create + limits + destroy with no process ever joining.
    double empty_us = 0;
    for (int i = 0; i < runs; ++i) {
        std::vector<std::string> degraded;
        auto start = Clock::now();
        auto group = RunCgroup::create("bench", limits, degraded);
        group.reset();
        empty_us += micros(start, Clock::now());
    }

    std::printf("cgroup-bench: %d runs, %s\n", runs, description.c_str());
    std::printf("  empty group: create + limits + remove:   %8.1f us/run\n", empty_us / runs);
    std::printf("  create + limits (memory, pids, cpu quota): %8.1f us/run\n", create_us / runs);
    std::printf("  kill + wait empty + remove (2 members):    %8.1f us/run\n", remove_us / runs);
    std::printf("  child writes \"0\" to %zu attach fd(s):       %8.1f us/run\n", attach_fd_count,
                child_attach_us / runs);
    std::printf("  parent writes a pid to every cgroup.procs:  %8.1f us/run (%d/%d succeeded)\n",
                parent_attach_us / runs, parent_attached, runs);
    return 0;
}
