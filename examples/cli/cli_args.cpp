#include "cli_args.hpp"

#include <sandbox/error.hpp>

#include <charconv>
#include <limits>
#include <string_view>

namespace sandbox_cli {
namespace {

// Walks the argument list; options take their value from the next word or after '='.
class ArgCursor {
public:
    explicit ArgCursor(const std::vector<std::string>& args) : args_(args) {}

    bool done() const { return index_ >= args_.size(); }
    const std::string& peek() const { return args_[index_]; }
    const std::string& next() { return args_[index_++]; }
    std::vector<std::string> rest() {
        std::vector<std::string> remaining(args_.begin() + static_cast<long>(index_), args_.end());
        index_ = args_.size();
        return remaining;
    }

    // For an option word like "--memory" or "--memory=256M": its value.
    std::string value_of(const std::string& word, std::string_view name) {
        if (word.size() > name.size() && word[name.size()] == '=') {
            return word.substr(name.size() + 1);
        }
        if (done()) {
            throw UsageError(std::string(name) + " needs a value");
        }
        return next();
    }

private:
    const std::vector<std::string>& args_;
    std::size_t index_ = 0;
};

// "--memory=1G" matches option "--memory"; "--memoryx" does not.
bool is_option(const std::string& word, std::string_view name) {
    return word.compare(0, name.size(), name) == 0 &&
           (word.size() == name.size() || word[name.size()] == '=');
}

// Converts the library's PolicyError on a value into a usage error (exit 2).
template <typename Parse>
auto parse_value(Parse parse) {
    try {
        return parse();
    } catch (const sandbox::PolicyError& e) {
        throw UsageError(e.what());
    }
}

std::uint32_t parse_pids(const std::string& text) {
    std::uint64_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end) {
        throw UsageError("--pids: '" + text + "' is not a whole number of processes");
    }
    if (value == 0) {
        throw UsageError("--pids: must be at least 1 (the program itself is a process)");
    }
    if (value > std::numeric_limits<std::uint32_t>::max()) {
        throw UsageError("--pids: " + text + " is beyond any kernel's pid limit");
    }
    return static_cast<std::uint32_t>(value);
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
        } else if (word == "-h" || word == "--help") {
            options.help = true;
            return options;
        } else if (word == "--json") {
            options.json = true;
        } else if (is_option(word, "--security")) {
            const std::string value = cursor.value_of(word, "--security");
            options.level = parse_value([&] { return sandbox::security_level_from_string(value); });
        } else if (is_option(word, "--memory")) {
            const std::string value = cursor.value_of(word, "--memory");
            options.memory_bytes = parse_value([&] { return sandbox::parse_size(value, "--memory"); });
        } else if (is_option(word, "--cpu-time")) {
            const std::string value = cursor.value_of(word, "--cpu-time");
            options.cpu_time_ms = parse_value([&] { return sandbox::parse_duration_ms(value, "--cpu-time"); });
        } else if (is_option(word, "--timeout")) {
            const std::string value = cursor.value_of(word, "--timeout");
            options.wall_timeout_ms = parse_value([&] { return sandbox::parse_duration_ms(value, "--timeout"); });
        } else if (is_option(word, "--pids")) {
            options.pids = parse_pids(cursor.value_of(word, "--pids"));
        } else if (is_option(word, "--output-limit")) {
            const std::string value = cursor.value_of(word, "--output-limit");
            options.output_limit_bytes = parse_value([&] { return sandbox::parse_size(value, "--output-limit"); });
        } else if (is_option(word, "--env-pass")) {
            options.env_pass.push_back(cursor.value_of(word, "--env-pass"));
        } else if (is_option(word, "--env")) {
            options.env.push_back(parse_env_assignment(cursor.value_of(word, "--env")));
        } else if (is_option(word, "--stdin")) {
            options.stdin_file = cursor.value_of(word, "--stdin");
        } else if (parse_telemetry_option(
                       word, [&](std::string_view name) { return cursor.value_of(word, name); }, options.telemetry)) {
            // stored in options.telemetry
        } else if (word.size() > 1 && word[0] == '-') {
            throw UsageError("unknown option '" + word + "' for run");
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
        if (word == "-h" || word == "--help") {
            options.help = true;
        } else if (word == "--json") {
            options.json = true;
        } else {
            throw UsageError("unknown argument '" + word + "' for check");
        }
    }
    return options;
}

}  // namespace sandbox_cli
