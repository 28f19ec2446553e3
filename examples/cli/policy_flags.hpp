// The policy flags shared by `run` and `policy show`: --security, --config, the limits, the
// network, file and capability allowlists, seccomp and the breach response. Parsed into
// PolicyFlags, then laid over the level's defaults or the --config file.
#pragma once

#include "arg_cursor.hpp"

#include <sandbox/policy.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sandbox_cli {

// What the command line said; unset means "keep the config file's or the level's value".
// Repeatable flags add to the lists of the config file.
struct PolicyFlags {
    std::optional<sandbox::SecurityLevel> level;  // --security
    std::optional<std::string> config_file;       // --config
    std::optional<std::uint64_t> memory_bytes;
    std::optional<std::uint64_t> cpu_time_ms;
    std::optional<std::uint64_t> wall_timeout_ms;
    std::optional<std::uint32_t> pids;
    std::optional<std::uint64_t> file_size_bytes;     // --fsize
    std::optional<std::uint32_t> open_files;          // --nofile
    std::optional<std::uint64_t> address_space_bytes;
    std::optional<std::uint64_t> output_limit_bytes;  // stdout and stderr each
    std::optional<sandbox::OutputOverflow> output_overflow;
    std::optional<std::uint64_t> tmp_size_bytes;
    std::optional<std::uint64_t> workdir_size_bytes;
    std::optional<sandbox::NetworkMode> network;
    std::optional<std::string> hostname;
    std::optional<std::string> workdir;
    std::optional<std::uint32_t> host_uid;
    std::optional<std::uint32_t> host_gid;
    std::optional<sandbox::SeccompMode> seccomp;
    std::optional<sandbox::BreachResponse> on_breach;
    std::vector<std::string> readonly_paths;  // absolute host paths
    std::vector<std::string> allow_read;
    std::vector<std::string> allow_write;
    std::vector<std::string> allow_exec;
    std::vector<std::string> allow_net;  // host[:port]
    // --resolve HOST=ADDR[,ADDR...]: where the egress proxy connects for HOST, in order.
    std::map<std::string, std::vector<std::string>> resolve;
    std::vector<std::string> keep_caps;  // CAP_NAME, checked against capability_number
};

// If `word` is a policy flag, reads its value from `cursor`, stores it and returns true.
// Throws UsageError naming the flag for a bad value.
bool parse_policy_flag(const std::string& word, ArgCursor& cursor, PolicyFlags& flags);

// The effective policy: the --config file (its level replaced by --security when both are
// given) or the level's defaults, then every flag. Validated; throws UsageError naming the
// flag, or the config file and the key path, that is wrong.
sandbox::SecurityPolicy build_policy(const PolicyFlags& flags);

}  // namespace sandbox_cli
