// The linter's rule tables and the matching shared by both languages: a dotted name as written
// (`sp.run`) is resolved through the file's imports (`subprocess.run`) and looked up.
#pragma once

#include "lint_tokens.hpp"

#include <sandbox/lint.hpp>

#include <map>
#include <span>
#include <string>
#include <vector>

namespace sandbox::lint {

struct Rule {
    enum Match {
        exact,   // the name itself
        module,  // the name or anything under it ("subprocess", "subprocess.run")
        stem,    // any name starting with the pattern ("os.exec" covers os.execv, os.execlp)
    };
    std::string_view pattern;
    Match match;
    std::string_view rule;
    Severity severity;
    std::string_view what;  // completes "<name> ...", e.g. "runs a shell command"
};

// Local names bound by imports: name -> what it stands for ("sp" -> "subprocess").
using Aliases = std::map<std::string, std::string>;

// The first rule matching the resolved dotted `name`, or nullptr.
const Rule* find_rule(std::span<const Rule> rules, const std::string& name);

LintFinding make_finding(const Token& at, const Rule& rule, const std::string& written, const std::string& resolved);

// Reads `a.b.c` from tokens[i] on (an identifier); returns the name and sets `end` past it.
std::string read_dotted(const std::vector<Token>& tokens, std::size_t i, std::size_t& end);

// Resolves the head of a dotted name through `aliases`.
std::string resolve(const Aliases& aliases, const std::string& dotted);

std::vector<LintFinding> python_findings(const std::vector<Token>& tokens);
std::vector<LintFinding> javascript_findings(const std::vector<Token>& tokens);

}  // namespace sandbox::lint
