// JavaScript rules: require() and import bindings are read first, then every dotted name is
// resolved and matched. `require('m')` used in place (`require('fs').rmSync(...)`) counts as m.
#include "lint_rules.hpp"

#include <array>
#include <set>

namespace sandbox::lint {
namespace {

using S = Severity;
constexpr std::array javascript_rules = {
    Rule{"child_process", Rule::module, "child_process", S::high, "starts programs"},
    Rule{"vm", Rule::module, "vm", S::medium, "runs code built at run time"},
    Rule{"net", Rule::module, "network", S::medium, "opens network connections"},
    Rule{"http", Rule::module, "network", S::medium, "opens network connections"},
    Rule{"https", Rule::module, "network", S::medium, "opens network connections"},
    Rule{"http2", Rule::module, "network", S::medium, "opens network connections"},
    Rule{"dgram", Rule::module, "network", S::medium, "opens network sockets"},
    Rule{"tls", Rule::module, "network", S::medium, "opens network connections"},
    Rule{"worker_threads", Rule::module, "worker_threads", S::low, "runs code in other threads"},
    Rule{"eval", Rule::exact, "eval", S::high, "runs code built at run time"},
    Rule{"globalThis.eval", Rule::exact, "eval", S::high, "runs code built at run time"},
    Rule{"Function", Rule::exact, "Function", S::high, "builds a function from a string"},
    Rule{"process.binding", Rule::exact, "process.binding", S::high, "reaches Node's native internals"},
    Rule{"process.dlopen", Rule::exact, "process.binding", S::high, "loads native code"},
    Rule{"process.kill", Rule::exact, "process.kill", S::medium, "sends a signal"},
};

// fs calls that write, create or remove (callback, Sync and promises forms).
constexpr std::array fs_writes = {
    std::string_view{"writeFile"}, std::string_view{"appendFile"}, std::string_view{"unlink"},
    std::string_view{"rm"},        std::string_view{"rmdir"},      std::string_view{"rename"},
    std::string_view{"truncate"},  std::string_view{"copyFile"},   std::string_view{"cp"},
    std::string_view{"chmod"},     std::string_view{"chown"},      std::string_view{"symlink"},
    std::string_view{"link"},      std::string_view{"createWriteStream"}, std::string_view{"write"},
};

bool is_fs_write(const std::string& resolved) {
    if (!resolved.starts_with("fs.")) return false;
    std::string last = resolved.substr(resolved.rfind('.') + 1);
    if (last.ends_with("Sync")) last.resize(last.size() - 4);
    for (auto w : fs_writes)
        if (last == w) return true;
    return false;
}

// "node:fs" -> "fs", "fs/promises" -> "fs.promises".
std::string module_name(std::string text) {
    if (text.starts_with("node:")) text = text.substr(5);
    for (char& c : text)
        if (c == '/') c = '.';
    return text;
}

// `require ( 'm' )` at tokens[i]: the module, else "".
std::string required_module(const std::vector<Token>& t, std::size_t i) {
    if (!t[i].is(Token::identifier, "require") && !t[i].is(Token::identifier, "import")) return "";
    if (i + 3 >= t.size() || !t[i + 1].is_punct("(") || t[i + 2].kind != Token::string || !t[i + 3].is_punct(")"))
        return "";
    return module_name(t[i + 2].text);
}

struct Bindings {
    Aliases aliases;
    std::set<std::size_t> declarations;  // tokens that bind names (`cp =`, `{ a: b } =`, import statements)
    std::vector<std::pair<std::size_t, std::string>> imported;  // (token index, module)
};

// `{ a, b: c }` ending at the `}` tokens[close]: binds each local to module.member.
void bind_destructured(const std::vector<Token>& t, std::size_t close, const std::string& module, Bindings& out,
                       std::string_view rename) {
    std::size_t open = close;
    while (open > 0 && !t[open].is_punct("{")) --open;
    for (std::size_t k = open; k <= close; ++k) out.declarations.insert(k);
    for (std::size_t k = open + 1; k < close; ++k) {
        if (t[k].kind != Token::identifier) continue;
        std::string member = t[k].text;
        std::string local = member;
        if (k + 2 < close && (t[k + 1].is_punct(":") || t[k + 1].is(Token::identifier, rename)) &&
            t[k + 2].kind == Token::identifier) {
            local = t[k + 2].text;
            k += 2;
        }
        out.aliases[local] = module + "." + member;
    }
}

// `import x, { a as b } from 'm'`, `import * as x from 'm'`, `import 'm'` at tokens[i].
void read_import_statement(const std::vector<Token>& t, std::size_t i, Bindings& out) {
    std::size_t j = i + 1;
    while (j < t.size() && !t[j].is(Token::identifier, "from") && t[j].kind != Token::string) ++j;
    if (j < t.size() && t[j].kind != Token::string) ++j;
    if (j >= t.size() || t[j].kind != Token::string) return;
    std::string module = module_name(t[j].text);
    out.imported.emplace_back(i, module);
    for (std::size_t k = i; k <= j; ++k) out.declarations.insert(k);
    for (std::size_t k = i + 1; k < j; ++k) {
        if (t[k].is_punct("}")) bind_destructured(t, k, module, out, "as");
        if (t[k].is_punct("*") && k + 2 < j && t[k + 2].kind == Token::identifier) out.aliases[t[k + 2].text] = module;
        bool default_import = t[k].kind == Token::identifier && t[k].text != "from" && t[k].text != "as" &&
                              (t[k - 1].is(Token::identifier, "import") && (k + 1 < j) &&
                               (t[k + 1].is_punct(",") || t[k + 1].is(Token::identifier, "from")));
        if (default_import) out.aliases[t[k].text] = module;
    }
}

// `function eval(...)` or a method `eval(...) { ... }`: a definition, not a use.
bool defines_function(const std::vector<Token>& t, std::size_t i) {
    if (i > 0 && t[i - 1].is(Token::identifier, "function")) return true;
    if (i + 1 >= t.size() || !t[i + 1].is_punct("(")) return false;
    int depth = 0;
    for (std::size_t k = i + 1; k < t.size(); ++k) {
        if (t[k].is_punct("(")) ++depth;
        if (t[k].is_punct(")") && --depth == 0) return k + 1 < t.size() && t[k + 1].is_punct("{");
    }
    return false;
}

Bindings read_bindings(const std::vector<Token>& t) {
    Bindings out;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (i > 0 && t[i - 1].is_punct(".")) continue;
        if (t[i].is(Token::identifier, "import") && !(i + 1 < t.size() && t[i + 1].is_punct("("))) {
            read_import_statement(t, i, out);
            continue;
        }
        std::string module = required_module(t, i);
        if (module.empty()) continue;
        out.imported.emplace_back(i, module);
        if (i >= 2 && t[i - 1].is_punct("=") && t[i - 2].kind == Token::identifier) {
            out.aliases[t[i - 2].text] = module;
            out.declarations.insert(i - 2);
        }
        else if (i >= 2 && t[i - 1].is_punct("=") && t[i - 2].is_punct("}"))
            bind_destructured(t, i - 2, module, out, ":");
    }
    return out;
}

}  // namespace

