// check_host() of the portable build: none of the Linux box's mechanisms is used, and the
// report says so, so `sandbox-cli check` tells an operator what this build can promise.
#include <sandbox/host.hpp>

#include <unistd.h>

namespace sandbox {

HostCapabilities check_host() {
    HostCapabilities h;
    h.is_root = ::geteuid() == 0;
    h.cgroup_mode = "none";
    h.notes.push_back("portable build: only the basic level (rlimits and a process group); namespaces, "
                      "seccomp, Landlock and cgroups are not used, and higher levels are refused");
    h.notes.push_back("usage comes from rusage: CPU time of the reaped tree, peak memory of its largest process");
    return h;
}

}  // namespace sandbox
