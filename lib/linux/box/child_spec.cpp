#include "child_spec.hpp"

#include "root_layout.hpp"

#include <sandbox/error.hpp>

#include <unistd.h>

#include <fstream>
#include <string>

namespace sandbox::linux_box {
namespace {

// The highest capability number of the running kernel; CAP_LAST_CAP of the headers may be
// older or newer. Read once per process.
int read_cap_last_cap() {
    static const int value = [] {
        std::ifstream in("/proc/sys/kernel/cap_last_cap");
        int n = -1;
        if (!(in >> n) || n < 0 || n > 63) {
            throw SetupError("cannot read /proc/sys/kernel/cap_last_cap");
        }
        return n;
    }();
    return value;
}

std::vector<char*> c_string_array(const std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    // execve takes char* const[]; the strings are never written through these pointers.
    for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
    out.push_back(nullptr);
    return out;
}

}  // namespace

ChildSpec prepare_child_spec(const BoxPlan& plan) {
    if (plan.argv.empty() || plan.argv[0].empty() || plan.argv[0][0] != '/') {
        throw SetupError("argv[0] must be an absolute path to the program");
    }
    if (plan.hostname.empty() || plan.hostname.size() > 64 ||
        plan.hostname.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") !=
            std::string::npos) {
        throw SetupError("hostname '" + plan.hostname + "' must be 1-64 letters, digits, '.' or '-'");
    }
    if (plan.seccomp_bpf.size() > BPF_MAXINSNS) throw SetupError("seccomp program has more than 4096 instructions");

    const bool root = ::geteuid() == 0;
    ChildSpec spec;
    spec.isolate = plan.isolate;
    spec.own_network = plan.own_network;
    spec.die_with_parent = plan.die_with_parent;
    spec.switch_ids = plan.isolate || root;
    spec.uid = plan.isolate ? plan.inside_uid : plan.host_uid;
    spec.gid = plan.isolate ? plan.inside_gid : plan.host_gid;
    spec.clear_groups = root;
    spec.child_writes_id_maps = plan.isolate && !root;
    spec.uid_map = std::to_string(plan.inside_uid) + " " + std::to_string(plan.host_uid) + " 1\n";
    spec.gid_map = std::to_string(plan.inside_gid) + " " + std::to_string(plan.host_gid) + " 1\n";
    spec.cap_last_cap = read_cap_last_cap();
    for (int cap : plan.keep_caps) {
        if (cap < 0 || cap > spec.cap_last_cap)
            throw SetupError("keep_caps: capability " + std::to_string(cap) + " is not known to this kernel (last is " +
                             std::to_string(spec.cap_last_cap) + ")");
        spec.keep_caps |= std::uint64_t{1} << cap;
    }
    if (spec.keep_caps && !plan.isolate && !root)
        throw SetupError("keep_caps at the basic level needs a root supervisor (there is nothing to keep)");
    spec.supervisor_pid = ::getpid();
    if (plan.isolate) spec.fs_ops = build_root_layout(plan);
    spec.hostname = plan.hostname;
    spec.cwd = plan.cwd;
    spec.argv = c_string_array(plan.argv);
    spec.envp = c_string_array(plan.envp);
    spec.rlimits.push_back({RLIMIT_CORE, rlimit{0, 0}});
    for (const auto& [resource, value] : plan.rlimits) {
        if (resource != RLIMIT_CORE) spec.rlimits.push_back({resource, value});
    }
    if (!plan.landlock.empty()) {
        if (!plan.isolate) throw SetupError("Landlock rules need an isolated box (the paths are the box's)");
        spec.landlock = &plan.landlock;
    }
    if (!plan.seccomp_bpf.empty()) {
        spec.seccomp.len = static_cast<unsigned short>(plan.seccomp_bpf.size());
        spec.seccomp.filter = const_cast<sock_filter*>(plan.seccomp_bpf.data());
    }
    if (plan.seccomp_notify && plan.seccomp_bpf.empty())
        throw SetupError("seccomp_notify needs a seccomp program (seccomp_bpf is empty)");
    spec.seccomp_listener = plan.seccomp_notify;
    return spec;
}

}  // namespace sandbox::linux_box
