// The source linter: a static look at Python or JavaScript source for dangerous patterns
// (running commands, eval, native code, sockets, file writes...). Advisory only: its findings
// go into a Result for people to read; it is never a boundary, the box is. Obfuscated code
// passes it easily.
#pragma once

#include <sandbox/event.hpp>
#include <sandbox/export.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace sandbox {

struct LintFinding {
    int line = 0;    // 1-based
    int column = 0;  // 1-based, in bytes
    std::string rule;  // e.g. "os.system", "subprocess", "child_process", "fs_write"
    Severity severity = Severity::low;
    std::string message;

    // {"line":..,"column":..,"rule":"..","severity":"..","message":".."}
    SANDBOX_API std::string to_json() const;
};

// True for the languages lint_source knows: "python" and "javascript".
SANDBOX_API bool lint_supported(std::string_view language);

// Findings in source order. Comments and the text of string literals are not code and are not
// flagged; imports under another name (`import subprocess as sp`, `const cp =
// require('child_process')`) are followed. Throws PolicyError for another language.
SANDBOX_API std::vector<LintFinding> lint_source(std::string_view language, std::string_view source);

}  // namespace sandbox
