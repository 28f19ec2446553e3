// SecurityPolicy: what a box allows. Start from a level, override any field, validate.
#pragma once

#include <sandbox/export.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox {

// The four levels of DESIGN.md. Each one is a complete default policy.
enum class SecurityLevel { basic, standard, enhanced, maximum };

SANDBOX_API std::string_view to_string(SecurityLevel level);
// Throws PolicyError naming the unknown level.
SANDBOX_API SecurityLevel security_level_from_string(std::string_view name);

// What happens when stdout or stderr passes its cap.
enum class OutputOverflow {
    kill,      // end the box with status output_limit (default)
    truncate,  // keep running, keep the first bytes, discard the rest
};

// Resource limits. An unset optional means "no limit of this kind".
struct Limits {
    std::optional<std::uint64_t> memory_bytes;         // cgroup memory (swap off)
    std::optional<std::uint64_t> cpu_time_ms;          // CPU time of the whole box
    std::uint64_t wall_timeout_ms = 10'000;            // 0 = no wall timeout
    std::optional<std::uint32_t> pids;                 // processes and threads in the box
    std::uint64_t file_size_bytes = 64ull << 20;       // RLIMIT_FSIZE
    std::uint32_t open_files = 256;                    // RLIMIT_NOFILE
    std::optional<std::uint64_t> address_space_bytes;  // RLIMIT_AS, only where the runtime tolerates it
    std::uint64_t stdout_max_bytes = 1ull << 20;
    std::uint64_t stderr_max_bytes = 1ull << 20;
    OutputOverflow on_output_overflow = OutputOverflow::kill;
    std::uint64_t tmp_size_bytes = 64ull << 20;      // tmpfs /tmp
    std::uint64_t workdir_size_bytes = 64ull << 20;  // tmpfs workdir

    bool operator==(const Limits&) const = default;
};

enum class NetworkMode {
    host,  // share the host's network (basic level only)
    none,  // own network namespace with loopback only; with allowed_hosts, a proxy to them
};

SANDBOX_API std::string_view to_string(NetworkMode mode);

// How system calls are filtered (seccomp).
enum class SeccompMode {
    none,            // no filter (basic)
    denylist,        // dangerous calls return EPERM (standard)
    allowlist,       // per-runtime allowlist; watched calls reported and denied (enhanced)
    allowlist_kill,  // per-runtime allowlist; a violation ends the box (maximum)
};

// What the watchdog does when the BreachDetector raises a breach.
enum class BreachResponse {
    report,                 // events only
    terminate_on_critical,  // end the box on a critical event
    terminate,              // end the box on any violation
};

SANDBOX_API std::string_view to_string(SeccompMode mode);
SANDBOX_API std::string_view to_string(BreachResponse response);

// Host paths the box may use, enforced by the mount namespace and Landlock (enhanced and
// maximum). Read covers listing and reading; exec adds executing; write adds creating,
// changing and removing. The runtime's own needs (/usr, its libraries) are added by the library.
struct FileAccess {
    std::vector<std::string> read;
    std::vector<std::string> write;
    std::vector<std::string> exec;

    bool operator==(const FileAccess&) const = default;
};

struct SecurityPolicy {
    SecurityLevel level = SecurityLevel::standard;
    Limits limits;
    NetworkMode network = NetworkMode::none;
    // Host paths bound read-only into the box at the same place, beyond the runtime's own.
    std::vector<std::string> readonly_paths;
    std::string hostname = "sandbox";
    // Where the box's workdir is mounted inside the box.
    std::string workdir = "/work";
    // Unprivileged host ids the box's user maps to when the supervisor is root.
    // When it is not root, the box maps to the supervisor's own ids.
    std::uint32_t host_uid = 65534;
    std::uint32_t host_gid = 65534;

    SeccompMode seccomp = SeccompMode::denylist;
    BreachResponse on_breach = BreachResponse::report;
    FileAccess files;
    // "host[:port]" reachable through the supervisor's HTTP proxy (enhanced); empty: no network.
    std::vector<std::string> allowed_hosts;
    // Host name -> IP addresses the egress proxy connects to instead of resolving the name
    // through DNS (tried in order). Only with allowed_hosts; each name must be one of them.
    std::map<std::string, std::vector<std::string>> host_resolution;
    // Capabilities the program keeps ("CAP_NET_BIND_SERVICE"); default none.
    std::vector<std::string> keep_capabilities;

    bool operator==(const SecurityPolicy&) const = default;

    // The complete default policy of a level.
    SANDBOX_API static SecurityPolicy for_level(SecurityLevel level);

    // Throws PolicyError naming the first field whose value is impossible.
    SANDBOX_API void validate() const;

    // Versioned JSON (see docs in README). from_json rejects unknown keys and wrong types,
    // naming the offending key's path; omitted keys take the level's defaults.
    SANDBOX_API std::string to_json() const;
    SANDBOX_API static SecurityPolicy from_json(std::string_view json);
};

// The number of a capability named like "CAP_NET_BIND_SERVICE", or -1 if unknown.
SANDBOX_API int capability_number(std::string_view name);

// Parses "256M", "1G", "4096", "512K" into bytes. Throws PolicyError naming `what`.
SANDBOX_API std::uint64_t parse_size(std::string_view text, std::string_view what);
// Parses "2s", "500ms", "1.5s", "1m" into milliseconds. Throws PolicyError naming `what`.
SANDBOX_API std::uint64_t parse_duration_ms(std::string_view text, std::string_view what);

}  // namespace sandbox
