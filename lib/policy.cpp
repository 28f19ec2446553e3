// SecurityPolicy: the defaults of each level and the validation of every field.
#include <sandbox/error.hpp>
#include <sandbox/policy.hpp>

#include <array>
#include <cctype>
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

void check_box_path(const std::string& field, const std::string& path) {
    if (path.empty() || path[0] != '/')
        throw PolicyError(field + ": '" + path + "' must be an absolute path");
    if (path.find('\0') != std::string::npos) throw PolicyError(field + ": contains a NUL byte");
    if (path.find("/../") != std::string::npos || path.ends_with("/..") || path.find("/./") != std::string::npos)
        throw PolicyError(field + ": '" + path + "' must not contain '.' or '..' parts");
}

// "host", "host:port" or "[v6]:port"; the host part is a DNS name or an address.
void check_host_port(const std::string& field, const std::string& entry) {
    std::string host = entry;
    std::string port;
    if (!entry.empty() && entry[0] == '[') {
        auto close = entry.find(']');
        if (close == std::string::npos) throw PolicyError(field + ": '" + entry + "' has no closing ']'");
        host = entry.substr(1, close - 1);
        if (close + 1 < entry.size()) {
            if (entry[close + 1] != ':') throw PolicyError(field + ": '" + entry + "' is not [address]:port");
            port = entry.substr(close + 2);
        }
    } else if (auto colon = entry.rfind(':'); colon != std::string::npos) {
        host = entry.substr(0, colon);
        port = entry.substr(colon + 1);
    }
    if (host.empty() || host.size() > 253) throw PolicyError(field + ": '" + entry + "' has no valid host");
    for (char c : host)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == ':' || c == '*'))
            throw PolicyError(field + ": '" + entry + "' has a character not allowed in a host name");
    if (!port.empty()) {
        if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
            std::stoul(port) == 0 || std::stoul(port) > 65535)
            throw PolicyError(field + ": '" + entry + "' has an invalid port");
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
        if (workdir == r) throw PolicyError("workdir: '" + workdir + "' is reserved by the box");
    for (std::size_t i = 0; i < readonly_paths.size(); ++i)
        check_box_path("readonly_paths[" + std::to_string(i) + "]", readonly_paths[i]);
    auto check_paths = [](const char* field, const std::vector<std::string>& paths) {
        for (std::size_t i = 0; i < paths.size(); ++i)
            check_box_path(std::string(field) + "[" + std::to_string(i) + "]", paths[i]);
    };
    check_paths("files.read", files.read);
    check_paths("files.write", files.write);
    check_paths("files.exec", files.exec);
    for (std::size_t i = 0; i < allowed_hosts.size(); ++i)
        check_host_port("allowed_hosts[" + std::to_string(i) + "]", allowed_hosts[i]);
    if (!allowed_hosts.empty() && network != NetworkMode::none)
        throw PolicyError("allowed_hosts: only with network 'none' (the proxy is the box's only way out)");
    if (!allowed_hosts.empty() && level == SecurityLevel::maximum)
        throw PolicyError("allowed_hosts: level maximum has no network");
    for (std::size_t i = 0; i < keep_capabilities.size(); ++i)
        if (capability_number(keep_capabilities[i]) < 0)
            throw PolicyError("keep_capabilities[" + std::to_string(i) + "]: unknown capability '" +
                              keep_capabilities[i] + "'");
    if (seccomp == SeccompMode::none && level != SecurityLevel::basic)
        throw PolicyError("seccomp: 'none' is only allowed at level basic");
    if (host_uid == 0 || host_gid == 0)
        throw PolicyError("host_uid/host_gid: the box must never map to host root (0)");
}

}  // namespace sandbox
