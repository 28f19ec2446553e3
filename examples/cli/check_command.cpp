#include "check_command.hpp"

#include "cli_args.hpp"
#include "output.hpp"

#include <sandbox/host.hpp>

namespace sandbox_cli {
namespace {

constexpr const char* check_help = R"(Usage: sandbox-cli check [--json]

Detects what this host offers the sandbox (user namespaces, clone3, pidfd, seccomp,
Landlock, cgroup hierarchies and controllers) and what replaces what is missing.

Options:
  --json      print one JSON object instead of text
  -h, --help  this help
  --version   print the version
)";

}  // namespace

int check_command(const std::vector<std::string>& args) {
    const CheckOptions options = parse_check_args(args);
    if (options.help) {
        write_stdout(check_help);
        return 0;
    }
    if (options.version) {
        print_version();
        return 0;
    }
    const sandbox::HostCapabilities host = sandbox::check_host();
    std::string text = options.json ? host.to_json() : host.to_text();
    if (text.empty() || text.back() != '\n') {
        text += '\n';
    }
    write_stdout(text);
    return 0;
}

}  // namespace sandbox_cli
