// sandbox-cli: runs a program in a rusty-sandbox box from the shell. Dispatches to the
// subcommands; every usage error ends here as "sandbox-cli: error: ..." with exit code 2.
#include "check_command.hpp"
#include "cli_args.hpp"
#include "monitor_command.hpp"
#include "lint_command.hpp"
#include "output.hpp"
#include "policy_command.hpp"
#include "run_command.hpp"

#include <exception>
#include <string>
#include <vector>

namespace {

constexpr int exit_usage = 2;
constexpr int exit_internal = 125;

constexpr const char* main_help = R"(Usage: sandbox-cli COMMAND [OPTIONS]

Runs untrusted programs in a box built from Linux namespaces, seccomp, Landlock,
rlimits and cgroups, and reports what happened.

Commands:
  run     run a file or a command in a box (sandbox-cli run --help)
  check   tell what this host offers the sandbox (sandbox-cli check --help)
  monitor live dashboard of a process tree (sandbox-cli monitor --help)
  lint    look at Python or JavaScript source for dangerous patterns (sandbox-cli lint --help)
  policy  show the effective policy of a level as JSON (sandbox-cli policy --help)

Options:
  -h, --help   this help
  --version    print the version
)";

int dispatch(const std::vector<std::string>& words) {
    if (words.empty()) {
        throw sandbox_cli::UsageError("no command given (try 'sandbox-cli --help')");
    }
    const std::string& name = words.front();
    const std::vector<std::string> rest(words.begin() + 1, words.end());
    if (name == "run") {
        return sandbox_cli::run_command(rest);
    }
    if (name == "check") {
        return sandbox_cli::check_command(rest);
    }
    if (name == "monitor") {
        return sandbox_cli::monitor_command(rest);
    }
    if (name == "lint") {
        return sandbox_cli::lint_command(rest);
    }
    if (name == "policy") {
        return sandbox_cli::policy_command(rest);
    }
    if (name == "-h" || name == "--help" || name == "help") {
        sandbox_cli::write_stdout(main_help);
        return 0;
    }
    if (name == "--version") {
        sandbox_cli::print_version();
        return 0;
    }
    throw sandbox_cli::UsageError("unknown command '" + name + "' (try 'sandbox-cli --help')");
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return dispatch(std::vector<std::string>(argv + 1, argv + argc));
    } catch (const sandbox_cli::UsageError& e) {
        sandbox_cli::print_error(e.what());
        return exit_usage;
    } catch (const std::exception& e) {
        sandbox_cli::print_error(std::string("internal error: ") + e.what());
        return exit_internal;
    }
}
