// SecurityPolicy: the defaults of each level and the validation of every field.
#include "host_entry.hpp"

#include <sandbox/error.hpp>
#include <sandbox/policy.hpp>

#include <array>
#include <cctype>
#include <map>
#include <string>

namespace sandbox {

std::string_view to_string(SecurityLevel level) {
    switch (level) {
        case SecurityLevel::basic: return "basic";
        case SecurityLevel::standard: return "standard";
        case SecurityLevel::enhanced: return "enhanced";
        case SecurityLevel::maximum: return "maximum";
    }
    return "unknown";
}

SecurityLevel security_level_from_string(std::string_view name) {
    for (auto level : {SecurityLevel::basic, SecurityLevel::standard, SecurityLevel::enhanced,
                       SecurityLevel::maximum})
        if (to_string(level) == name) return level;
    throw PolicyError("unknown security level '" + std::string(name) +
                      "' (expected basic, standard, enhanced or maximum)");
}

std::string_view to_string(NetworkMode mode) {
    return mode == NetworkMode::host ? "host" : "none";
}

std::string_view to_string(SeccompMode mode) {
    switch (mode) {
        case SeccompMode::none: return "none";
        case SeccompMode::denylist: return "denylist";
        case SeccompMode::allowlist: return "allowlist";
        case SeccompMode::allowlist_kill: return "allowlist_kill";
    }
    return "unknown";
}

std::string_view to_string(BreachResponse response) {
    switch (response) {
        case BreachResponse::report: return "report";
        case BreachResponse::terminate_on_critical: return "terminate_on_critical";
        case BreachResponse::terminate: return "terminate";
    }
    return "unknown";
}

SecurityPolicy SecurityPolicy::for_level(SecurityLevel level) {
    SecurityPolicy p;
    p.level = level;
    switch (level) {
        case SecurityLevel::basic:
            p.network = NetworkMode::host;
            p.seccomp = SeccompMode::none;
            break;
        case SecurityLevel::standard:
            p.limits.memory_bytes = 512ull << 20;
            p.limits.cpu_time_ms = 10'000;
            p.limits.pids = 128;
            break;
        case SecurityLevel::enhanced:
            p.limits.memory_bytes = 512ull << 20;
            p.limits.cpu_time_ms = 10'000;
            p.limits.pids = 128;
            p.seccomp = SeccompMode::allowlist;
            p.on_breach = BreachResponse::terminate_on_critical;
            break;
        case SecurityLevel::maximum:
            p.seccomp = SeccompMode::allowlist_kill;
            p.on_breach = BreachResponse::terminate;
            p.limits.memory_bytes = 256ull << 20;
            p.limits.cpu_time_ms = 5'000;
            p.limits.pids = 32;
            p.limits.open_files = 64;
            p.limits.file_size_bytes = 16ull << 20;
            p.limits.tmp_size_bytes = 16ull << 20;
            p.limits.workdir_size_bytes = 16ull << 20;
            break;
    }
    return p;
}

namespace {

void check_range(const char* field, std::uint64_t value, std::uint64_t min, std::uint64_t max,
                 const char* unit) {
    if (value < min || value > max)
        throw PolicyError(std::string("limits.") + field + ": " + std::to_string(value) + " " + unit +
                          " is outside " + std::to_string(min) + ".." + std::to_string(max));
}

// Linux's PATH_MAX, terminating NUL included.
constexpr std::size_t max_path_length = 4095;

void check_box_path(const std::string& field, const std::string& path) {
    if (path.empty() || path[0] != '/')
        throw PolicyError(field + ": '" + path + "' must be an absolute path");
    if (path.find('\0') != std::string::npos) throw PolicyError(field + ": contains a NUL byte");
    if (path.size() > max_path_length)
        throw PolicyError(field + ": a path of " + std::to_string(path.size()) + " bytes is longer than " +
                          std::to_string(max_path_length));
    if (path.find("/../") != std::string::npos || path.ends_with("/..") || path.find("/./") != std::string::npos ||
        path.ends_with("/."))
        throw PolicyError(field + ": '" + path + "' must not contain '.' or '..' parts");
}

// The path without repeated or trailing slashes, so that "/data/" repeats "/data".
std::string canonical_slashes(const std::string& path) {
    std::string out;
    for (char c : path)
        if (c != '/' || out.empty() || out.back() != '/') out += c;
    if (out.size() > 1 && out.back() == '/') out.pop_back();
    return out;
}

// Each path absolute and clean, and none given twice in the same list.
void check_path_list(const std::string& field, const std::vector<std::string>& paths) {
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        const std::string item = field + "[" + std::to_string(i) + "]";
        check_box_path(item, paths[i]);
        auto [it, fresh] = seen.emplace(canonical_slashes(paths[i]), i);
        if (!fresh)
            throw PolicyError(item + ": '" + paths[i] + "' repeats " + field + "[" + std::to_string(it->second) +
                              "] ('" + paths[it->second] + "')");
    }
}

// Every entry readable by the egress proxy (the same parser), none given twice.
std::vector<HostEntry> check_allowed_hosts(const std::vector<std::string>& entries) {
    std::vector<HostEntry> parsed;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const std::string item = "allowed_hosts[" + std::to_string(i) + "]";
        HostEntry entry = parse_host_entry(entries[i], item);
        for (std::size_t j = 0; j < parsed.size(); ++j)
            if (parsed[j].host == entry.host && parsed[j].wildcard == entry.wildcard && parsed[j].port == entry.port)
                throw PolicyError(item + ": '" + entries[i] + "' repeats allowed_hosts[" + std::to_string(j) + "] ('" +
                                  entries[j] + "')");
        parsed.push_back(std::move(entry));
    }
    return parsed;
}

