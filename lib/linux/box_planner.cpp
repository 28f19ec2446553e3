#include "box_planner.hpp"

#include "../stale_workdirs.hpp"

#include "box/host_facts.hpp"

#include "landlock/landlock_abi.hpp"
#include "landlock/landlock_rules.hpp"
#include "seccomp/seccomp_filter.hpp"

#include <sandbox/error.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace sandbox::linux_box {
namespace {

namespace fs = std::filesystem;

constexpr const char* default_path = "/usr/local/bin:/usr/bin:/bin";
constexpr uid_t box_uid = 1000;  // the box's user as seen inside its user namespace
constexpr gid_t box_gid = 1000;

// What every isolated box gets read-only: the system tree and the few /etc files that
// runtimes read (dynamic linker cache, time zone, TLS roots, alternatives links).
const std::vector<std::string>& base_binds() {
    // Never destroyed: a supervisor thread may still use it at exit.
    static const std::vector<std::string>& binds = *new std::vector<std::string>{
        "/usr", "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime",
        "/etc/alternatives", "/etc/ssl", "/etc/nsswitch.conf", "/etc/protocols", "/etc/services",
    };
    return binds;
}

bool is_executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// argv[0] as an absolute path: kept if it has a slash (relative ones are taken from the box's
// working directory), else searched in the box's PATH on the host, whose /usr the box shares.
std::string resolve_program(const std::string& name, const std::map<std::string, std::string>& env,
                            const std::string& cwd) {
    if (name[0] == '/') return name;
    if (name.find('/') != std::string::npos) return cwd + "/" + name;
    auto it = env.find("PATH");
    std::string path = it != env.end() ? it->second : default_path;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find(':', start);
        if (end == std::string::npos) end = path.size();
        std::string dir = path.substr(start, end - start);
        if (!dir.empty() && is_executable_file(dir + "/" + name)) return dir + "/" + name;
        start = end + 1;
    }
    throw SetupError("command not found: '" + name + "' (searched PATH " + path + ")");
}

const Runtime* runtime_for_program(const std::string& program) {
    for (const auto& r : RuntimeRegistry::builtin().all())
        for (const auto& interpreter : r.interpreters)
            if (interpreter == program) return &r;
    std::string base = fs::path(program).filename();
    if (base.starts_with("python")) return RuntimeRegistry::builtin().by_name("python");
    if (base == "node" || base == "nodejs") return RuntimeRegistry::builtin().by_name("javascript");
    return nullptr;
}

std::string make_host_workdir(const SecurityPolicy& policy, const Command& command, uid_t uid, gid_t gid) {
    static std::atomic<unsigned> sequence{0};
    std::string dir = "/tmp/" + workdir_name_prefix() + std::to_string(sequence++);
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (::mkdir(dir.c_str(), 0700) != 0)
        throw SetupError("basic level: cannot create workdir " + dir + ": " + std::strerror(errno));
    try {
        for (const auto& [name, contents] : command.files) {
            fs::path file = fs::path(dir) / name;
            fs::create_directories(file.parent_path());
            std::ofstream out(file, std::ios::binary);
            out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
            if (!out) throw SetupError("basic level: cannot write " + file.string());
            out.close();
            ::chmod(file.c_str(), 0755);
            if (::geteuid() == 0 && ::chown(file.c_str(), uid, gid) != 0)
                throw SetupError("basic level: cannot chown " + file.string() + ": " + std::strerror(errno));
        }
        if (::geteuid() == 0 && ::chown(dir.c_str(), uid, gid) != 0)
            throw SetupError("basic level: cannot chown " + dir + ": " + std::strerror(errno));
    } catch (...) {
        fs::remove_all(dir, ec);
        throw;
    }
    (void)policy;
    return dir;
}

// At the basic level the workdir is a host temp dir: paths the caller wrote against the
// policy's workdir are moved there.
std::string rebase(const std::string& value, const std::string& from, const std::string& to) {
    if (value == from) return to;
    if (value.starts_with(from + "/")) return to + value.substr(from.size());
    return value;
}

rlimit limit_of(std::uint64_t soft, std::uint64_t hard) { return rlimit{soft, hard}; }

}  // namespace

