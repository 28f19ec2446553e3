#include "first_process.hpp"

#include "init_image.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>

namespace sandbox::linux_box {
namespace {

// Private (anonymous) memory above which copying the supervisor costs more than executing
// box-init: on the 2-core VM we develop on, box-init's execve costs about 0.3 ms (glibc's
// start-up runs CPUID, which a hypervisor traps), about what copying 4 MiB of private
// memory costs (examples/bench-driver --touch-mib 0/2/4/6, each path forced, alternated:
// equal within noise at 2-4 MiB). A Node caller has about 7 MiB.
constexpr long copy_costlier_above_bytes = 4L << 20;

long private_memory_bytes() {
    int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char text[128] = {};
    ssize_t n = ::read(fd, text, sizeof text - 1);
    ::close(fd);
    long size = 0, resident = 0, shared = 0;
    if (n <= 0 || std::sscanf(text, "%ld %ld %ld", &size, &resident, &shared) != 3) return 0;
    return (resident - shared) * ::sysconf(_SC_PAGESIZE);
}

}  // namespace

int first_process_image(const BoxPlan& plan) {
    using First = BoxPlan::FirstProcess;
    // Sized first: box_init_fd() executes box-init once per process to see that it can, a
    // cost a small caller (one sandbox-cli run) should not pay for a copy it will not use.
    if (plan.first_process == First::supervisor_copy) return -1;
    if (plan.first_process == First::cheaper && private_memory_bytes() <= copy_costlier_above_bytes) return -1;
    return box_init_fd();
}

}  // namespace sandbox::linux_box
