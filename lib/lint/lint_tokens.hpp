// A tokenizer-lite for the linter: identifiers, string literals (their text), numbers and
// punctuation with their positions; comments dropped. Enough to match call patterns, not a
// parser.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sandbox::lint {

struct Token {
    enum Kind { identifier, string, number, punct } kind = punct;
    std::string text;  // a string literal's contents without quotes or prefix
    int line = 1;
    int column = 1;

    bool is(Kind k, std::string_view t) const { return kind == k && text == t; }
    bool is_punct(std::string_view t) const { return is(punct, t); }
};

// Python: # comments; '..', "..", triple-quoted and prefixed (r, b, f, u...) strings.
std::vector<Token> tokenize_python(std::string_view source);
// JavaScript: // and /* */ comments; '..', "..", template literals (their ${...} parts are
// tokenized as code) and regular expression literals (skipped).
std::vector<Token> tokenize_javascript(std::string_view source);

}  // namespace sandbox::lint
