// bench-launch: times N launches of /bin/true through the box launcher (standard level:
// every namespace, the usual read-only binds, the seccomp denylist) and prints the median.
//   bench-launch [N] [--basic] [--share-net]
// Each launch is timed from launch() to the reaped init, reading the status pipe to EOF.
#include "launcher.hpp"
#include "seccomp_filter.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using sandbox::linux_box::BoxPlan;
using sandbox::linux_box::LaunchedBox;
using sandbox::linux_box::StatusRecord;

namespace {

void drain(int fd) {
    char buf[4096];
    while (::read(fd, buf, sizeof buf) > 0) {
    }
}

double run_once(const BoxPlan& plan) {
    auto start = std::chrono::steady_clock::now();
    LaunchedBox box = sandbox::linux_box::launch(plan);
    ::close(box.stdin_fd);
    StatusRecord record;
    bool exited_ok = false;
    while (::read(box.status_fd, &record, sizeof record) == sizeof record) {
        exited_ok = record.kind == StatusRecord::target_exited && record.value == 0;
    }
    drain(box.stdout_fd);
    drain(box.stderr_fd);
    int status = 0;
    ::waitpid(box.pid, &status, 0);
    auto end = std::chrono::steady_clock::now();
    for (int fd : {box.pidfd, box.stdout_fd, box.stderr_fd, box.status_fd}) ::close(fd);
    if (!exited_ok) {
        std::fprintf(stderr, "bench-launch: /bin/true did not exit 0 (%s)\n", record.message);
        std::exit(1);
    }
    return std::chrono::duration<double, std::milli>(end - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 200;
    BoxPlan plan;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--basic") == 0) {
            plan.isolate = false;
        } else if (std::strcmp(argv[i], "--share-net") == 0) {
            plan.own_network = false;
        } else if ((runs = std::atoi(argv[i])) <= 0) {
            std::fprintf(stderr, "usage: bench-launch [N] [--basic] [--share-net]\n");
            return 2;
        }
    }
    plan.binds = {{"/usr", "/usr"}, {"/etc/ld.so.cache", "/etc/ld.so.cache"}};
    plan.argv = {"/bin/true"};
    plan.envp = {"PATH=/usr/bin:/bin"};
    plan.seccomp_bpf = sandbox::linux_box::standard_denylist_bpf();
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) ms.push_back(run_once(plan));
    std::sort(ms.begin(), ms.end());
    std::printf("%d launches of /bin/true (%s): median %.3f ms, min %.3f ms, p90 %.3f ms\n", runs,
                !plan.isolate ? "basic" : plan.own_network ? "standard" : "standard, host network",
                ms[ms.size() / 2], ms.front(), ms[ms.size() * 9 / 10]);
    return 0;
}
