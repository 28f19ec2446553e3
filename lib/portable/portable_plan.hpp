// What the portable fallback (rlimits + a process group, for platforms without the Linux
// box) makes of a policy and a command: the checks, the rlimits, the host workdir. Pure
// apart from the workdir, so the rules are unit-tested on any platform.
#pragma once

#include <sandbox/command.hpp>
#include <sandbox/policy.hpp>

#include <sys/resource.h>

#include <string>
#include <utility>
#include <vector>

namespace sandbox::portable {

struct PortablePlan {
    std::vector<std::string> argv;         // argv[0] resolved to a path
    std::vector<std::string> envp;         // "KEY=value"
    std::string workdir;                   // host temp dir holding the command's files
    std::string cwd;
    std::vector<std::pair<int, rlimit>> rlimits;
    bool drop_to_nobody = false;           // supervisor is root: run as host_uid/host_gid
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<std::string> degraded;     // limits applied by a weaker mechanism
};

// Throws SetupError naming the first thing of `policy` this fallback cannot enforce (any
// level above basic, a file or network allowlist, seccomp, kept capabilities). Refusing is
// the point: a caller asking for isolation must not get a plain process instead.
void require_portable(const SecurityPolicy& policy);

// The rlimits and degradation notes of `policy`'s limits, without touching the host.
void plan_limits(const SecurityPolicy& policy, PortablePlan& plan);

// The whole plan: checks, resolves argv[0] in the command's PATH, creates the workdir with
// the command's files. Throws SetupError (nothing left behind) when it cannot.
PortablePlan plan_portable_run(const SecurityPolicy& policy, const Command& command);

void remove_workdir(const std::string& path);

// Where workdirs are made: $TMPDIR, else /tmp.
std::string temp_dir();

}  // namespace sandbox::portable
