#include "init_spawn.hpp"

#include "child_start_codec.hpp"
#include "clone_child.hpp"
#include "launch_error.hpp"
#include "status_pipe.hpp"
#include "unique_fd.hpp"

#include <fcntl.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

namespace sandbox::linux_box {
namespace {

// The launch payload for box-init: the encoded spec and fds in a memfd it reads at start.
UniqueFd write_payload(const ChildSpec& spec, const ChildFds& fds) {
    const std::string payload = encode_child_start(spec, fds);
    UniqueFd fd(::memfd_create("rusty-sandbox-box-start", MFD_CLOEXEC));
    if (fd.get() < 0) throw_errno("creating the launch payload memfd", errno);
    std::size_t done = 0;
    while (done < payload.size()) {
        ssize_t n = ::write(fd.get(), payload.data() + done, payload.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw_errno("writing the launch payload", n < 0 ? errno : EIO);
        done += static_cast<std::size_t>(n);
    }
    return fd;
}

// What the clone child needs to exec box-init, all prepared before clone: the child shares
// the caller's memory (CLONE_VM | CLONE_VFORK) and only makes system calls on this.
struct InitExec {
    int image_fd = -1;
    int status_fd = -1;
    const int* pass_on = nullptr;  // fds that must survive the execve
    std::size_t pass_on_count = 0;
    bool raise_caps = false;  // isolate: keep the new user namespace's capabilities
    int cap_last_cap = 0;
    char payload_arg[16] = {};
    char status_arg[16] = {};
    char* argv[4] = {};
};

// The capabilities a process holds in the user namespace it just created are lost at
// execve (its ids are not the namespace's root); raised as ambient they survive it.
void raise_ambient_caps(const InitExec& e) noexcept {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct data[2]{};
    if (::syscall(SYS_capget, &header, data) != 0) fail_setup(e.status_fd, "capget", nullptr);
    for (auto& word : data) word.inheritable = word.permitted;
    if (::syscall(SYS_capset, &header, data) != 0) fail_setup(e.status_fd, "capset inheritable", nullptr);
    for (int cap = 0; cap <= e.cap_last_cap; ++cap) {
        if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) != 0) {
            fail_setup(e.status_fd, "raise ambient capability", nullptr);
        }
    }
}

int exec_box_init(void* arg) {
    const InitExec& e = *static_cast<const InitExec*>(arg);
    // Only the fds passed on reach box-init; it closes any stray one again at start.
    ::syscall(SYS_close_range, 0u, ~0u, CLOSE_RANGE_CLOEXEC);
    for (std::size_t i = 0; i < e.pass_on_count; ++i) {
        if (::fcntl(e.pass_on[i], F_SETFD, 0) != 0) fail_setup(e.status_fd, "pass a descriptor to box-init", nullptr);
    }
    if (e.raise_caps) raise_ambient_caps(e);
    char* const no_env[] = {nullptr};
    ::syscall(SYS_execveat, e.image_fd, "", e.argv, no_env, AT_EMPTY_PATH);
    fail_setup(e.status_fd, "exec box-init", nullptr);
}

}  // namespace

// Signals stay blocked around the clone: a handler of the caller must not run in a child
// that borrows its memory.
pid_t spawn_box_init(const BoxPlan& plan, const ChildSpec& spec, const ChildFds& child, std::uint64_t flags,
                     bool legacy, int image_fd, int* pidfd) {
    UniqueFd payload = write_payload(spec, child);
    std::vector<int> pass_on = child.keep;
    pass_on.push_back(payload.get());
    InitExec e;
    e.image_fd = image_fd;
    e.status_fd = child.status_write;
    e.pass_on = pass_on.data();
    e.pass_on_count = pass_on.size();
    e.raise_caps = plan.isolate;
    e.cap_last_cap = spec.cap_last_cap;
    std::snprintf(e.payload_arg, sizeof e.payload_arg, "%d", payload.get());
    std::snprintf(e.status_arg, sizeof e.status_arg, "%d", child.status_write);
    char name[] = "rusty-sandbox-init";
    e.argv[0] = name;
    e.argv[1] = e.payload_arg;
    e.argv[2] = e.status_arg;

    constexpr std::size_t stack_size = 64 * 1024;
    void* stack = ::mmap(nullptr, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) throw_errno("allocating the clone stack", errno);
    sigset_t all, saved;
    ::sigfillset(&all);
    ::pthread_sigmask(SIG_SETMASK, &all, &saved);
    const std::uint64_t vfork_flags = flags | CLONE_VM | CLONE_VFORK;
    pid_t pid = legacy ? legacy_clone_box_run(vfork_flags, pidfd, stack, stack_size, exec_box_init, &e)
                       : clone3_box_run(vfork_flags, plan.cgroup_v2_dir_fd, pidfd, stack, stack_size, exec_box_init, &e);
    const int err = errno;
    ::pthread_sigmask(SIG_SETMASK, &saved, nullptr);
    ::munmap(stack, stack_size);
    errno = err;
    return pid;
}

}  // namespace sandbox::linux_box
