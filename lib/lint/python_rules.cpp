// Python rules: imports are read first (aliases, `from m import *`), then every dotted name
// outside an import statement is resolved and matched.
#include "lint_rules.hpp"

#include <array>
#include <set>

namespace sandbox::lint {
namespace {

using S = Severity;
constexpr std::array python_rules = {
    Rule{"os.system", Rule::exact, "os.system", S::high, "runs a shell command"},
    Rule{"os.popen", Rule::exact, "os.popen", S::high, "runs a shell command"},
    Rule{"os.exec", Rule::stem, "os.exec", S::high, "replaces the process with another program"},
    Rule{"os.spawn", Rule::stem, "os.spawn", S::high, "starts a program"},
    Rule{"os.posix_spawn", Rule::stem, "os.spawn", S::high, "starts a program"},
    Rule{"os.fork", Rule::exact, "os.fork", S::medium, "forks the process"},
    Rule{"os.kill", Rule::exact, "os.kill", S::medium, "sends a signal"},
    Rule{"os.killpg", Rule::exact, "os.kill", S::medium, "sends a signal"},
    Rule{"os.remove", Rule::exact, "os.remove", S::low, "deletes a file"},
    Rule{"os.unlink", Rule::exact, "os.remove", S::low, "deletes a file"},
    Rule{"os.rmdir", Rule::exact, "os.remove", S::low, "deletes a directory"},
    Rule{"shutil.rmtree", Rule::exact, "shutil.rmtree", S::medium, "deletes a directory tree"},
    Rule{"subprocess", Rule::module, "subprocess", S::high, "starts programs"},
    Rule{"pty", Rule::module, "pty", S::high, "starts programs on a terminal"},
    Rule{"ctypes", Rule::module, "ctypes", S::high, "calls native code"},
    Rule{"cffi", Rule::module, "ctypes", S::high, "calls native code"},
    Rule{"socket", Rule::module, "socket", S::medium, "opens network sockets"},
    Rule{"importlib", Rule::module, "importlib", S::medium, "imports modules by computed name"},
    Rule{"pickle.loads", Rule::exact, "pickle.loads", S::medium, "can run code hidden in its data"},
    Rule{"pickle.load", Rule::exact, "pickle.loads", S::medium, "can run code hidden in its data"},
    Rule{"marshal.loads", Rule::exact, "pickle.loads", S::medium, "loads code objects"},
    Rule{"eval", Rule::exact, "eval", S::high, "runs code built at run time"},
    Rule{"exec", Rule::exact, "exec", S::high, "runs code built at run time"},
    Rule{"compile", Rule::exact, "compile", S::medium, "compiles code built at run time"},
    Rule{"__import__", Rule::exact, "__import__", S::medium, "imports a module by computed name"},
    Rule{"builtins.eval", Rule::exact, "eval", S::high, "runs code built at run time"},
    Rule{"builtins.exec", Rule::exact, "exec", S::high, "runs code built at run time"},
};

// Names that are only a finding as builtins called bare, not as attributes of something.
const std::set<std::string> bare_builtins = {"eval", "exec", "compile", "__import__", "open"};

struct Imports {
    Aliases aliases;
    std::vector<std::string> star_modules;
    std::set<std::size_t> import_tokens;  // indices of tokens inside import statements
    std::vector<std::pair<std::size_t, std::string>> imported;  // (token index, module or module.name)
    std::map<std::size_t, int> statement_of;  // imported token index -> its statement's number
};

// After `from` at tokens[i]: the index of the `import` keyword of a `from m import ...`
// statement, or 0 when this `from` belongs to `yield from` or `raise E from e`.
std::size_t from_import_keyword(const std::vector<Token>& t, std::size_t i) {
    std::size_t j = i + 1;
    while (j < t.size() && t[j].is_punct(".")) ++j;  // relative: `from . import x`, `from ..m import x`
    if (j < t.size() && t[j].kind == Token::identifier && t[j].text != "import") read_dotted(t, j, j);
    return j < t.size() && t[j].is(Token::identifier, "import") ? j : 0;
}

// Reads `import a.b as c, d` or `from m import (x as y, z)` / `*` starting at tokens[i];
// returns the index past it.
std::size_t read_import(const std::vector<Token>& t, std::size_t i, std::size_t keyword, Imports& out) {
    std::string from;
    if (keyword != i && t[i + 1].kind == Token::identifier) {
        std::size_t ignored = 0;
        from = read_dotted(t, i + 1, ignored);
    }
    std::size_t j = keyword + 1;
    while (j < t.size()) {
        if (t[j].is_punct("(") || t[j].is_punct(",")) {
            ++j;
            continue;
        }
        if (t[j].is_punct("*")) {
            if (!from.empty()) out.star_modules.push_back(from);
            out.imported.emplace_back(j, from);
            out.statement_of[j] = static_cast<int>(i);
            ++j;
            break;
        }
        if (t[j].kind != Token::identifier) break;
        std::size_t at = j;
        std::string name = read_dotted(t, j, j);
        std::string full = from.empty() ? name : from + "." + name;
        // `import a.b` binds `a`; `from m import x` binds x to m.x.
        std::string local = from.empty() ? name.substr(0, name.find('.')) : name;
        std::string stands_for = from.empty() ? local : full;
        if (j + 1 < t.size() && t[j].is(Token::identifier, "as") && t[j + 1].kind == Token::identifier) {
            local = t[j + 1].text;
            stands_for = full;
            j += 2;
        }
        if (local != stands_for) out.aliases[local] = stands_for;
        out.imported.emplace_back(at, full);
        out.statement_of[at] = static_cast<int>(i);
        if (j >= t.size() || !t[j].is_punct(",")) {
            if (j < t.size() && t[j].is_punct(")")) ++j;
            break;
        }
    }
    for (std::size_t k = i; k < j; ++k) out.import_tokens.insert(k);
    return j;
}

Imports read_imports(const std::vector<Token>& t) {
    Imports imports;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind != Token::identifier || (i > 0 && t[i - 1].is_punct("."))) continue;
        std::size_t keyword = 0;
        if (t[i].text == "import") keyword = i;
        else if (t[i].text == "from") keyword = from_import_keyword(t, i);
        if (keyword == 0 && t[i].text != "import") continue;
        i = read_import(t, i, keyword, imports) - 1;
    }
    return imports;
}

