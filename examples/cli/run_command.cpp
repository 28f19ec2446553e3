#include "run_command.hpp"

#include "cli_args.hpp"
#include "input_file.hpp"
#include "meta_file.hpp"
#include "monitor_command.hpp"
#include "output.hpp"
#include "serve/serving_run.hpp"

#include <sandbox/sandbox.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

namespace sandbox_cli {
namespace {

constexpr const char* run_help = R"(Usage: sandbox-cli run [OPTIONS] FILE [ARGS...]
       sandbox-cli run [OPTIONS] -- COMMAND [ARGS...]

Runs FILE with the runtime its extension names (.py python, .js node, .sh sh), its
contents placed in the box's workdir, or COMMAND as given, and prints what happened.
Words after FILE go to the program.

Policy (flags override the --config file; repeatable flags add to its lists):
  --security LEVEL       basic, standard (default), enhanced or maximum
  --config FILE          a policy as JSON (see 'sandbox-cli policy show LEVEL')
  --memory SIZE          memory limit of the whole box, e.g. 256M, 1G
  --cpu-time DURATION    CPU time limit, e.g. 2s, 500ms
  --timeout DURATION     wall-clock limit (default: the level's, 10s)
  --pids N               processes and threads the box may hold
  --fsize SIZE           largest file the program may write (RLIMIT_FSIZE)
  --nofile N             open file descriptors per process (RLIMIT_NOFILE)
  --address-space SIZE   virtual memory per process (RLIMIT_AS; not for node)
  --output-limit SIZE    cap on stdout and on stderr each (default 1M)
  --output-overflow MODE kill (default: the run ends) or truncate (keep the first bytes)
  --tmp-size SIZE        size of the box's /tmp
  --workdir-size SIZE    size of the box's workdir
  --network MODE         none (own network namespace, default) or host (basic only)
  --allow-read PATH      host path the program may read (enhanced, maximum; repeatable)
  --allow-write PATH     host path the program may also write (repeatable)
  --allow-exec PATH      host path the program may also execute (repeatable)
  --allow-net HOST[:PORT] host reachable through the box's HTTP proxy (enhanced; repeatable)
  --resolve HOST=ADDR[,ADDR...]  where the proxy connects for an allowed HOST, instead of
                         asking DNS (repeatable)
  --readonly PATH        host path bound read-only at the same place (repeatable)
  --keep-cap CAP         capability the program keeps, e.g. CAP_NET_BIND_SERVICE (repeatable)
  --hostname NAME        the box's hostname (default: sandbox)
  --workdir DIR          where the workdir is inside the box (default: /work)
  --host-uid N, --host-gid N  unprivileged host ids the box maps to (root supervisor)
  --seccomp MODE         none (basic only), denylist, allowlist or allowlist_kill
  --on-breach ACTION     report, terminate_on_critical or terminate

Program:
  --env NAME=VALUE       set a variable in the box (repeatable); nothing else is inherited
  --env-pass NAME        copy NAME from this environment, if set (repeatable)
  --stdin FILE           feed FILE to the program's stdin ('-' for this stdin)
  --file SRC[:DEST]      copy host file SRC into the workdir as DEST (default: its name)
  --chdir DIR            working directory inside the box (default: the workdir)

Output:
  --json                 print one JSON object (with security_events, breach_summary)
  --monitor              live dashboard of the run (one line per sample when stdout
                         is not a terminal), then the report; q kills the run
  --meta FILE            write isolate's meta-file (time, time-wall, cg-mem, status...)
  --metrics ADDR         serve Prometheus metrics on ADDR (PORT or HOST:PORT, loopback by
                         default) while the run lasts
  --push URL             push the metrics to a Prometheus Pushgateway at the end
  --otlp URL             export traces, metrics and logs over OTLP/HTTP JSON to URL/v1/...
  --events FILE          append every event of the run to FILE as JSON lines
  --telemetry-config FILE  a telemetry config (JSON); the flags above override it
  --serve ADDR           serve the run's status on ADDR (PORT or HOST:PORT, loopback by
                         default): /api/v1/snapshot (JSON), /api/v1/events (SSE)
  --serve-any            allow --serve on 0.0.0.0 or [::] (every interface)
  --serve-linger DURATION  keep serving the final snapshot this long after the run
                         (default 0: the endpoint closes with the run; SIGINT ends it)
  --traceparent TP       W3C trace context: the run's span joins that trace
  -h, --help             this help
  --version              print the version

Exit status: the program's exit code, 128+N when signal N ended it, 2 for bad
arguments, 125 when the box could not be set up.
)";

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

// --file SRC[:DEST]: the contents of each SRC by its DEST, read before anything starts.
std::map<std::string, std::string> read_copied_files(const std::vector<std::pair<std::string, std::string>>& files) {
    std::map<std::string, std::string> contents;
    for (const auto& [source, destination] : files) {
        if (contents.contains(destination)) {
            throw UsageError("--file: two files go to '" + destination + "' in the workdir");
        }
        contents[destination] = read_whole_file(source, "--file");
    }
    return contents;
}

void add_copied_files(const std::map<std::string, std::string>& files, sandbox::Command& command) {
    for (const auto& [destination, contents] : files) {
        if (command.files.contains(destination)) {
            throw UsageError("--file: '" + destination + "' is the name of the FILE being run");
        }
        command.files[destination] = contents;
    }
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
    if (options.version) {
        print_version();
        return 0;
    }
    const sandbox::SecurityPolicy policy = build_policy(options.policy);
    // Read before building the command so that a bad --stdin or --file is reported before anything.
    std::string stdin_data;
    if (options.stdin_file) {
        stdin_data = read_whole_file(*options.stdin_file, "--stdin file");
    }
    const std::map<std::string, std::string> copied_files = read_copied_files(options.files);
    std::optional<MetaFile> meta;
    if (options.meta_file) {
        meta.emplace(*options.meta_file);
    }

    // Checked before anything starts: a bad --serve is a usage error, not a failed run.
    const auto serve_endpoint = serve::listen_endpoint(options.telemetry.serve);
    if (serve_endpoint && options.monitor) {
        throw UsageError("--monitor and --serve cannot be combined (watch a serving run with "
                         "'sandbox-cli monitor --attach ADDR')");
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
        add_copied_files(copied_files, command);
        if (options.chdir) {
            command.working_dir = *options.chdir;
        }
        command.stdin_data = std::move(stdin_data);
        command.validate();
        sandbox::Sandbox box(policy);
        if (telemetry) box.add_sink(telemetry->sink());
        result = serve_endpoint ? serve::run_serving(box, command, *serve_endpoint,
                                                    options.telemetry.serve.linger.value_or(std::chrono::milliseconds(0)))
                 : options.monitor ? run_with_monitor(box, command)
                                   : box.run(command);
    } catch (const sandbox::PolicyError& e) {
        throw UsageError(e.what());
    } catch (const sandbox::SetupError& e) {
        result = setup_error_result(e.what());
    }
    if (telemetry) finish_telemetry(*telemetry);
    if (meta) meta->write(result);
    print_result(result, options.json);
    return result.cli_exit_code();
}

}  // namespace sandbox_cli
