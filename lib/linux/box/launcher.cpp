#include "launcher.hpp"

#include "child_main.hpp"
#include "child_spec.hpp"
#include "clone_child.hpp"
#include "first_process.hpp"
#include "id_maps.hpp"
#include "init_spawn.hpp"
#include "launch_error.hpp"
#include "netns_pool.hpp"
#include "unique_fd.hpp"

#include <sandbox/error.hpp>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

namespace sandbox::linux_box {
namespace {

// Set once clone3 answered ENOSYS; every later launch goes straight to clone(2).
std::atomic<bool> clone3_unavailable{false};

// The child dup2()s its ends onto 0, 1, 2: none of them may already be one of those.
UniqueFd above_stdio(int fd, const char* what) {
    UniqueFd owned(fd);
    if (fd > 2) return owned;
    int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (moved < 0) throw_errno(std::string("moving the ") + what + " pipe above fd 2", errno);
    return UniqueFd(moved);
}

struct Pipe {
    UniqueFd read;
    UniqueFd write;
};

Pipe make_pipe(const char* what) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno(std::string("creating the ") + what + " pipe", errno);
    Pipe p;
    p.read = above_stdio(fds[0], what);
    p.write = above_stdio(fds[1], what);
    return p;
}

// The parent's ends and the child's ends of one launch.
struct LaunchFds {
    Pipe in, out, err, status, sync;
    UniqueFd supervisor_pidfd;
    UniqueFd cgroup_procs;  // clone(2) fallback with a v2 group only
    UniqueFd notify_recv, notify_send;  // seccomp_notify: the listener fd's way out
    ChildFds child;
};

// A datagram-like pair, so one sendmsg carries the fd whole.
void open_notify_socket(LaunchFds& f) {
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
        throw_errno("creating the seccomp listener socket", errno);
    f.notify_recv = above_stdio(pair[0], "seccomp listener");
    f.notify_send = above_stdio(pair[1], "seccomp listener");
    f.child.notify_send = f.notify_send.get();
}

void open_fds(const BoxPlan& plan, bool legacy_clone, LaunchFds& f) {
    f.in = make_pipe("stdin");
    f.out = make_pipe("stdout");
    f.err = make_pipe("stderr");
    f.status = make_pipe("status");
    ChildFds& c = f.child;
    c.stdin_read = f.in.read.get();
    c.stdout_write = f.out.write.get();
    c.stderr_write = f.err.write.get();
    c.status_write = f.status.write.get();
    if (plan.isolate) {
        f.sync = make_pipe("sync");
        c.sync_read = f.sync.read.get();
        if (plan.die_with_parent) {
            int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, ::getpid(), 0));
            if (pidfd < 0) throw_errno("pidfd_open of the supervisor", errno);
            f.supervisor_pidfd.reset(pidfd);  // pidfds are always O_CLOEXEC
            c.supervisor_pidfd = pidfd;
        }
    }
    c.cgroup_attach = plan.cgroup_attach_fds;
    if (legacy_clone && plan.cgroup_v2_dir_fd >= 0) {
        int fd = ::openat(plan.cgroup_v2_dir_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
        if (fd < 0) throw_errno("opening cgroup.procs of the run's group", errno);
        f.cgroup_procs.reset(fd);
        c.cgroup_attach.push_back(fd);
    }
    if (plan.seccomp_notify) open_notify_socket(f);
    c.keep = {c.stdin_read, c.stdout_write, c.stderr_write, c.status_write};
    for (int fd : {c.sync_read, c.supervisor_pidfd, c.notify_send}) {
        if (fd >= 0) c.keep.push_back(fd);
    }
    c.keep.insert(c.keep.end(), c.cgroup_attach.begin(), c.cgroup_attach.end());
    std::sort(c.keep.begin(), c.keep.end());
}

// A kept capability (CAP_NET_BIND_SERVICE, CAP_NET_RAW) acts only on a network namespace
// the box's user namespace owns, which a prepared one is not.
bool may_use_prepared_netns(const BoxPlan& plan) {
    return plan.isolate && plan.own_network && plan.keep_caps.empty();
}

// `prepared_netns`: the clone runs inside a namespace from the pool, which the child keeps.
std::uint64_t namespace_flags(const BoxPlan& plan, const ChildFds& child, bool prepared_netns) {
    if (!plan.isolate) return 0;
    std::uint64_t flags = CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWUTS;
    if (plan.own_network && !prepared_netns) flags |= CLONE_NEWNET;
    // A child that still has to join its group (v1, or the clone(2) fallback) unshares
    // its cgroup namespace only afterwards, so that the namespace is rooted at the group.
    if (child.cgroup_attach.empty()) flags |= CLONE_NEWCGROUP;
    return flags;
}