PlannedRun plan_run(const SecurityPolicy& policy, const Command& command) {
    PlannedRun run;
    BoxPlan& plan = run.plan;
    const bool root = ::geteuid() == 0;
    // Names were validated with the policy; an unknown one here is a bug, not bad input.
    // First, before anything (a basic-level workdir) exists that a throw would leak.
    for (const auto& name : policy.keep_capabilities) {
        int cap = capability_number(name);
        if (cap < 0) throw SetupError("keep_capabilities: unknown capability '" + name + "'");
        plan.keep_caps.push_back(cap);
    }
    plan.isolate = policy.level != SecurityLevel::basic;
    plan.own_network = policy.network == NetworkMode::none;
    plan.host_uid = root ? policy.host_uid : ::getuid();
    plan.host_gid = root ? policy.host_gid : ::getgid();
    plan.inside_uid = box_uid;
    plan.inside_gid = box_gid;
    plan.hostname = policy.hostname;
    plan.workdir = policy.workdir;
    plan.workdir_size_bytes = policy.limits.workdir_size_bytes;
    plan.tmp_size_bytes = policy.limits.tmp_size_bytes;

    std::string cwd = command.working_dir.empty() ? policy.workdir : command.working_dir;
    plan.argv = command.argv;
    if (plan.isolate) {
        plan.files.assign(command.files.begin(), command.files.end());
    } else {
        run.host_workdir = make_host_workdir(policy, command, plan.host_uid, plan.host_gid);
        cwd = rebase(cwd, policy.workdir, run.host_workdir);
        for (auto& arg : plan.argv) arg = rebase(arg, policy.workdir, run.host_workdir);
    }
    plan.cwd = cwd;
    try {
        plan.argv[0] = resolve_program(plan.argv[0], command.env, cwd);
    } catch (...) {
        remove_host_workdir(run.host_workdir);
        throw;
    }
    run.runtime = runtime_for_program(plan.argv[0]);

    for (const auto& [key, value] : command.env) plan.envp.push_back(key + "=" + value);

    if (plan.isolate) {
        // A source that is a symlink (/etc/localtime -> /usr/share/zoneinfo/...) is bound from
        // where it points, at the path the program will open.
        // Only fixed paths here (cached per process, see host_facts.hpp).
        auto add_bind = [&](const std::string& path) {
            auto source = fixed_host_path(path);
            if (!source) return;  // absent on this host
            plan.binds.push_back({*source, path, false, true});
        };
        for (const auto& path : base_binds()) add_bind(path);
        // Non-merged-/usr hosts have real /bin, /lib...: bind them; symlinks the launcher copies.
        for (const RootEntry& entry : root_entries())
            if (entry.kind == RootEntry::directory) add_bind(entry.path);
        if (run.runtime)
            for (const auto& path : run.runtime->mounts) add_bind(path);
        for (const auto& path : policy.readonly_paths) plan.binds.push_back({path, path, false, false});
        // The file allowlists are mounted at the same place; Landlock then grants exactly them.
        for (const auto& path : policy.files.read) plan.binds.push_back({path, path, false, false});
        for (const auto& path : policy.files.exec) plan.binds.push_back({path, path, false, false});
        for (const auto& path : policy.files.write) plan.binds.push_back({path, path, true, false});
        if (policy.level == SecurityLevel::enhanced || policy.level == SecurityLevel::maximum)
            plan.landlock = landlock::rules_for(policy, plan, landlock::running_abi(), run.degraded);
        if (policy.seccomp == SeccompMode::allowlist || policy.seccomp == SeccompMode::allowlist_kill) {
            // Unlisted calls become notifications the supervisor answers (lib/linux/notify).
            plan.seccomp_bpf = runtime_allowlist_bpf(
                allowlist_runtime_for(run.runtime ? run.runtime->name : "", plan.argv[0]));
            plan.seccomp_notify = true;
        } else {
            plan.seccomp_bpf = standard_denylist_bpf();
        }
    }

    const Limits& l = policy.limits;
    plan.rlimits.emplace_back(RLIMIT_CORE, limit_of(0, 0));
    plan.rlimits.emplace_back(RLIMIT_FSIZE, limit_of(l.file_size_bytes, l.file_size_bytes));
    plan.rlimits.emplace_back(RLIMIT_NOFILE, limit_of(l.open_files, l.open_files));
    if (l.cpu_time_ms) {
        // Per-process backstop (SIGXCPU at the soft limit); the supervisor also watches the
        // whole box's CPU through the cgroup and ends it at the exact limit.
        std::uint64_t seconds = (*l.cpu_time_ms + 999) / 1000;
        plan.rlimits.emplace_back(RLIMIT_CPU, limit_of(seconds, seconds + 1));
    }
    if (l.address_space_bytes && (!run.runtime || run.runtime->tolerates_address_space_limit))
        plan.rlimits.emplace_back(RLIMIT_AS, limit_of(*l.address_space_bytes, *l.address_space_bytes));

    run.cgroup_limits.memory_bytes = l.memory_bytes;
    run.cgroup_limits.pids = l.pids;
    return run;
}

void apply_cgroup_outcome(PlannedRun& run, const SecurityPolicy& policy, bool has_memory, bool has_pids,
                          bool has_cpu, std::vector<std::string>& degraded) {
    const Limits& l = policy.limits;
    BoxPlan& plan = run.plan;
    if (l.memory_bytes && !has_memory) {
        bool as_ok = !run.runtime || run.runtime->tolerates_address_space_limit;
        if (as_ok && !l.address_space_bytes) {
            plan.rlimits.emplace_back(RLIMIT_AS, limit_of(*l.memory_bytes, *l.memory_bytes));
            degraded.push_back("memory limit: no memory cgroup; enforced as RLIMIT_AS (address space), "
                               "so exhaustion shows as an allocation failure, not memory_limit");
        } else if (!as_ok) {
            degraded.push_back("memory limit: no memory cgroup and runtime '" + run.runtime->name +
                               "' does not tolerate RLIMIT_AS; memory is not limited");
        }
    }
    if (l.pids && !has_pids) {
        // Inside a user namespace RLIMIT_NPROC counts the box's own processes.
        plan.rlimits.emplace_back(RLIMIT_NPROC, limit_of(*l.pids, *l.pids));
        degraded.push_back("pids limit: no pids cgroup; enforced as RLIMIT_NPROC, so hitting it is not "
                           "reported as pids_limit");
    }
    if (l.cpu_time_ms && !has_cpu)
        degraded.push_back("cpu time: no cpu accounting cgroup; enforced per process by RLIMIT_CPU "
                           "(whole seconds)");
    if (!has_memory) degraded.push_back("peak memory: from rusage (largest process), not the cgroup");
}

void remove_host_workdir(const std::string& path) {
    if (path.empty()) return;
    std::error_code ec;
    fs::remove_all(path, ec);
}

}  // namespace sandbox::linux_box
