// Command-line parsing for sandbox-cli: turns argv into option structs or a UsageError.
#pragma once

#include "telemetry_options.hpp"

#include <sandbox/policy.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace sandbox_cli {

// Bad command-line input: printed as "sandbox-cli: error: <what>", exit code 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct RunOptions {
    bool help = false;
    bool json = false;
    sandbox::SecurityLevel level = sandbox::SecurityLevel::standard;
    std::optional<std::uint64_t> memory_bytes;
    std::optional<std::uint64_t> cpu_time_ms;
    std::optional<std::uint64_t> wall_timeout_ms;
    std::optional<std::uint32_t> pids;
    std::optional<std::uint64_t> output_limit_bytes;
    std::vector<std::pair<std::string, std::string>> env;  // --env K=V, in order
    std::vector<std::string> env_pass;                     // --env-pass NAME
    std::optional<std::string> stdin_file;                 // "-" is sandbox-cli's own stdin
    // Exactly one of the two: a source file run by the runtime of its extension (with
    // `program_args` after it), or a command line after `--`.
    std::optional<std::string> file;
    std::vector<std::string> program_args;
    std::vector<std::string> command;
    TelemetryOptions telemetry;
};

struct CheckOptions {
    bool help = false;
    bool json = false;
};

// `args` are the words after the subcommand name. Throws UsageError naming what is wrong.
RunOptions parse_run_args(const std::vector<std::string>& args);
CheckOptions parse_check_args(const std::vector<std::string>& args);

}  // namespace sandbox_cli
