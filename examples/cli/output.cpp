#include "output.hpp"

#include <sandbox/version.hpp>

#include <cerrno>
#include <cstdlib>
#include <string>

#include <unistd.h>

namespace sandbox_cli {
namespace {

void write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        ssize_t written = ::write(fd, text.data(), text.size());
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written <= 0) {
            return;
        }
        text.remove_prefix(static_cast<std::size_t>(written));
    }
}

Colour colour_of(sandbox::Status status) {
    switch (status) {
        case sandbox::Status::ok: return Colour::green;
        case sandbox::Status::nonzero_exit: return Colour::yellow;
        default: return Colour::red;
    }
}

// The report's first line is "status:      <word> ..."; the status word gets its colour.
std::string with_coloured_status(std::string report, sandbox::Status status) {
    const std::string word(sandbox::to_string(status));
    const auto at = report.find(word);
    if (at == std::string::npos || at > report.find('\n')) {
        return report;
    }
    return report.replace(at, word.size(), coloured(word, colour_of(status)));
}

}  // namespace

void write_stdout(std::string_view text) { write_all(STDOUT_FILENO, text); }

void print_version() { write_stdout(std::string("sandbox-cli ") + sandbox::version + "\n"); }

void print_error(std::string_view message) {
    std::string line = "sandbox-cli: error: ";
    line += message;
    line += '\n';
    write_all(STDERR_FILENO, line);
}

bool stdout_wants_colour() {
    const char* no_colour = std::getenv("NO_COLOR");
    if (no_colour != nullptr && no_colour[0] != '\0') {
        return false;
    }
    return ::isatty(STDOUT_FILENO) == 1;
}

std::string coloured(std::string_view text, Colour colour) {
    const char* code = colour == Colour::green ? "\033[32m" : colour == Colour::yellow ? "\033[33m" : "\033[31m";
    return code + std::string(text) + "\033[0m";
}

void print_result(const sandbox::Result& result, bool json) {
    std::string text = json ? result.to_json() : result.to_report();
    if (!json && stdout_wants_colour()) {
        text = with_coloured_status(std::move(text), result.status);
    }
    if (text.empty() || text.back() != '\n') {
        text += '\n';
    }
    write_stdout(text);
}

}  // namespace sandbox_cli
