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

SecurityPolicy SecurityPolicy::for_level(SecurityLevel level) {
    SecurityPolicy p;
    p.level = level;
    switch (level) {
        case SecurityLevel::basic:
            p.network = NetworkMode::host;
            break;
        case SecurityLevel::standard:
        case SecurityLevel::enhanced:
            p.limits.memory_bytes = 512ull << 20;
            p.limits.cpu_time_ms = 10'000;
            p.limits.pids = 128;
            break;
        case SecurityLevel::maximum:
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

}  // namespace

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
    if (host_uid == 0 || host_gid == 0)
        throw PolicyError("host_uid/host_gid: the box must never map to host root (0)");
}

}  // namespace sandbox
