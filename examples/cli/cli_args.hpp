// Command-line parsing for sandbox-cli: turns argv into option structs or a UsageError.
#pragma once

#include "policy_flags.hpp"
#include "telemetry_options.hpp"
#include "usage_error.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sandbox_cli {

// Every command answers --help and --version before looking at anything else.
struct CommonOptions {
    bool help = false;
    bool version = false;
};

struct RunOptions : CommonOptions {
    bool json = false;
    bool monitor = false;  // --monitor: the dashboard while it runs (monitor_command.hpp)
    PolicyFlags policy;
    std::optional<std::string> meta_file;                  // --meta FILE: isolate's meta-file
    std::vector<std::pair<std::string, std::string>> env;  // --env K=V, in order
    std::vector<std::string> env_pass;                     // --env-pass NAME
    std::optional<std::string> stdin_file;                 // "-" is sandbox-cli's own stdin
    // --file SRC[:DEST]: host file SRC copied to DEST (relative) in the box's workdir.
    std::vector<std::pair<std::string, std::string>> files;
    std::optional<std::string> chdir;  // --chdir DIR: working directory inside the box
    // Exactly one of the two: a source file run by the runtime of its extension (with
    // `program_args` after it), or a command line after `--`.
    std::optional<std::string> file;
    std::vector<std::string> program_args;
    std::vector<std::string> command;
    TelemetryOptions telemetry;
};

struct CheckOptions : CommonOptions {
    bool json = false;
};

struct LintOptions : CommonOptions {
    bool json = false;
    std::optional<std::string> language;  // --language; else from the file's extension
    std::string file;                     // "-" reads stdin (then --language is needed)
};

struct PolicyShowOptions : CommonOptions {
    PolicyFlags policy;  // LEVEL is stored as policy.level, like --security
};

// `args` are the words after the subcommand name. Throws UsageError naming what is wrong.
RunOptions parse_run_args(const std::vector<std::string>& args);
CheckOptions parse_check_args(const std::vector<std::string>& args);
LintOptions parse_lint_args(const std::vector<std::string>& args);
// The words after "policy show".
PolicyShowOptions parse_policy_show_args(const std::vector<std::string>& args);

}  // namespace sandbox_cli