std::vector<LintFinding> javascript_findings(const std::vector<Token>& t) {
    Bindings bindings = read_bindings(t);
    std::vector<LintFinding> findings;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind != Token::identifier || (i > 0 && t[i - 1].is_punct("."))) continue;
        if (bindings.declarations.count(i) || defines_function(t, i)) continue;
        std::size_t end = 0;
        std::string written, resolved;
        if (std::string module = required_module(t, i); !module.empty()) {
            // The require itself, then an fs write used in place (`require('fs').rmSync`).
            written = t[i].text + "('" + t[i + 2].text + "')";
            resolved = module;
            if (const Rule* r = find_rule(javascript_rules, module))
                findings.push_back(make_finding(t[i], *r, written, module));
            end = i + 4;
            while (end + 1 < t.size() && t[end].is_punct(".") && t[end + 1].kind == Token::identifier) {
                written += "." + t[end + 1].text;
                resolved += "." + t[end + 1].text;
                end += 2;
            }
            if (is_fs_write(resolved))
                findings.push_back({t[i].line, t[i].column, "fs_write", Severity::medium,
                                    written + " writes or removes files"});
            i = end - 1;
            continue;
        }
        written = read_dotted(t, i, end);
        resolved = resolve(bindings.aliases, written);
        if (is_fs_write(resolved)) {
            findings.push_back({t[i].line, t[i].column, "fs_write", Severity::medium,
                                written + (written == resolved ? "" : " (" + resolved + ")") +
                                    " writes or removes files"});
        } else if (const Rule* r = find_rule(javascript_rules, resolved)) {
            bool callable_rule = r->pattern == "eval" || r->pattern == "Function";
            bool call = end < t.size() && t[end].is_punct("(");
            if (!callable_rule || call) findings.push_back(make_finding(t[i], *r, written, resolved));
        }
        i = end - 1;
    }
    for (const auto& [index, module] : bindings.imported) {
        if (!t[index].is(Token::identifier, "import") || t[index + 1].is_punct("(")) continue;
        if (const Rule* r = find_rule(javascript_rules, module))
            findings.push_back(make_finding(t[index], *r, "import of " + module, "import of " + module));
    }
    return findings;
}

}  // namespace sandbox::lint
