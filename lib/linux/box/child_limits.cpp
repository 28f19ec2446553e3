#include "child_limits.hpp"

#include "status_pipe.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>

namespace sandbox::linux_box {
namespace {

void close_range_of(unsigned first, unsigned last) noexcept {
    if (first <= last) ::syscall(SYS_close_range, first, last, 0u);
}

}  // namespace

void close_fds_except(const int* keep, std::size_t count) noexcept {
    unsigned next = 0;
    for (std::size_t i = 0; i < count; ++i) {
        unsigned fd = static_cast<unsigned>(keep[i]);
        if (fd > next) close_range_of(next, fd - 1);
        next = fd + 1;
    }
    close_range_of(next, UINT_MAX);
}

void setup_target_fds(const ChildFds& fds) noexcept {
    if (::dup2(fds.stdin_read, 0) < 0 || ::dup2(fds.stdout_write, 1) < 0 ||
        ::dup2(fds.stderr_write, 2) < 0) {
        fail_setup(fds.status_write, "dup2 stdio", nullptr);
    }
    // The seccomp listener's socket (if any) stays until install_seccomp has used it.
    const int low = fds.notify_send >= 0 && fds.notify_send < fds.status_write ? fds.notify_send : fds.status_write;
    const int high = fds.notify_send > fds.status_write ? fds.notify_send : fds.status_write;
    const int keep[] = {0, 1, 2, low, high};
    close_fds_except(keep, low == high ? 4 : 5);
}

void reset_signals() noexcept {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    // glibc refuses its two internal signals here; execve resets caught signals anyway.
    for (int sig = 1; sig < NSIG; ++sig) {
        if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &dfl, nullptr);
    }
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

void apply_rlimits(const ChildSpec& spec, int status_fd) noexcept {
    for (const auto& [resource, value] : spec.rlimits) {
        if (::syscall(SYS_prlimit64, 0, resource, &value, nullptr) != 0) {
            fail_setup(status_fd, "setrlimit", nullptr);
        }
    }
}

}  // namespace sandbox::linux_box
