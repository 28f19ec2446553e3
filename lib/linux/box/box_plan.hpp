// BoxPlan: everything the child needs to build the box, computed in the supervisor before
// clone. The child replays it with raw system calls only: in box-init (init_image.hpp) it
// arrives encoded; in the fallback it runs in a copy of a possibly multi-threaded process,
// where it must not allocate, lock or throw.
#pragma once

#include <linux/filter.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace sandbox::linux_box {

struct BindMount {
    std::string source;  // host path
    std::string target;  // path inside the box (usually the same)
    bool writable = false;
    bool optional = true;  // skip silently when the source does not exist on the host
};

// A Landlock path-beneath rule: a path inside the box and the rights granted beneath it.
struct LandlockPathRule {
    std::string path;
    std::uint64_t access = 0;  // LANDLOCK_ACCESS_FS_* (file-only rights are kept for a file)
    bool optional = true;      // skip silently when the path does not exist in the box
};

// Landlock rules applied by the program's process after the box is built (isolate only),
// before the seccomp filter. All handled/scoped masks 0 = no Landlock. Masks must only hold
// rights the running kernel knows (the planner downgrades per ABI).
struct LandlockRules {
    std::uint64_t handled_fs = 0;
    std::uint64_t handled_net = 0;
    std::uint64_t scoped = 0;
    std::vector<LandlockPathRule> paths;
    std::vector<std::uint16_t> connect_ports;  // TCP ports connect() may reach (net handled)
    std::uint32_t restrict_flags = 0;          // landlock_restrict_self flags (ABI 7 logging)

    bool empty() const { return handled_fs == 0 && handled_net == 0 && scoped == 0; }
};

struct BoxPlan {
    // standard and above: user, pid (with an init), mount, net, ipc, uts, cgroup namespaces.
    // false (basic): the host's namespaces; the tree is a process group under a subreaper.
    bool isolate = true;
    // With isolate: an own network namespace (only lo). false shares the host's network.
    bool own_network = true;

    // Ids the box's user maps to on the host (isolate), or the ids to switch to (basic, as
    // root). Inside a user namespace the program runs as inside_uid/inside_gid.
    uid_t host_uid = 65534;
    gid_t host_gid = 65534;
    uid_t inside_uid = 1000;
    gid_t inside_gid = 1000;

    // Filesystem (isolate only). The new root is a tmpfs holding these binds, a fresh /proc,
    // a minimal /dev, a size-capped /tmp and the workdir.
    std::vector<BindMount> binds;
    std::string workdir = "/work";
    std::uint64_t workdir_size_bytes = 64ull << 20;
    std::uint64_t tmp_size_bytes = 64ull << 20;
    // Files written into the workdir before the program starts: relative path, contents.
    std::vector<std::pair<std::string, std::string>> files;
    std::string hostname = "sandbox";

    // The program. argv[0] is an absolute path already resolved by the supervisor.
    std::vector<std::string> argv;
    std::vector<std::string> envp;  // "KEY=VALUE"
    std::string cwd;                // inside the box

    std::vector<std::pair<int, rlimit>> rlimits;  // RLIMIT_* and its value

    // Capability numbers the program keeps (default none): left in the bounding set and
    // raised in permitted, effective, inheritable and ambient, so they survive execve as the
    // box's non-root user. Basic level needs a root supervisor for any.
    std::vector<int> keep_caps;

    LandlockRules landlock;

    // A seccomp BPF program installed last, just before execve; empty = no filter.
    std::vector<sock_filter> seccomp_bpf;
    // With seccomp_bpf: installed with SECCOMP_FILTER_FLAG_NEW_LISTENER; the program sends
    // the listener to the supervisor (LaunchedBox::notify_socket, SCM_RIGHTS) before execve.
    bool seccomp_notify = false;

    // cgroup v1: fds of the run group's `tasks` files, opened by the supervisor; the
    // still single-threaded child writes "0" to each (no RCU stall, unlike a parent write).
    std::vector<int> cgroup_attach_fds;
    // cgroup v2: the run group's directory fd for CLONE_INTO_CGROUP; -1 when none.
    int cgroup_v2_dir_fd = -1;

    // The box gets SIGKILL when the supervisor thread that launched it dies.
    bool die_with_parent = true;

    // What the box's first process is: the embedded box-init executed right after clone
    // (init_image.hpp), or a copy of the supervisor. A copy costs page tables in proportion
    // to the supervisor's memory; box-init a fixed execve. `cheaper` picks by the
    // supervisor's private memory; a host that refuses to execute a memfd always copies.
    enum class FirstProcess : std::uint8_t { cheaper, box_init, supervisor_copy };
    FirstProcess first_process = FirstProcess::cheaper;

    // isolate: called in the supervisor with the box's host pid after clone and before the
    // child is released (no id maps yet, nothing of the box built), for what must exist
    // before the program can run: the egress proxy's listener in the box's network
    // namespace. Never called in the child. An exception fails the launch: the child is
    // killed and reaped and the exception propagates out of launch().
    std::function<void(pid_t)> before_release;
};

// Records the box writes to the status pipe, each one write() of sizeof(StatusRecord)
// (below PIPE_BUF, so atomic).
struct StatusRecord {
    enum Kind : std::uint32_t {
        setup_failed = 1,   // a box step failed: err = errno, message = the step
        exec_failed = 2,    // execve failed: err = errno, message = the path
        target_exited = 3,  // value = the target's wait status (as from waitpid)
        target_started = 4, // value = the target's pid as the init sees it; sent right after
                            // fork, so at basic level the supervisor can kill its process group
    };
    std::uint32_t kind = 0;
    std::int32_t value = 0;
    std::int32_t err = 0;
    char message[244] = {};
};
static_assert(sizeof(StatusRecord) == 256);

}  // namespace sandbox::linux_box
