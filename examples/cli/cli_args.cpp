#include "cli_args.hpp"

#include "arg_cursor.hpp"
#include "flag_values.hpp"

namespace sandbox_cli {
namespace {

// --help and --version: true when `word` is one of them (stored in `options`).
bool parse_common_option(const std::string& word, CommonOptions& options) {
    if (word == "-h" || word == "--help") {
        options.help = true;
        return true;
    }
    if (word == "--version") {
        options.version = true;
        return true;
    }
    return false;
}

std::pair<std::string, std::string> parse_env_assignment(const std::string& text) {
    auto equals = text.find('=');
    if (equals == std::string::npos) {
        throw UsageError("--env: '" + text + "' is not of the form NAME=VALUE "
                         "(use --env-pass NAME to copy a variable from this environment)");
    }
    if (equals == 0) {
        throw UsageError("--env: '" + text + "' has an empty variable name");
    }
    return {text.substr(0, equals), text.substr(equals + 1)};
}

// "SRC" or "SRC:DEST"; DEST defaults to SRC's file name. The first ':' splits.
std::pair<std::string, std::string> parse_file_copy(const std::string& text) {
    auto colon = text.find(':');
    std::string source = text.substr(0, colon);
    if (source.empty()) {
        throw UsageError("--file: '" + text + "' has no source path (expected SRC[:DEST])");
    }
    std::string destination;
    if (colon == std::string::npos) {
        destination = source.substr(source.find_last_of('/') + 1);
    } else {
        destination = text.substr(colon + 1);
    }
    if (destination.empty()) {
        throw UsageError("--file: '" + text + "' has no destination name in the workdir");
    }
    return {source, destination};
}

bool parse_run_option(const std::string& word, ArgCursor& cursor, RunOptions& options) {
    if (word == "--json") {
        options.json = true;
    } else if (word == "--monitor") {
        options.monitor = true;
    } else if (is_option(word, "--meta")) {
        options.meta_file = cursor.value_of(word, "--meta");
    } else if (is_option(word, "--env-pass")) {
        options.env_pass.push_back(cursor.value_of(word, "--env-pass"));
    } else if (is_option(word, "--env")) {
        options.env.push_back(parse_env_assignment(cursor.value_of(word, "--env")));
    } else if (is_option(word, "--stdin")) {
        options.stdin_file = cursor.value_of(word, "--stdin");
    } else if (is_option(word, "--file")) {
        options.files.push_back(parse_file_copy(cursor.value_of(word, "--file")));
    } else if (is_option(word, "--chdir")) {
        options.chdir = cursor.value_of(word, "--chdir");
    } else if (parse_policy_flag(word, cursor, options.policy)) {
        // stored in options.policy
    } else if (parse_telemetry_option(
                   word, [&](std::string_view name) { return cursor.value_of(word, name); }, options.telemetry)) {
        // stored in options.telemetry
    } else {
        return false;
    }
    return true;
}

bool looks_like_option(const std::string& word) { return word.size() > 1 && word[0] == '-'; }

}  // namespace

RunOptions parse_run_args(const std::vector<std::string>& args) {
    RunOptions options;
    ArgCursor cursor(args);
    while (!cursor.done()) {
        const std::string word = cursor.next();
        if (word == "--") {
            options.command = cursor.rest();
            if (options.command.empty()) {
                throw UsageError("no command after '--'");
            }
        } else if (parse_common_option(word, options)) {
            return options;
        } else if (parse_run_option(word, cursor, options)) {
            // stored
        } else if (looks_like_option(word)) {
            throw UsageError("unknown option '" + word + "' for run (try 'sandbox-cli run --help')");
        } else {
            // The first plain word is the file; everything after it belongs to the program.
            options.file = word;
            options.program_args = cursor.rest();
        }
    }
    if (!options.file && options.command.empty()) {
        throw UsageError("run needs a FILE or '-- COMMAND [ARGS...]'");
    }
    return options;
}

CheckOptions parse_check_args(const std::vector<std::string>& args) {
    CheckOptions options;
    for (const std::string& word : args) {
        if (parse_common_option(word, options)) {
            return options;
        }
        if (word == "--json") {
            options.json = true;
        } else {
            throw UsageError("unknown argument '" + word + "' for check (try 'sandbox-cli check --help')");
        }
    }
    return options;
}

LintOptions parse_lint_args(const std::vector<std::string>& args) {
    LintOptions options;
    std::optional<std::string> file;
    ArgCursor cursor(args);
    while (!cursor.done()) {
        const std::string word = cursor.next();
        if (parse_common_option(word, options)) {
            return options;
        }
        if (word == "--json") {
            options.json = true;
        } else if (is_option(word, "--language")) {
            options.language = cursor.value_of(word, "--language");
        } else if (looks_like_option(word)) {
            throw UsageError("unknown option '" + word + "' for lint (try 'sandbox-cli lint --help')");
        } else if (file) {
            throw UsageError("lint takes one FILE; '" + *file + "' and '" + word + "' are two");
        } else {
            file = word;
        }
    }
    if (!file) {
        throw UsageError("lint needs a FILE ('-' for stdin, with --language)");
    }
    options.file = *file;
    return options;
}

PolicyShowOptions parse_policy_show_args(const std::vector<std::string>& args) {
    PolicyShowOptions options;
    ArgCursor cursor(args);
    while (!cursor.done()) {
        const std::string word = cursor.next();
        if (parse_common_option(word, options)) {
            return options;
        }
        if (parse_policy_flag(word, cursor, options.policy)) {
            continue;
        }
        if (looks_like_option(word)) {
            throw UsageError("unknown option '" + word + "' for policy show (try 'sandbox-cli policy --help')");
        }
        if (options.policy.level) {
            throw UsageError("policy show takes one LEVEL; '" + word + "' is one too many");
        }
        options.policy.level = level_value(word, "LEVEL");
    }
    if (!options.policy.level && !options.policy.config_file) {
        throw UsageError("policy show needs a LEVEL (basic, standard, enhanced or maximum) or --config FILE");
    }
    return options;
}

}  // namespace sandbox_cli
