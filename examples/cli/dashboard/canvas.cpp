#include "canvas.hpp"

#define NCURSES_NOMACROS
#include <curses.h>

#include <algorithm>
#include <string>

namespace sandbox_cli::dashboard {
namespace {

enum Pair : short { pair_title = 1, pair_good, pair_warn, pair_bad, pair_heading };

}  // namespace

void init_canvas_colours() {
    // -1: the terminal's own background (use_default_colors).
    init_pair(pair_title, COLOR_BLACK, COLOR_CYAN);
    init_pair(pair_good, COLOR_GREEN, -1);
    init_pair(pair_warn, COLOR_YELLOW, -1);
    init_pair(pair_bad, COLOR_RED, -1);
    init_pair(pair_heading, COLOR_CYAN, -1);
}

Canvas::Canvas(bool colour) : colour_(colour) { getmaxyx(stdscr, rows_, cols_); }

int Canvas::attributes(Style style) const {
    switch (style) {
        case Style::normal: return A_NORMAL;
        case Style::title: return colour_ ? static_cast<int>(COLOR_PAIR(pair_title) | A_BOLD) : static_cast<int>(A_REVERSE);
        case Style::heading: return colour_ ? static_cast<int>(COLOR_PAIR(pair_heading) | A_BOLD) : static_cast<int>(A_BOLD);
        case Style::selected: return A_REVERSE;
        case Style::good: return colour_ ? static_cast<int>(COLOR_PAIR(pair_good)) : A_NORMAL;
        case Style::warn: return colour_ ? static_cast<int>(COLOR_PAIR(pair_warn) | A_BOLD) : static_cast<int>(A_BOLD);
        case Style::bad: return colour_ ? static_cast<int>(COLOR_PAIR(pair_bad) | A_BOLD) : static_cast<int>(A_BOLD);
        case Style::dim: return A_DIM;
    }
    return A_NORMAL;
}

void Canvas::text(int y, int x, std::string_view text, Style style) {
    if (y < 0 || y >= rows_ || x < 0 || x >= cols_ || text.empty()) return;
    // The bottom-right cell: writing it would scroll some terminals; leave it empty.
    const int room = cols_ - x - (y == rows_ - 1 ? 1 : 0);
    const int length = std::min(static_cast<int>(text.size()), room);
    if (length <= 0) return;
    const int attrs = attributes(style);
    attron(attrs);
    mvaddnstr(y, x, text.data(), length);
    attroff(attrs);
}

void Canvas::repeat(int y, int x, int width, char ch, Style style) {
    if (width <= 0) return;
    text(y, x, std::string(static_cast<std::size_t>(width), ch), style);
}

}  // namespace sandbox_cli::dashboard
