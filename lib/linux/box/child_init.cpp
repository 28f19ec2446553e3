#include "child_init.hpp"

#include "box_plan.hpp"
#include "status_pipe.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace sandbox::linux_box {
namespace {

volatile sig_atomic_t forwarding_target = 0;
volatile sig_atomic_t supervisor_died = 0;

void forward(int sig) {
    int saved = errno;
    if (forwarding_target > 0) ::kill(forwarding_target, sig);
    errno = saved;
}

void on_supervisor_death(int) {
    int saved = errno;
    supervisor_died = 1;
    if (forwarding_target > 0) ::kill(-forwarding_target, SIGKILL);
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

void set_forwarding_target(pid_t target) noexcept {
    forwarding_target = target;
    if (supervisor_died) ::kill(-target, SIGKILL);  // it died while the target was starting
}

void end_tree_on_supervisor_death(int status_fd, pid_t supervisor) noexcept {
    struct sigaction sa {};
    sa.sa_handler = on_supervisor_death;
    sigemptyset(&sa.sa_mask);
    const int death_signal = SIGRTMIN;
    ::sigaction(death_signal, &sa, nullptr);
    // The target's status then goes to a pipe nobody reads: EPIPE, not death by SIGPIPE
    // before the orphans are ended.
    ::signal(SIGPIPE, SIG_IGN);
    if (::prctl(PR_SET_PDEATHSIG, death_signal, 0, 0, 0) != 0) fail_setup(status_fd, "PR_SET_PDEATHSIG", nullptr);
    if (::getppid() != supervisor) supervisor_died = 1;  // gone before the signal was armed
}

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
