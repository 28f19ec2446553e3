#include "lint_command.hpp"

#include "cli_args.hpp"
#include "input_file.hpp"
#include "output.hpp"

#include <sandbox/error.hpp>
#include <sandbox/lint.hpp>
#include <sandbox/runtime.hpp>

#include <boost/json.hpp>

namespace sandbox_cli {
namespace {

constexpr const char* lint_help = R"(Usage: sandbox-cli lint [OPTIONS] FILE

Looks at Python or JavaScript source for dangerous patterns (running commands, eval,
native code, sockets, file writes...). Advisory only: obfuscated code passes it easily;
the box is the boundary. FILE '-' reads stdin (then --language is needed).

Options:
  --language LANG  python or javascript (default: from FILE's extension)
  --json           print one JSON object: {"file", "language", "findings": [...]}
  -h, --help       this help
  --version        print the version

Exit status: 0 when nothing was found, 1 when there are findings, 2 for bad arguments.
)";

// The linter's language for --language or the file's extension.
std::string language_of(const LintOptions& options) {
    const auto& registry = sandbox::RuntimeRegistry::builtin();
    if (options.language) {
        const sandbox::Runtime* runtime = registry.by_name(*options.language);
        if (runtime == nullptr || !sandbox::lint_supported(runtime->name)) {
            throw UsageError("--language: the linter knows python and javascript, not '" + *options.language + "'");
        }
        return runtime->name;
    }
    if (options.file == "-") {
        throw UsageError("lint of stdin needs --language (python or javascript)");
    }
    const sandbox::Runtime* runtime = registry.for_file(options.file);
    if (runtime == nullptr || !sandbox::lint_supported(runtime->name)) {
        throw UsageError("cannot tell the language of '" + options.file +
                         "' (the linter knows .py, .js, .mjs and .cjs); give --language");
    }
    return runtime->name;
}

// "FILE:LINE:COLUMN: SEVERITY: MESSAGE [RULE]", the compilers' format editors understand.
std::string findings_as_text(const std::string& file, const std::vector<sandbox::LintFinding>& findings) {
    std::string text;
    const bool colour = stdout_wants_colour();
    for (const auto& finding : findings) {
        std::string severity(sandbox::to_string(finding.severity));
        if (colour) {
            severity = coloured(severity, finding.severity >= sandbox::Severity::high ? Colour::red : Colour::yellow);
        }
        text += file + ":" + std::to_string(finding.line) + ":" + std::to_string(finding.column) + ": " + severity +
                ": " + finding.message + " [" + finding.rule + "]\n";
    }
    return text;
}

std::string findings_as_json(const std::string& file, const std::string& language,
                             const std::vector<sandbox::LintFinding>& findings) {
    boost::json::array list;
    for (const auto& finding : findings) {
        list.push_back(boost::json::parse(finding.to_json()));
    }
    boost::json::object report{{"file", file}, {"language", language}, {"findings", std::move(list)}};
    return boost::json::serialize(report) + "\n";
}

}  // namespace

int lint_command(const std::vector<std::string>& args) {
    const LintOptions options = parse_lint_args(args);
    if (options.help) {
        write_stdout(lint_help);
        return 0;
    }
    if (options.version) {
        print_version();
        return 0;
    }
    const std::string language = language_of(options);
    const std::string source = read_whole_file(options.file, "file");
    const std::vector<sandbox::LintFinding> findings = sandbox::lint_source(language, source);
    write_stdout(options.json ? findings_as_json(options.file, language, findings)
                              : findings_as_text(options.file, findings));
    return findings.empty() ? 0 : 1;
}

}  // namespace sandbox_cli
