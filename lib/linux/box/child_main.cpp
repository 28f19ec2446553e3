#include "child_main.hpp"

#include "child_identity.hpp"
#include "child_landlock.hpp"
#include "child_init.hpp"
#include "child_limits.hpp"
#include "child_mounts.hpp"
#include "id_maps.hpp"
#include "status_pipe.hpp"

#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace sandbox::linux_box {
namespace {


// The parent writes one byte once it is done (its hook, the id maps of a root supervisor).
// EOF: it failed or died (it reports).
void wait_for_release(const ChildFds& fds) noexcept {
    char byte = 0;
    ssize_t n;
    do {
        n = ::read(fds.sync_read, &byte, 1);
    } while (n < 0 && errno == EINTR);
    if (n != 1) ::_exit(126);
    ::close(fds.sync_read);
}

// cgroup v1: writing "0" to `tasks` moves the writer itself; cheap while single-threaded.
void join_cgroups(const ChildFds& fds) noexcept {
    for (int fd : fds.cgroup_attach) {
        if (::write(fd, "0", 1) != 1) fail_setup(fds.status_write, "join cgroup", nullptr);
        ::close(fd);
    }
}

// A namespace prepared ahead (netns_pool.hpp) has lo up already, and the box could not
// change it: it belongs to the supervisor's user namespace.
void bring_up_loopback(int status_fd) noexcept {
    int sock = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) fail_setup(status_fd, "socket for loopback", nullptr);
    ifreq ifr{};
    ifr.ifr_name[0] = 'l';
    ifr.ifr_name[1] = 'o';
    if (::ioctl(sock, SIOCGIFFLAGS, &ifr) != 0) fail_setup(status_fd, "read the flags of", "lo");
    if (!(ifr.ifr_flags & IFF_UP)) {
        ifr.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
        if (::ioctl(sock, SIOCSIFFLAGS, &ifr) != 0) fail_setup(status_fd, "bring up", "lo");
    }
    ::close(sock);
}

void build_namespaces(const ChildSpec& spec, const ChildFds& fds) noexcept {
    const int status = fds.status_write;
    // Rooted at the run's group, now that we are in it (with CLONE_INTO_CGROUP, clone did it).
    if (!fds.cgroup_attach.empty() && ::unshare(CLONE_NEWCGROUP) != 0) {
        fail_setup(status, "unshare cgroup namespace", nullptr);
    }
    // Early, so files created while building the root belong to the box's user (a fsuid
    // unmapped in the namespace cannot create files at all). Capabilities in the user
    // namespace survive: our ids were never the namespace's root.
    switch_ids(spec, status, false);
    if (spec.die_with_parent) arm_parent_death_signal(status, fds.supervisor_pidfd, 0);
    if (spec.own_network) bring_up_loopback(status);
    run_fs_ops(spec.fs_ops, status);
    if (::sethostname(spec.hostname.data(), spec.hostname.size()) != 0) {
        fail_setup(status, "sethostname", spec.hostname.c_str());
    }
    if (!spec.cwd.empty() && ::chdir(spec.cwd.c_str()) != 0) fail_setup(status, "chdir", spec.cwd.c_str());
    // The init needs no privilege from here on; the target inherits all of this.
    drop_privileges(spec, status);
}

[[noreturn]] void run_target(const ChildSpec& spec, const ChildFds& fds, pid_t parent) noexcept {
    const int status = fds.status_write;
    reset_signals();
    // A new session has no controlling terminal, so TIOCSTI on an inherited tty has nothing
    // to push into.
    if (::setsid() < 0) fail_setup(status, "setsid", nullptr);
    setup_target_fds(fds);
    apply_rlimits(spec, status);
    if (!spec.isolate) {
        if (spec.switch_ids) switch_ids(spec, status, true);
        if (!spec.cwd.empty() && ::chdir(spec.cwd.c_str()) != 0) fail_setup(status, "chdir", spec.cwd.c_str());
        drop_privileges(spec, status);
        if (spec.die_with_parent) arm_parent_death_signal(status, -1, parent);
    }
    apply_landlock(spec, status);
    install_seccomp(spec, status, fds.notify_send);
    ::execve(spec.argv[0], spec.argv.data(), spec.envp.data());
    fail_exec(status, spec.argv[0]);
}

struct TargetStart {
    const ChildSpec* spec;
    const ChildFds* fds;
    pid_t parent;
};

int target_main(void* start) {
    auto* s = static_cast<TargetStart*>(start);
    run_target(*s->spec, *s->fds, s->parent);
}

// Starts the target the way posix_spawn does (CLONE_VM|CLONE_VFORK): it borrows this
// process's memory until its execve, so the supervisor-sized address space this process
// inherited is neither copied nor torn down for it; this process waits meanwhile. The target
// runs on a stack of its own and only makes system calls on the prepared spec (nothing the
// init reads afterwards is written). The raw clone runs no atfork handler and takes no lock.
pid_t spawn_target(const ChildSpec& spec, const ChildFds& fds, pid_t parent) noexcept {
    constexpr std::size_t stack_size = 256 * 1024;
    void* stack = ::mmap(nullptr, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return -1;
    TargetStart start{&spec, &fds, parent};
    pid_t pid = ::clone(target_main, static_cast<char*>(stack) + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, &start);
    int saved = errno;
    ::munmap(stack, stack_size);
    errno = saved;
    return pid;
}

}  // namespace

void run_box_child(const ChildSpec& spec, const ChildFds& fds) noexcept {
    // Other threads' descriptors (other boxes' pipes among them) must not live on in here.
    close_fds_except(fds.keep.data(), fds.keep.size());
    const int status = fds.status_write;
    if (spec.die_with_parent) {
        // isolate: the parent is invisible from the new pid namespace; the release read
        // below sees EOF if it died, and the pidfd covers the later re-arm.
        arm_parent_death_signal(status, -1, spec.isolate ? 0 : spec.supervisor_pid);
    }
    if (spec.isolate) wait_for_release(fds);
    if (spec.child_writes_id_maps) {
        const char* step = "";
        if (int err = write_own_id_maps(spec.uid_map.c_str(), spec.gid_map.c_str(), &step)) {
            errno = err;
            fail_setup(status, step, nullptr);
        }
    }
    // Without root the program shares this process's uid (basic level): not dumpable, its
    // /proc/<pid>/fd (the status pipe) and memory stay out of reach. Only once the id maps
    // are written: whoever writes them opens our /proc/<pid>/uid_map.
    if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) fail_setup(status, "PR_SET_DUMPABLE", nullptr);
    join_cgroups(fds);
    if (spec.isolate) {
        build_namespaces(spec, fds);
    } else {
        if (::prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0) fail_setup(status, "PR_SET_CHILD_SUBREAPER", nullptr);
        if (spec.die_with_parent) end_tree_on_supervisor_death(status, spec.supervisor_pid);
    }
    forward_signals_to_target();
    const pid_t self = ::getpid();
    const pid_t target = spawn_target(spec, fds, self);
    if (target < 0) fail_setup(status, "fork target", nullptr);
    set_forwarding_target(target);
    write_status(status, StatusRecord::target_started, target, 0, "", nullptr);
    ::close(fds.stdin_read);
    ::close(fds.stdout_write);
    ::close(fds.stderr_write);
    if (fds.supervisor_pidfd >= 0) ::close(fds.supervisor_pidfd);
    if (fds.notify_send >= 0) ::close(fds.notify_send);
    if (spec.isolate) run_namespace_init(target, status);
    run_subreaper(target, status);
}

}  // namespace sandbox::linux_box
