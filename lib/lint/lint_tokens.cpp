// The linter's tokenizers for Python and JavaScript.
#include "lint_tokens.hpp"

#include <cctype>

namespace sandbox::lint {
namespace {

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$' || (c & 0x80); }
bool ident_char(char c) { return ident_start(c) || std::isdigit(static_cast<unsigned char>(c)); }

// A position in the source that keeps line and column.
class Cursor {
public:
    explicit Cursor(std::string_view s) : s_(s) {}
    bool done() const { return i_ >= s_.size(); }
    char peek(std::size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }
    bool starts(std::string_view t) const { return s_.substr(i_, t.size()) == t; }
    char next() {
        char c = s_[i_++];
        if (c == '\n') {
            ++line_;
            column_ = 1;
        } else {
            ++column_;
        }
        return c;
    }
    void skip(std::size_t n) {
        for (std::size_t k = 0; k < n && !done(); ++k) next();
    }
    Token start(Token::Kind kind) const { return Token{kind, {}, line_, column_}; }

private:
    std::string_view s_;
    std::size_t i_ = 0;
    int line_ = 1, column_ = 1;
};

// Reads up to the closing `quote` (a string of 1 or 3 characters), honouring backslashes.
// An unterminated literal ends at the end of the line (single) or of the source (triple).
std::string read_quoted(Cursor& c, std::string_view quote) {
    std::string text;
    while (!c.done()) {
        if (c.starts(quote)) {
            c.skip(quote.size());
            return text;
        }
        if (quote.size() == 1 && c.peek() == '\n') return text;
        if (c.peek() == '\\' && !c.done()) {
            c.next();
            if (c.done()) break;
        }
        text += c.next();
    }
    return text;
}

void read_identifier(Cursor& c, Token& t) {
    while (!c.done() && ident_char(c.peek())) t.text += c.next();
}

void read_number(Cursor& c, Token& t) {
    while (!c.done() && (std::isalnum(static_cast<unsigned char>(c.peek())) || c.peek() == '.' || c.peek() == '_'))
        t.text += c.next();
}

bool is_python_prefix(const std::string& word) {
    if (word.size() > 2) return false;
    for (char ch : word)
        if (std::string_view("rRbBfFuU").find(ch) == std::string_view::npos) return false;
    return true;
}

// Whether a `/` after `prev` starts a regular expression rather than a division.
bool regex_allowed_after(const std::vector<Token>& tokens) {
    if (tokens.empty()) return true;
    const Token& prev = tokens.back();
    if (prev.kind == Token::number || prev.kind == Token::string) return false;
    if (prev.kind == Token::identifier)
        return prev.text == "return" || prev.text == "typeof" || prev.text == "case" || prev.text == "in" ||
               prev.text == "of" || prev.text == "delete" || prev.text == "void" || prev.text == "throw";
    return !(prev.text == ")" || prev.text == "]" || prev.text == "}");
}

void skip_regex(Cursor& c) {
    c.next();  // the opening /
    bool in_class = false;
    while (!c.done() && c.peek() != '\n') {
        char ch = c.next();
        if (ch == '\\') {
            if (!c.done()) c.next();
        } else if (ch == '[') {
            in_class = true;
        } else if (ch == ']') {
            in_class = false;
        } else if (ch == '/' && !in_class) {
            break;
        }
    }
    while (!c.done() && ident_char(c.peek())) c.next();  // flags
}

}  // namespace

std::vector<Token> tokenize_python(std::string_view source) {
    std::vector<Token> tokens;
    Cursor c(source);
    while (!c.done()) {
        char ch = c.peek();
        if (std::isspace(static_cast<unsigned char>(ch))) {
            c.next();
        } else if (ch == '#') {
            while (!c.done() && c.peek() != '\n') c.next();
        } else if (ident_start(ch)) {
            Token t = c.start(Token::identifier);
            read_identifier(c, t);
            if ((c.peek() == '\'' || c.peek() == '"') && is_python_prefix(t.text)) {
                t.kind = Token::string;
                t.text.clear();
            } else {
                tokens.push_back(std::move(t));
                continue;
            }
            std::string quote(c.starts("'''") || c.starts("\"\"\"") ? 3 : 1, c.peek());
            c.skip(quote.size());
            t.text = read_quoted(c, quote);
            tokens.push_back(std::move(t));
        } else if (ch == '\'' || ch == '"') {
            Token t = c.start(Token::string);
            std::string quote(c.starts("'''") || c.starts("\"\"\"") ? 3 : 1, ch);
            c.skip(quote.size());
            t.text = read_quoted(c, quote);
            tokens.push_back(std::move(t));
        } else if (std::isdigit(static_cast<unsigned char>(ch))) {
            Token t = c.start(Token::number);
            read_number(c, t);
            tokens.push_back(std::move(t));
        } else {
            Token t = c.start(Token::punct);
            t.text = c.next();
            tokens.push_back(std::move(t));
        }
    }
    return tokens;
}

std::vector<Token> tokenize_javascript(std::string_view source) {
    std::vector<Token> tokens;
    Cursor c(source);
    // Brace depths at which a template literal's ${...} part ends, innermost last.
    std::vector<int> template_depths;
    int depth = 0;

    // Reads template text up to its end or to the next ${, which opens a code part.
    auto read_template = [&](Token t) {
        while (!c.done()) {
            if (c.peek() == '`') {
                c.next();
                break;
            }
            if (c.starts("${")) {
                c.skip(2);
                template_depths.push_back(++depth);
                break;
            }
            if (c.peek() == '\\') {
                c.next();
                if (c.done()) break;
            }
            t.text += c.next();
        }
        tokens.push_back(std::move(t));
    };

    while (!c.done()) {
        char ch = c.peek();
        if (std::isspace(static_cast<unsigned char>(ch))) {
            c.next();
        } else if (c.starts("//")) {
            while (!c.done() && c.peek() != '\n') c.next();
        } else if (c.starts("/*")) {
            c.skip(2);
            while (!c.done() && !c.starts("*/")) c.next();
            c.skip(2);
        } else if (ch == '/' && regex_allowed_after(tokens)) {
            skip_regex(c);
        } else if (ident_start(ch)) {
            Token t = c.start(Token::identifier);
            read_identifier(c, t);
            tokens.push_back(std::move(t));
        } else if (ch == '\'' || ch == '"') {
            Token t = c.start(Token::string);
            c.next();
            t.text = read_quoted(c, std::string(1, ch));
            tokens.push_back(std::move(t));
        } else if (ch == '`') {
            Token t = c.start(Token::string);
            c.next();
            read_template(std::move(t));
        } else if (std::isdigit(static_cast<unsigned char>(ch))) {
            Token t = c.start(Token::number);
            read_number(c, t);
            tokens.push_back(std::move(t));
        } else if (ch == '}' && !template_depths.empty() && template_depths.back() == depth) {
            // The end of a ${...} part: the template literal goes on.
            Token t = c.start(Token::string);
            c.next();
            template_depths.pop_back();
            --depth;
            read_template(std::move(t));
        } else {
            Token t = c.start(Token::punct);
            t.text = c.next();
            if (ch == '{') ++depth;
            if (ch == '}') --depth;
            tokens.push_back(std::move(t));
        }
    }
    return tokens;
}

}  // namespace sandbox::lint