void kill_and_reap(pid_t pid, int pidfd) {
    ::syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0);
    int ignored = 0;
    while (::waitpid(pid, &ignored, __WALL) < 0 && errno == EINTR) {
    }
    ::close(pidfd);
}

// Kills and reaps a child that could not be released, then reports the step.
[[noreturn]] void abandon_child(pid_t pid, int pidfd, const std::string& step, int err) {
    kill_and_reap(pid, pidfd);
    throw_errno(step, err);
}

// Runs the plan's hook, writes the id maps (root supervisor), then lets the child go on.
void release_child(const BoxPlan& plan, const ChildSpec& spec, pid_t pid, int pidfd, LaunchFds& f) {
    if (!plan.isolate) return;
    if (plan.before_release) {
        try {
            plan.before_release(pid);
        } catch (...) {
            kill_and_reap(pid, pidfd);
            throw;
        }
    }
    const char* step = "";
    if (!spec.child_writes_id_maps) {
        if (int err = write_id_maps(pid, plan.inside_uid, plan.host_uid, plan.inside_gid,
                                    plan.host_gid, &step)) {
            abandon_child(pid, pidfd, step, err);
        }
    }
    char go = 1;
    if (::write(f.sync.write.get(), &go, 1) != 1) abandon_child(pid, pidfd, "releasing the box", errno);
}

// The fallback where box-init cannot be executed: the child is a copy of the supervisor
// and runs the box's first process from there.
pid_t fork_box(const BoxPlan& plan, const ChildSpec& spec, const LaunchFds& f, std::uint64_t flags, bool legacy,
               int* pidfd) {
    pid_t pid = legacy ? legacy_clone_box(flags, pidfd) : clone3_box(flags, plan.cgroup_v2_dir_fd, pidfd);
    if (pid == 0) run_box_child(spec, f.child);
    return pid;
}

// A box-init that could not start has exited by the time clone returns (CLONE_VFORK) and
// left its report on the status pipe; there is nothing to release then.
bool exited_already(int pidfd) {
    siginfo_t info{};
    return ::waitid(P_PIDFD, static_cast<id_t>(pidfd), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid != 0;
}

LaunchedBox start(const BoxPlan& plan, const ChildSpec& spec) {
    const bool legacy = clone3_unavailable.load(std::memory_order_relaxed);
    LaunchFds f;
    open_fds(plan, legacy, f);
    UniqueFd netns = may_use_prepared_netns(plan) ? NetnsPool::instance().take() : UniqueFd();
    const int image_fd = first_process_image(plan);
    int pidfd = -1;
    pid_t pid;
    int err;
    {
        // A namespace this thread cannot join (its privileges changed since it was made) is
        // dropped, and the clone makes one.
        BorrowedNetns borrowed;
        const bool prepared = netns.get() >= 0 && borrowed.join(netns.get());
        const std::uint64_t flags = namespace_flags(plan, f.child, prepared);
        pid = image_fd >= 0 ? spawn_box_init(plan, spec, f.child, flags, legacy, image_fd, &pidfd)
                            : fork_box(plan, spec, f, flags, legacy, &pidfd);
        err = errno;  // before the way back can change it
    }
    netns.reset();  // the box holds its namespace now
    if (pid < 0) {
        if (err == ENOSYS && !legacy) {
            clone3_unavailable.store(true, std::memory_order_relaxed);
            return start(plan, spec);
        }
        throw_errno(legacy ? "clone" : "clone3", err);
    }
    // The child's ends live on in the child only.
    f.in.read.reset();
    f.out.write.reset();
    f.err.write.reset();
    f.status.write.reset();
    f.sync.read.reset();
    f.notify_send.reset();
    if (image_fd < 0 || !exited_already(pidfd)) release_child(plan, spec, pid, pidfd, f);
    LaunchedBox box;
    box.pid = pid;
    box.pidfd = pidfd;
    box.stdin_fd = f.in.write.release();
    box.stdout_fd = f.out.read.release();
    box.stderr_fd = f.err.read.release();
    box.status_fd = f.status.read.release();
    box.notify_socket = f.notify_recv.release();
    return box;
}

}  // namespace

void prepare_next_launch(const BoxPlan& plan) {
    if (may_use_prepared_netns(plan)) NetnsPool::instance().refill();
}

LaunchedBox launch(const BoxPlan& plan) {
    if (plan.host_uid == 0 || plan.host_gid == 0) {
        throw SetupError("host_uid/host_gid 0: the box must never run as (or map to) host root");
    }
    const ChildSpec spec = prepare_child_spec(plan);
    return start(plan, spec);
}

}  // namespace sandbox::linux_box