// `open(path, "w")`, `open(path, mode="a")`: a literal mode that writes.
bool opens_for_writing(const std::vector<Token>& t, std::size_t open_paren) {
    int depth = 0;
    int arg = 0;
    for (std::size_t k = open_paren; k < t.size(); ++k) {
        const Token& tok = t[k];
        if (tok.is_punct("(") || tok.is_punct("[") || tok.is_punct("{")) ++depth;
        if (tok.is_punct(")") || tok.is_punct("]") || tok.is_punct("}")) {
            if (--depth == 0) return false;
        }
        if (depth != 1) continue;
        if (tok.is_punct(",")) ++arg;
        bool positional_mode = arg == 1 && t[k - 1].is_punct(",");
        bool keyword_mode = k >= 2 && t[k - 1].is_punct("=") && t[k - 2].is(Token::identifier, "mode");
        if (tok.kind == Token::string && (positional_mode || keyword_mode))
            return tok.text.find_first_of("wax+") != std::string::npos;
    }
    return false;
}

}  // namespace

std::vector<LintFinding> python_findings(const std::vector<Token>& t) {
    Imports imports = read_imports(t);
    std::vector<LintFinding> findings;
    // One finding per import statement and rule: `from socket import socket, AF_INET` is one.
    std::set<std::pair<int, std::string_view>> reported;
    for (const auto& [index, module] : imports.imported) {
        const Rule* r = find_rule(python_rules, module);
        if (!r || !reported.emplace(imports.statement_of.at(index), r->rule).second) continue;
        findings.push_back(make_finding(t[index], *r, "import of " + module, "import of " + module));
    }

    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].kind != Token::identifier || imports.import_tokens.count(i)) continue;
        bool attribute = i > 0 && t[i - 1].is_punct(".");
        bool defined = i > 0 && (t[i - 1].is(Token::identifier, "def") || t[i - 1].is(Token::identifier, "class"));
        if (defined) continue;
        if (attribute) {
            // pathlib's Path.write_text / write_bytes on any object.
            bool call = i + 1 < t.size() && t[i + 1].is_punct("(");
            if (call && (t[i].text == "write_text" || t[i].text == "write_bytes"))
                findings.push_back({t[i].line, t[i].column, "open_write", Severity::low,
                                    "." + t[i].text + " writes a file"});
            continue;
        }
        std::size_t end = 0;
        std::string written = read_dotted(t, i, end);
        bool call = end < t.size() && t[end].is_punct("(");
        std::string resolved = resolve(imports.aliases, written);
        if (resolved == written && !imports.aliases.count(written.substr(0, written.find('.')))) {
            // A bare name may come from `from m import *`.
            for (const auto& m : imports.star_modules)
                if (find_rule(python_rules, m + "." + written)) resolved = m + "." + written;
        }
        bool bare = resolved.find('.') == std::string::npos;
        if (bare && bare_builtins.count(resolved) && !call) {
            i = end - 1;
            continue;
        }
        if (resolved == "open" || resolved == "io.open" || resolved == "builtins.open") {
            if (call && opens_for_writing(t, end))
                findings.push_back({t[i].line, t[i].column, "open_write", Severity::low,
                                    written + "(...) opens a file for writing"});
        } else if (const Rule* r = find_rule(python_rules, resolved)) {
            findings.push_back(make_finding(t[i], *r, written, resolved));
        }
        i = end - 1;
    }
    return findings;
}

}  // namespace sandbox::lint
