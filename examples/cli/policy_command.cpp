#include "policy_command.hpp"

#include "cli_args.hpp"
#include "output.hpp"

namespace sandbox_cli {
namespace {

constexpr const char* policy_help = R"(Usage: sandbox-cli policy show [LEVEL] [--config FILE] [POLICY FLAGS...]

Prints the effective policy as one JSON object: the level's defaults (basic, standard,
enhanced or maximum), or the --config FILE with its omitted keys taken from LEVEL, then
the policy flags of 'sandbox-cli run' (--memory, --allow-read, ...). The output is
accepted back by 'sandbox-cli run --config FILE'.

Options:
  --config FILE  a policy as JSON
  -h, --help     this help
  --version      print the version
)";

}  // namespace

int policy_command(const std::vector<std::string>& args) {
    if (args.empty()) {
        throw UsageError("policy needs a subcommand: show (try 'sandbox-cli policy --help')");
    }
    const std::string& subcommand = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (subcommand == "-h" || subcommand == "--help") {
        write_stdout(policy_help);
        return 0;
    }
    if (subcommand == "--version") {
        print_version();
        return 0;
    }
    if (subcommand != "show") {
        throw UsageError("unknown policy subcommand '" + subcommand + "' (the one there is: show)");
    }
    const PolicyShowOptions options = parse_policy_show_args(rest);
    if (options.help) {
        write_stdout(policy_help);
        return 0;
    }
    if (options.version) {
        print_version();
        return 0;
    }
    write_stdout(build_policy(options.policy).to_json() + "\n");
    return 0;
}

}  // namespace sandbox_cli
