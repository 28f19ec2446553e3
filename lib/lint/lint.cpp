// lint_source: picks the language's tokenizer and rules, orders the findings.
#include "../utf8.hpp"
#include "lint_rules.hpp"

#include <sandbox/error.hpp>
#include <sandbox/lint.hpp>

#include <boost/json.hpp>

#include <algorithm>

namespace sandbox {

std::string LintFinding::to_json() const {
    boost::json::object obj{{"line", line}, {"column", column}, {"rule", rule},
                            {"severity", to_string(severity)}, {"message", to_valid_utf8(message)}};
    return boost::json::serialize(obj);
}

bool lint_supported(std::string_view language) { return language == "python" || language == "javascript"; }

std::vector<LintFinding> lint_source(std::string_view language, std::string_view source) {
    std::vector<LintFinding> findings;
    if (language == "python")
        findings = lint::python_findings(lint::tokenize_python(source));
    else if (language == "javascript")
        findings = lint::javascript_findings(lint::tokenize_javascript(source));
    else
        throw PolicyError("the linter knows python and javascript, not '" + std::string(language) + "'");
    std::stable_sort(findings.begin(), findings.end(), [](const LintFinding& a, const LintFinding& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return findings;
}

}  // namespace sandbox
