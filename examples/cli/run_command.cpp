#include "run_command.hpp"

#include "cli_args.hpp"
#include "output.hpp"

#include <sandbox/sandbox.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string_view>
#include <utility>

namespace sandbox_cli {
namespace {

constexpr const char* run_help = R"(Usage: sandbox-cli run [OPTIONS] FILE [ARGS...]
       sandbox-cli run [OPTIONS] -- COMMAND [ARGS...]

Runs FILE with the runtime its extension names (.py python, .js node, .sh sh), its
contents placed in the box's workdir, or COMMAND as given, and prints what happened.
Words after FILE go to the program.

Options:
  --security LEVEL     basic, standard (default), enhanced or maximum
  --memory SIZE        memory limit of the whole box, e.g. 256M, 1G
  --cpu-time DURATION  CPU time limit, e.g. 2s, 500ms
  --timeout DURATION   wall-clock limit (default: the level's, 10s)
  --pids N             processes and threads the box may hold
  --output-limit SIZE  cap on stdout and on stderr each (default 1M); past it the run ends
  --env NAME=VALUE     set a variable in the box (repeatable); nothing else is inherited
  --env-pass NAME      copy NAME from this environment, if set (repeatable)
  --stdin FILE         feed FILE to the program's stdin ('-' for this stdin)
  --json               print one JSON object instead of the report
  --metrics ADDR       serve Prometheus metrics on ADDR (PORT or HOST:PORT, loopback by
                       default) while the run lasts
  --push URL           push the metrics to a Prometheus Pushgateway at the end
  --otlp URL           export traces, metrics and logs over OTLP/HTTP JSON to URL/v1/...
  --events FILE        append every event of the run to FILE as JSON lines
  --telemetry-config FILE  a telemetry config (JSON); the flags above override it
  --traceparent TP     W3C trace context: the run's span joins that trace
  -h, --help           this help

Exit status: the program's exit code, 128+N when signal N ended it, 2 for bad
arguments, 125 when the box could not be set up.
)";

std::string read_whole_file(const std::string& path, const char* what) {
    if (path == "-") {
        return std::string(std::istreambuf_iterator<char>(std::cin), {});
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw UsageError(std::string(what) + " '" + path + "' does not exist or is not a regular file");
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    if (!in) {
        throw UsageError(std::string("cannot read ") + what + " '" + path + "'");
    }
    return contents.str();
}

// validate() names the policy field that is out of range; say which option set it.
std::string with_option_name(const std::string& message) {
    static constexpr std::pair<std::string_view, std::string_view> options_by_field[] = {
        {"limits.memory_bytes", "--memory"},
        {"limits.cpu_time_ms", "--cpu-time"},
        {"limits.wall_timeout_ms", "--timeout"},
        {"limits.pids", "--pids"},
        {"limits.stdout_max_bytes", "--output-limit"},
        {"limits.stderr_max_bytes", "--output-limit"},
    };
    for (const auto& [field, option] : options_by_field) {
        if (message.starts_with(field)) {
            return std::string(option) + ": " + message;
        }
    }
    return message;
}

sandbox::SecurityPolicy make_policy(const RunOptions& options) {
    auto policy = sandbox::SecurityPolicy::for_level(options.level);
    auto& limits = policy.limits;
    if (options.memory_bytes) limits.memory_bytes = options.memory_bytes;
    if (options.cpu_time_ms) limits.cpu_time_ms = options.cpu_time_ms;
    if (options.wall_timeout_ms) limits.wall_timeout_ms = *options.wall_timeout_ms;
    if (options.pids) limits.pids = options.pids;
    if (options.output_limit_bytes) {
        limits.stdout_max_bytes = *options.output_limit_bytes;
        limits.stderr_max_bytes = *options.output_limit_bytes;
    }
    try {
        policy.validate();
    } catch (const sandbox::PolicyError& e) {
        throw UsageError(with_option_name(e.what()));
    }
    return policy;
}

std::string known_extensions() {
    std::string list;
    for (const auto& runtime : sandbox::RuntimeRegistry::builtin().all()) {
        for (const auto& extension : runtime.extensions) {
            list += (list.empty() ? "" : ", ") + extension;
        }
    }
    return list;
}

// The command for a source file. Throws UsageError for a file we cannot use, SetupError
// when its runtime's interpreter is missing on this host.
sandbox::Command command_for_file(const RunOptions& options, const sandbox::SecurityPolicy& policy) {
    const std::string& path = *options.file;
    std::string source = read_whole_file(path, "file");
    const sandbox::Runtime* runtime = sandbox::RuntimeRegistry::builtin().for_file(path);
    if (runtime == nullptr) {
        throw UsageError("no runtime for '" + path + "' (known extensions: " + known_extensions() +
                         "); to run a program use: sandbox-cli run -- COMMAND");
    }
    const std::string file_name = std::filesystem::path(path).filename().string();
    sandbox::Command command =
        sandbox::RuntimeRegistry::command_for_source(*runtime, file_name, std::move(source), policy.workdir);
    command.argv.insert(command.argv.end(), options.program_args.begin(), options.program_args.end());
    return command;
}

sandbox::Result setup_error_result(const std::string& message) {
    sandbox::Result result;
    result.status = sandbox::Status::setup_error;
    result.message = message;
    return result;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
    const RunOptions options = parse_run_args(args);
    if (options.help) {
        write_stdout(run_help);
        return 0;
    }
    const sandbox::SecurityPolicy policy = make_policy(options);
    // Read before building the command so that a bad --stdin is reported before anything.
    std::string stdin_data;
    if (options.stdin_file) {
        stdin_data = read_whole_file(*options.stdin_file, "--stdin file");
    }

    // Exporters flush at the end, whatever the outcome.
    const std::unique_ptr<sandbox::Telemetry> telemetry = start_telemetry(options.telemetry);
    sandbox::Result result;
    try {
        sandbox::Command command;
        if (options.file) {
            command = command_for_file(options, policy);
        } else {
            command.argv = options.command;
        }
        for (const auto& [name, value] : options.env) {
            command.env[name] = value;
        }
        for (const auto& name : options.env_pass) {
            command.pass_env(name);
        }
        command.stdin_data = std::move(stdin_data);
        command.validate();
        sandbox::Sandbox box(policy);
        if (telemetry) box.add_sink(telemetry->sink());
        result = box.run(command);
    } catch (const sandbox::PolicyError& e) {
        throw UsageError(e.what());
    } catch (const sandbox::SetupError& e) {
        result = setup_error_result(e.what());
    }
    if (telemetry) finish_telemetry(*telemetry);
    print_result(result, options.json);
    return result.cli_exit_code();
}

}  // namespace sandbox_cli
