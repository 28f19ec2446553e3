#include "policy_flags.hpp"

#include "flag_values.hpp"
#include "policy_file.hpp"
#include "usage_error.hpp"

#include <sandbox/error.hpp>

#include <algorithm>
#include <string_view>
#include <utility>

namespace sandbox_cli {
namespace {

using sandbox::BreachResponse;
using sandbox::NetworkMode;
using sandbox::SecurityLevel;
using sandbox::SeccompMode;

constexpr NetworkMode network_modes[] = {NetworkMode::none, NetworkMode::host};
constexpr SeccompMode seccomp_modes[] = {SeccompMode::none, SeccompMode::denylist, SeccompMode::allowlist,
                                         SeccompMode::allowlist_kill};
constexpr BreachResponse breach_responses[] = {BreachResponse::report, BreachResponse::terminate_on_critical,
                                               BreachResponse::terminate};

sandbox::OutputOverflow overflow_value(const std::string& text, std::string_view name) {
    if (text == "kill") return sandbox::OutputOverflow::kill;
    if (text == "truncate") return sandbox::OutputOverflow::truncate;
    throw_bad_choice(text, name, "kill, truncate");
}

// "HOST=ADDR[,ADDR...]" added to the pins of HOST. The policy checks the names and addresses.
void add_resolve(PolicyFlags& flags, const std::string& text, std::string_view name) {
    const auto equals = text.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
        throw UsageError(std::string(name) + ": '" + text + "' is not of the form HOST=ADDRESS[,ADDRESS...]");
    }
    auto& addresses = flags.resolve[text.substr(0, equals)];
    std::size_t start = equals + 1;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        if (comma == start) {
            throw UsageError(std::string(name) + ": '" + text + "' has an empty address");
        }
        addresses.push_back(text.substr(start, comma - start));
        start = comma + 1;
    }
}

// One flag: its name and how its value is stored. Captureless lambdas, so a plain table.
struct FlagSpec {
    std::string_view name;
    void (*store)(PolicyFlags& flags, const std::string& value, std::string_view name);
};

using V = const std::string&;
using N = std::string_view;

constexpr FlagSpec flag_specs[] = {
    {"--security", [](PolicyFlags& f, V v, N n) { f.level = level_value(v, n); }},
    {"--config", [](PolicyFlags& f, V v, N) { f.config_file = v; }},
    {"--memory", [](PolicyFlags& f, V v, N n) { f.memory_bytes = size_value(v, n); }},
    {"--cpu-time", [](PolicyFlags& f, V v, N n) { f.cpu_time_ms = duration_ms_value(v, n); }},
    {"--timeout", [](PolicyFlags& f, V v, N n) { f.wall_timeout_ms = duration_ms_value(v, n); }},
    {"--pids", [](PolicyFlags& f, V v, N n) { f.pids = count_value(v, n, 1, "processes"); }},
    {"--fsize", [](PolicyFlags& f, V v, N n) { f.file_size_bytes = size_value(v, n); }},
    {"--nofile", [](PolicyFlags& f, V v, N n) { f.open_files = count_value(v, n, 1, "open files"); }},
    {"--address-space", [](PolicyFlags& f, V v, N n) { f.address_space_bytes = size_value(v, n); }},
    {"--output-limit", [](PolicyFlags& f, V v, N n) { f.output_limit_bytes = size_value(v, n); }},
    {"--output-overflow", [](PolicyFlags& f, V v, N n) { f.output_overflow = overflow_value(v, n); }},
    {"--tmp-size", [](PolicyFlags& f, V v, N n) { f.tmp_size_bytes = size_value(v, n); }},
    {"--workdir-size", [](PolicyFlags& f, V v, N n) { f.workdir_size_bytes = size_value(v, n); }},
    {"--network", [](PolicyFlags& f, V v, N n) { f.network = choice_value(v, n, network_modes); }},
    {"--hostname", [](PolicyFlags& f, V v, N) { f.hostname = v; }},
    {"--workdir", [](PolicyFlags& f, V v, N) { f.workdir = v; }},
    {"--host-uid", [](PolicyFlags& f, V v, N n) { f.host_uid = count_value(v, n, 1, "(a user id)"); }},
    {"--host-gid", [](PolicyFlags& f, V v, N n) { f.host_gid = count_value(v, n, 1, "(a group id)"); }},
    {"--seccomp", [](PolicyFlags& f, V v, N n) { f.seccomp = choice_value(v, n, seccomp_modes); }},
    {"--on-breach", [](PolicyFlags& f, V v, N n) { f.on_breach = choice_value(v, n, breach_responses); }},
    {"--readonly", [](PolicyFlags& f, V v, N n) { f.readonly_paths.push_back(host_path_value(v, n)); }},
    {"--allow-read", [](PolicyFlags& f, V v, N n) { f.allow_read.push_back(host_path_value(v, n)); }},
    {"--allow-write", [](PolicyFlags& f, V v, N n) { f.allow_write.push_back(host_path_value(v, n)); }},
    {"--allow-exec", [](PolicyFlags& f, V v, N n) { f.allow_exec.push_back(host_path_value(v, n)); }},
    {"--allow-net", [](PolicyFlags& f, V v, N) { f.allow_net.push_back(v); }},
    {"--resolve", [](PolicyFlags& f, V v, N n) { add_resolve(f, v, n); }},
    {"--keep-cap", [](PolicyFlags& f, V v, N n) { f.keep_caps.push_back(capability_value(v, n)); }},
};

