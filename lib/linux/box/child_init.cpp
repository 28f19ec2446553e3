#include "child_init.hpp"

#include "box_plan.hpp"
#include "status_pipe.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace sandbox::linux_box {
namespace {

volatile sig_atomic_t forwarding_target = 0;

void forward(int sig) {
    int saved = errno;
    if (forwarding_target > 0) ::kill(forwarding_target, sig);
    errno = saved;
}

// Blocks until the target exits, reaping any other child on the way.
int wait_for_target(pid_t target, int status_fd) noexcept {
    for (;;) {
        int status = 0;
        pid_t pid = ::waitpid(-1, &status, __WALL);
        if (pid == target) return status;
        if (pid < 0 && errno == ECHILD) fail_setup(status_fd, "wait for target", nullptr);
    }
}

// Sends SIGKILL to every current child.
void kill_children() noexcept {
    int fd = ::open("/proc/thread-self/children", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    char buf[4096];
    ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    pid_t pid = 0;
    for (ssize_t i = 0; i < n; ++i) {
        if (buf[i] >= '0' && buf[i] <= '9') {
            pid = pid * 10 + (buf[i] - '0');
        } else if (pid > 0) {
            ::kill(pid, SIGKILL);
            pid = 0;
        }
    }
    if (pid > 0) ::kill(pid, SIGKILL);
}

}  // namespace

void forward_signals_to_target() noexcept {
    struct sigaction sa {};
    sa.sa_handler = forward;
    sigemptyset(&sa.sa_mask);
    for (int sig : {SIGTERM, SIGINT, SIGHUP}) ::sigaction(sig, &sa, nullptr);
}

void set_forwarding_target(pid_t target) noexcept { forwarding_target = target; }

void run_namespace_init(pid_t target, int status_fd) noexcept {
    int status = wait_for_target(target, status_fd);
    write_status(status_fd, StatusRecord::target_exited, status, 0, "", nullptr);
    ::_exit(0);
}

void run_subreaper(pid_t target, int status_fd) noexcept {
    int status = wait_for_target(target, status_fd);
    write_status(status_fd, StatusRecord::target_exited, status, 0, "", nullptr);
    ::kill(-target, SIGKILL);  // the target's session and group (it called setsid)
    // Orphans of the tree are reparented to us: kill what is listed, reap, repeat until no
    // child is left (the children file lists at most a page; the loop picks up the rest).
    for (;;) {
        kill_children();
        int ignored = 0;
        if (::waitpid(-1, &ignored, __WALL) < 0 && errno == ECHILD) break;
    }
    ::_exit(0);
}

}  // namespace sandbox::linux_box
