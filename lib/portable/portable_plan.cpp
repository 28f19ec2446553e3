#include "portable_plan.hpp"

#include "../stale_workdirs.hpp"

#include <sandbox/error.hpp>

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace sandbox::portable {
namespace fs = std::filesystem;

namespace {

constexpr const char* default_path = "/usr/local/bin:/usr/bin:/bin";

rlimit both(std::uint64_t value) { return rlimit{static_cast<rlim_t>(value), static_cast<rlim_t>(value)}; }

// argv[0] as the program's own PATH would find it (the command's PATH, not the supervisor's).
std::string resolve(const std::string& program, const Command& command, const std::string& cwd) {
    if (program.find('/') != std::string::npos) {
        std::string path = program.front() == '/' ? program : cwd + "/" + program;
        if (::access(path.c_str(), X_OK) != 0)
            throw SetupError("cannot execute " + program + ": " + std::strerror(errno));
        return path;
    }
    auto env_path = command.env.find("PATH");
    std::string path = env_path != command.env.end() ? env_path->second : default_path;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find(':', start);
        if (end == std::string::npos) end = path.size();
        std::string dir = path.substr(start, end - start);
        std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
        start = end + 1;
    }
    throw SetupError("program '" + program + "' not found in PATH " + path);
}

std::string make_workdir(const Command& command) {
    std::string pattern = temp_dir() + "/" + workdir_name_prefix() + "XXXXXX";
    if (!::mkdtemp(pattern.data()))
        throw SetupError("cannot create a workdir from " + pattern + ": " + std::strerror(errno));
    try {
        for (const auto& [name, contents] : command.files) {
            fs::path file = fs::path(pattern) / name;
            fs::create_directories(file.parent_path());
            std::ofstream out(file, std::ios::binary);
            out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
            if (!out) throw SetupError("cannot write " + file.string());
            out.close();
            fs::permissions(file, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                      fs::perms::others_read | fs::perms::others_exec);
        }
    } catch (...) {
        remove_workdir(pattern);
        throw;
    }
    return pattern;
}

// The policy's workdir (a path inside a box) means this run's host workdir here.
std::string rebase(const std::string& value, const std::string& from, const std::string& to) {
    if (value == from) return to;
    if (value.starts_with(from + "/")) return to + value.substr(from.size());
    return value;
}

}  // namespace

void require_portable(const SecurityPolicy& policy) {
    auto refuse = [](const std::string& what) {
        throw SetupError(what + " needs the Linux box; this build has only the portable fallback "
                                "(basic level: rlimits and a process group)");
    };
    if (policy.level != SecurityLevel::basic)
        refuse("security level '" + std::string(to_string(policy.level)) + "'");
    if (policy.network != NetworkMode::host) refuse("network '" + std::string(to_string(policy.network)) + "'");
    if (policy.seccomp != SeccompMode::none) refuse("seccomp '" + std::string(to_string(policy.seccomp)) + "'");
    if (!policy.files.read.empty() || !policy.files.write.empty() || !policy.files.exec.empty())
        refuse("a file allowlist");
    if (!policy.allowed_hosts.empty()) refuse("allowed_hosts");
    if (!policy.keep_capabilities.empty()) refuse("keep_capabilities");
    if (!policy.readonly_paths.empty()) refuse("readonly_paths");
}

void plan_limits(const SecurityPolicy& policy, PortablePlan& plan) {
    const Limits& l = policy.limits;
    plan.rlimits.emplace_back(RLIMIT_CORE, both(0));
    plan.rlimits.emplace_back(RLIMIT_FSIZE, both(l.file_size_bytes));
    plan.rlimits.emplace_back(RLIMIT_NOFILE, both(l.open_files));
    if (l.cpu_time_ms) {
        // SIGXCPU at the soft limit, per process and in whole seconds; the supervisor
        // compares the reaped CPU time with the exact limit afterwards.
        std::uint64_t seconds = (*l.cpu_time_ms + 999) / 1000;
        plan.rlimits.emplace_back(RLIMIT_CPU, rlimit{static_cast<rlim_t>(seconds), static_cast<rlim_t>(seconds + 1)});
        plan.degraded.push_back("cpu time: no cgroup; enforced per process by RLIMIT_CPU (whole seconds)");
    }
    std::optional<std::uint64_t> address_space = l.address_space_bytes;
    if (l.memory_bytes && !address_space) {
        address_space = l.memory_bytes;
        plan.degraded.push_back("memory limit: no cgroup; enforced as RLIMIT_AS (address space), so exhaustion "
                                "shows as an allocation failure, not memory_limit");
    }
    if (address_space) plan.rlimits.emplace_back(RLIMIT_AS, both(*address_space));
    if (l.pids) {
        plan.rlimits.emplace_back(RLIMIT_NPROC, both(*l.pids));
        plan.degraded.push_back("pids limit: no cgroup; enforced as RLIMIT_NPROC, which counts every process "
                                "of the user, so hitting it is not reported as pids_limit");
    }
    plan.degraded.push_back("peak memory and CPU time: from rusage (largest process), not a cgroup");
    plan.degraded.push_back("processes that leave the run's process group (setsid) are not ended with it");
}

PortablePlan plan_portable_run(const SecurityPolicy& policy, const Command& command) {
    require_portable(policy);
    PortablePlan plan;
    plan_limits(policy, plan);
    if (::geteuid() == 0) {
        plan.drop_to_nobody = true;
        plan.uid = policy.host_uid;
        plan.gid = policy.host_gid;
    }
    for (const auto& [key, value] : command.env) plan.envp.push_back(key + "=" + value);
    plan.workdir = make_workdir(command);
    try {
        if (plan.drop_to_nobody) {
            for (const auto& entry : fs::recursive_directory_iterator(plan.workdir))
                if (::lchown(entry.path().c_str(), plan.uid, plan.gid) != 0)
                    throw SetupError("cannot chown " + entry.path().string() + ": " + std::strerror(errno));
            if (::chown(plan.workdir.c_str(), plan.uid, plan.gid) != 0)
                throw SetupError("cannot chown " + plan.workdir + ": " + std::strerror(errno));
        }
        std::string cwd = command.working_dir.empty() ? policy.workdir : command.working_dir;
        plan.cwd = rebase(cwd, policy.workdir, plan.workdir);
        plan.argv = command.argv;
        for (auto& arg : plan.argv) arg = rebase(arg, policy.workdir, plan.workdir);
        plan.argv[0] = resolve(plan.argv[0], command, plan.cwd);
    } catch (...) {
        remove_workdir(plan.workdir);
        throw;
    }
    return plan;
}

std::string temp_dir() {
    const char* tmp = std::getenv("TMPDIR");
    return tmp && *tmp ? tmp : "/tmp";
}

void remove_workdir(const std::string& path) {
    if (path.empty()) return;
    std::error_code ignored;
    fs::remove_all(path, ignored);
}

}  // namespace sandbox::portable