template <typename T>
void set_if(const std::optional<T>& flag, T& field) {
    if (flag) field = *flag;
}

template <typename T>
void set_if(const std::optional<T>& flag, std::optional<T>& field) {
    if (flag) field = flag;
}

void append(std::vector<std::string>& field, const std::vector<std::string>& flag) {
    field.insert(field.end(), flag.begin(), flag.end());
}

void apply_flags(const PolicyFlags& f, sandbox::SecurityPolicy& policy) {
    auto& limits = policy.limits;
    set_if(f.memory_bytes, limits.memory_bytes);
    set_if(f.cpu_time_ms, limits.cpu_time_ms);
    set_if(f.wall_timeout_ms, limits.wall_timeout_ms);
    set_if(f.pids, limits.pids);
    set_if(f.file_size_bytes, limits.file_size_bytes);
    set_if(f.open_files, limits.open_files);
    set_if(f.address_space_bytes, limits.address_space_bytes);
    set_if(f.output_limit_bytes, limits.stdout_max_bytes);
    set_if(f.output_limit_bytes, limits.stderr_max_bytes);
    set_if(f.output_overflow, limits.on_output_overflow);
    set_if(f.tmp_size_bytes, limits.tmp_size_bytes);
    set_if(f.workdir_size_bytes, limits.workdir_size_bytes);
    set_if(f.network, policy.network);
    set_if(f.hostname, policy.hostname);
    set_if(f.workdir, policy.workdir);
    set_if(f.host_uid, policy.host_uid);
    set_if(f.host_gid, policy.host_gid);
    set_if(f.seccomp, policy.seccomp);
    set_if(f.on_breach, policy.on_breach);
    append(policy.readonly_paths, f.readonly_paths);
    append(policy.files.read, f.allow_read);
    append(policy.files.write, f.allow_write);
    append(policy.files.exec, f.allow_exec);
    append(policy.allowed_hosts, f.allow_net);
    append(policy.keep_capabilities, f.keep_caps);
    for (const auto& [host, addresses] : f.resolve) {
        append(policy.host_resolution[host], addresses);
    }
}

// validate() names the policy field that is wrong; say which flag sets it.
std::string with_flag_name(const std::string& message) {
    static constexpr std::pair<std::string_view, std::string_view> flags_by_field[] = {
        {"limits.memory_bytes", "--memory"},
        {"limits.cpu_time_ms", "--cpu-time"},
        {"limits.wall_timeout_ms", "--timeout"},
        {"limits.pids", "--pids"},
        {"limits.file_size_bytes", "--fsize"},
        {"limits.open_files", "--nofile"},
        {"limits.address_space_bytes", "--address-space"},
        {"limits.stdout_max_bytes", "--output-limit"},
        {"limits.stderr_max_bytes", "--output-limit"},
        {"limits.tmp_size_bytes", "--tmp-size"},
        {"limits.workdir_size_bytes", "--workdir-size"},
        {"network", "--network"},
        {"hostname", "--hostname"},
        {"workdir", "--workdir"},
        {"host_uid", "--host-uid/--host-gid"},
        {"seccomp", "--seccomp"},
        {"readonly_paths", "--readonly"},
        {"files.read", "--allow-read"},
        {"files.write", "--allow-write"},
        {"files.exec", "--allow-exec"},
        {"allowed_hosts", "--allow-net"},
        {"host_resolution", "--resolve"},
        {"keep_capabilities", "--keep-cap"},
    };
    for (const auto& [field, flag] : flags_by_field) {
        if (message.starts_with(field)) {
            return std::string(flag) + ": " + message;
        }
    }
    return message;
}

}  // namespace

bool parse_policy_flag(const std::string& word, ArgCursor& cursor, PolicyFlags& flags) {
    for (const FlagSpec& spec : flag_specs) {
        if (is_option(word, spec.name)) {
            spec.store(flags, cursor.value_of(word, spec.name), spec.name);
            return true;
        }
    }
    return false;
}

sandbox::SecurityPolicy build_policy(const PolicyFlags& flags) {
    sandbox::SecurityPolicy policy =
        flags.config_file ? load_policy_file(*flags.config_file, flags.level)
                          : sandbox::SecurityPolicy::for_level(flags.level.value_or(SecurityLevel::standard));
    apply_flags(flags, policy);
    try {
        policy.validate();
    } catch (const sandbox::PolicyError& e) {
        throw UsageError(with_flag_name(e.what()));
    }
    return policy;
}

}  // namespace sandbox_cli
