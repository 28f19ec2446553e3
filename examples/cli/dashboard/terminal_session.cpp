#include "terminal_session.hpp"

#include "canvas.hpp"

#define NCURSES_NOMACROS
#include <curses.h>
#include <term.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include <sys/ioctl.h>
#include <unistd.h>

namespace sandbox_cli::dashboard {
namespace {

constexpr int escape_delay_ms = 25;  // Esc alone is a key here (the filter's cancel)

}  // namespace

DisplayChoice choose_display() {
    if (!::isatty(STDOUT_FILENO)) return {false, "stdout is not a terminal"};
    if (!::isatty(STDIN_FILENO)) return {false, "stdin is not a terminal"};
    const char* term = std::getenv("TERM");
    if (term == nullptr || *term == '\0') return {false, "TERM is not set"};
    int error = 0;
    if (setupterm(nullptr, STDOUT_FILENO, &error) != OK) {
        return {false, std::string("the terminal type '") + term + "' is unknown to terminfo"};
    }
    del_curterm(cur_term);
    return {true, ""};
}

TerminalSession::TerminalSession(bool colour) {
    screen_ = newterm(nullptr, stdout, stdin);
    if (screen_ == nullptr) {
        throw std::runtime_error("ncurses cannot drive this terminal (TERM=" +
                                 std::string(std::getenv("TERM") ? std::getenv("TERM") : "") + ")");
    }
    set_term(screen_);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(escape_delay_ms);
    curs_set(0);
    colour_ = colour && has_colors();
    if (colour_) {
        start_color();
        use_default_colors();
        init_canvas_colours();
    }
}

TerminalSession::~TerminalSession() {
    endwin();
    delscreen(screen_);
}

void TerminalSession::resize() {
    winsize size{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0 && size.ws_col > 0) {
        resize_term(size.ws_row, size.ws_col);
    }
}

}  // namespace sandbox_cli::dashboard