constexpr std::size_t max_pinned_addresses = 16;

// Names the proxy must not resolve itself: each an allowed host name, each address a literal.
void check_host_resolution(const std::map<std::string, std::vector<std::string>>& pins,
                           const std::vector<HostEntry>& allowed) {
    if (!pins.empty() && allowed.empty())
        throw PolicyError("host_resolution: only with allowed_hosts (it tells the egress proxy where allowed names lead)");
    std::map<std::string, std::string> seen;  // normalized -> as written
    for (const auto& [name, addresses] : pins) {
        const std::string field = "host_resolution." + name;
        const std::string host = normalize_host(name);
        if (is_ip_literal(host))
            throw PolicyError(field + ": '" + name + "' is an address already; only names are resolved");
        if (std::string why = dns_name_problem(host); !why.empty())
            throw PolicyError(field + ": '" + name + "' " + why);
        if (auto [it, fresh] = seen.emplace(host, name); !fresh)
            throw PolicyError(field + ": names the same host as host_resolution." + it->second);
        bool allowed_name = false;
        for (const HostEntry& entry : allowed) allowed_name = allowed_name || entry.matches_host(host);
        if (!allowed_name) throw PolicyError(field + ": '" + name + "' is not named by any allowed_hosts entry");
        if (addresses.empty()) throw PolicyError(field + ": needs at least one address");
        if (addresses.size() > max_pinned_addresses)
            throw PolicyError(field + ": " + std::to_string(addresses.size()) + " addresses, at most " +
                              std::to_string(max_pinned_addresses));
        for (std::size_t i = 0; i < addresses.size(); ++i) {
            const std::string item = field + "[" + std::to_string(i) + "]";
            if (!is_ip_literal(addresses[i]))
                throw PolicyError(item + ": '" + addresses[i] + "' is not an IPv4 or IPv6 address");
            for (std::size_t j = 0; j < i; ++j)
                if (addresses[j] == addresses[i])
                    throw PolicyError(item + ": '" + addresses[i] + "' repeats " + field + "[" + std::to_string(j) + "]");
        }
    }
}

