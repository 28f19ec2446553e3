// TerminalSession: ncurses owns the terminal for as long as the session lives. The destructor
// restores it (endwin) on every way out: return, exception, or the loop ending on a signal
// (signals arrive through asio's self-pipe, never as ncurses calls in a handler).
#pragma once

#include <string>

struct screen;

namespace sandbox_cli::dashboard {

// Whether the dashboard can be drawn here: stdin and stdout are terminals of a type the
// terminfo database knows. When not, `reason` says why, for the notice on stderr.
struct DisplayChoice {
    bool dashboard = false;
    std::string reason;
};
DisplayChoice choose_display();

class TerminalSession {
public:
    // Throws std::runtime_error when ncurses cannot take the terminal. `colour` also needs a
    // terminal that has colours.
    explicit TerminalSession(bool colour);
    ~TerminalSession();
    TerminalSession(const TerminalSession&) = delete;
    TerminalSession& operator=(const TerminalSession&) = delete;

    bool colour() const { return colour_; }
    // Measures the terminal again (after SIGWINCH) and tells ncurses its new size.
    void resize();

private:
    screen* screen_ = nullptr;
    bool colour_ = false;
};

}  // namespace sandbox_cli::dashboard
