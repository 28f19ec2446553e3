#include "output.hpp"

#include <cerrno>
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

}  // namespace

void write_stdout(std::string_view text) { write_all(STDOUT_FILENO, text); }

void print_error(std::string_view message) {
    std::string line = "sandbox-cli: error: ";
    line += message;
    line += '\n';
    write_all(STDERR_FILENO, line);
}

void print_result(const sandbox::Result& result, bool json) {
    std::string text = json ? result.to_json() : result.to_report();
    if (text.empty() || text.back() != '\n') {
        text += '\n';
    }
    write_stdout(text);
}

}  // namespace sandbox_cli