void check_capabilities(const std::vector<std::string>& names) {
    for (std::size_t i = 0; i < names.size(); ++i) {
        const std::string item = "keep_capabilities[" + std::to_string(i) + "]";
        if (capability_number(names[i]) < 0) {
            std::string upper;
            for (char c : names[i]) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (!upper.starts_with("CAP_")) upper = "CAP_" + upper;
            std::string hint = capability_number(upper) >= 0 ? " (did you mean " + upper + "?)"
                                                             : " (names look like CAP_NET_BIND_SERVICE)";
            throw PolicyError(item + ": unknown capability '" + names[i] + "'" + hint);
        }
        for (std::size_t j = 0; j < i; ++j)
            if (names[j] == names[i])
                throw PolicyError(item + ": '" + names[i] + "' repeats keep_capabilities[" + std::to_string(j) + "]");
    }
}

}  // namespace

int capability_number(std::string_view name) {
    static constexpr std::array<std::string_view, 41> names = {
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
        "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
        "CAP_CHECKPOINT_RESTORE"};
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == name) return static_cast<int>(i);
    return -1;
}

void SecurityPolicy::validate() const {
    constexpr std::uint64_t MiB = 1ull << 20;
    constexpr std::uint64_t TiB = 1ull << 40;
    if (limits.memory_bytes) check_range("memory_bytes", *limits.memory_bytes, 4 * MiB, 64 * TiB, "bytes");
    if (limits.cpu_time_ms) check_range("cpu_time_ms", *limits.cpu_time_ms, 1, 7 * 24 * 3600'000ull, "ms");
    check_range("wall_timeout_ms", limits.wall_timeout_ms, 0, 7 * 24 * 3600'000ull, "ms");
    if (limits.pids) check_range("pids", *limits.pids, 1, 4'194'304, "processes");
    check_range("file_size_bytes", limits.file_size_bytes, 0, 64 * TiB, "bytes");
    check_range("open_files", limits.open_files, 4, 1u << 20, "fds");
    if (limits.address_space_bytes)
        check_range("address_space_bytes", *limits.address_space_bytes, 16 * MiB, 1024 * TiB, "bytes");
    check_range("stdout_max_bytes", limits.stdout_max_bytes, 0, 1024 * MiB, "bytes");
    check_range("stderr_max_bytes", limits.stderr_max_bytes, 0, 1024 * MiB, "bytes");
    check_range("tmp_size_bytes", limits.tmp_size_bytes, 4096, TiB, "bytes");
    check_range("workdir_size_bytes", limits.workdir_size_bytes, 4096, TiB, "bytes");

    if (network == NetworkMode::host && level != SecurityLevel::basic)
        throw PolicyError("network: 'host' is only allowed at level basic (level is " +
                          std::string(to_string(level)) + ")");
    if (hostname.empty() || hostname.size() > 64)
        throw PolicyError("hostname: must be 1 to 64 characters");
    for (char c : hostname)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'))
            throw PolicyError("hostname: '" + hostname + "' may only hold letters, digits, '-' and '.'");
    check_box_path("workdir", workdir);
    static constexpr std::array reserved = {"/", "/proc", "/dev", "/usr", "/etc", "/tmp", "/sys"};
    for (const char* r : reserved)
        if (canonical_slashes(workdir) == r) throw PolicyError("workdir: '" + workdir + "' is reserved by the box");
    check_path_list("readonly_paths", readonly_paths);
    check_path_list("files.read", files.read);
    check_path_list("files.write", files.write);
    check_path_list("files.exec", files.exec);
    const std::vector<HostEntry> hosts = check_allowed_hosts(allowed_hosts);
    if (!allowed_hosts.empty() && network != NetworkMode::none)
        throw PolicyError("allowed_hosts: only with network 'none' (the proxy is the box's only way out)");
    if (!allowed_hosts.empty() && level == SecurityLevel::maximum)
        throw PolicyError("allowed_hosts: level maximum has no network");
    check_host_resolution(host_resolution, hosts);
    check_capabilities(keep_capabilities);
    if (seccomp == SeccompMode::none && level != SecurityLevel::basic)
        throw PolicyError("seccomp: 'none' is only allowed at level basic");
    if (host_uid == 0 || host_gid == 0)
        throw PolicyError("host_uid/host_gid: the box must never map to host root (0)");
}

}  // namespace sandbox
