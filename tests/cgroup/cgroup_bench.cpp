// Measures what a run pays for its cgroups on this host: create + limits + remove, and
// attaching a process (parent writes its pid vs the child writes "0" vs CLONE_INTO_CGROUP).
// Prints medians: the machines are shared, and means follow the neighbours' load.
// Usage: cgroup-bench [runs]   (as root)
#include "cgroup_files.hpp"
#include "cgroup_test_support.hpp"
#include "run_cgroup.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace sandbox::linux_box;
using Clock = std::chrono::steady_clock;

namespace {

double micros(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::micro>(to - from).count();
}

double median(std::vector<double> samples) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
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

    // The groups' own cost: create + limits + destroy with no process ever joining.
    std::vector<double> empty_us;
    for (int i = 0; i < runs; ++i) {
        std::vector<std::string> degraded;
        auto start = Clock::now();
        auto group = RunCgroup::create("bench", limits, degraded);
        if (!group) {
            std::fprintf(stderr, "cgroup-bench: no cgroup: %s\n",
                         degraded.empty() ? "?" : degraded.back().c_str());
            return 1;
        }
        group.reset();
        empty_us.push_back(micros(start, Clock::now()));
    }

    std::vector<double> create_us, remove_us, parent_attach_us, child_attach_us;
    std::string description;
    std::size_t attach_fd_count = 0;
    int parent_attached = 0;
    std::size_t procs_files = 0;
    for (int i = 0; i < runs; ++i) {
        std::vector<std::string> degraded;
        auto start = Clock::now();
        auto group = RunCgroup::create("bench", limits, degraded);
        create_us.push_back(micros(start, Clock::now()));
        description = group->describe();
        auto attach_fds = group->attach_fds();
        attach_fd_count = attach_fds.size();

        // spawn_in already attached the child; it times a second, identical round of writes
        // (a move into the group it is in costs the same syscalls) and reports it.
        int timing[2];
        if (::pipe(timing) != 0) return 1;
        pid_t child = cgroup_test::spawn_in(*group, [&] {
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
        if (!attach_fds.empty()) child_attach_us.push_back(spent);

        // Parent side: another process moved by writing its pid to each group's cgroup.procs.
        pid_t other = ::fork();
        if (other == 0) {
            ::pause();
            ::_exit(0);
        }
        auto dirs = cgroup_test::group_dirs_of(child);
        procs_files = dirs.size();
        auto from = Clock::now();
        bool all = true;
        for (const auto& dir : dirs) {
            all = cgroupfs::write_file(dir + "/cgroup.procs", std::to_string(other)) == 0 && all;
        }
        parent_attach_us.push_back(micros(from, Clock::now()));
        parent_attached += all ? 1 : 0;

        auto removing = Clock::now();
        group.reset();  // kills both, waits until empty, removes
        remove_us.push_back(micros(removing, Clock::now()));
        cgroup_test::wait_for(child);
        cgroup_test::wait_for(other);
    }
    std::printf("cgroup-bench: %d runs, %s (medians)\n", runs, description.c_str());
    std::printf("  empty group: create + limits + remove:     %8.1f us/run\n", median(empty_us));
    std::printf("  create + limits (memory, pids, cpu quota): %8.1f us/run\n", median(create_us));
    std::printf("  kill 2 members + wait empty + remove:      %8.1f us/run\n", median(remove_us));
    if (attach_fd_count > 0) {
        std::printf("  child writes \"0\" to its %zu attach fds:     %8.1f us/run\n", attach_fd_count,
                    median(child_attach_us));
    } else {
        std::printf("  child attach: CLONE_INTO_CGROUP, no writes\n");
    }
    std::printf("  parent writes a pid to %zu cgroup.procs:     %8.1f us/run (%d/%d moved)\n",
                procs_files, median(parent_attach_us), parent_attached, runs);
    return 0;
}
