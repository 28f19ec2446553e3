// Matching resolved names against a rule table, shared by both languages.
#include "lint_rules.hpp"

namespace sandbox::lint {

const Rule* find_rule(std::span<const Rule> rules, const std::string& name) {
    for (const Rule& r : rules) {
        bool hit = false;
        switch (r.match) {
            case Rule::exact: hit = name == r.pattern; break;
            case Rule::module:
                hit = name == r.pattern || (name.size() > r.pattern.size() && name.starts_with(r.pattern) &&
                                            name[r.pattern.size()] == '.');
                break;
            case Rule::stem: hit = name.starts_with(r.pattern) && name.find('.', r.pattern.size()) == std::string::npos; break;
        }
        if (hit) return &r;
    }
    return nullptr;
}

LintFinding make_finding(const Token& at, const Rule& rule, const std::string& written, const std::string& resolved) {
    std::string name = written == resolved ? written : written + " (" + resolved + ")";
    return LintFinding{at.line, at.column, std::string(rule.rule), rule.severity, name + " " + std::string(rule.what)};
}

std::string read_dotted(const std::vector<Token>& tokens, std::size_t i, std::size_t& end) {
    std::string name = tokens[i].text;
    end = i + 1;
    while (end + 1 < tokens.size() && tokens[end].is_punct(".") && tokens[end + 1].kind == Token::identifier) {
        name += "." + tokens[end + 1].text;
        end += 2;
    }
    return name;
}

std::string resolve(const Aliases& aliases, const std::string& dotted) {
    std::size_t dot = dotted.find('.');
    std::string head = dotted.substr(0, dot);
    auto it = aliases.find(head);
    if (it == aliases.end()) return dotted;
    return dot == std::string::npos ? it->second : it->second + dotted.substr(dot);
}

}  // namespace sandbox::lint
