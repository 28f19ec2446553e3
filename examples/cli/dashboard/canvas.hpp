// Canvas: text on the ncurses screen, clipped to its size, in a few named styles. With colour
// off the styles fall back to bold and reverse, so the screen reads the same without colour.
#pragma once

#include <string_view>

namespace sandbox_cli::dashboard {

enum class Style { normal, title, heading, selected, good, warn, bad, dim };

class Canvas {
public:
    // Call after the terminal session started (and after a resize: it reads the size).
    explicit Canvas(bool colour);

    int rows() const { return rows_; }
    int cols() const { return cols_; }
    // Writes `text` at (y, x); what would pass the right edge or the last row is cut off.
    void text(int y, int x, std::string_view text, Style style = Style::normal);
    // `width` copies of `ch` from (y, x).
    void repeat(int y, int x, int width, char ch, Style style = Style::normal);

private:
    int attributes(Style style) const;

    bool colour_;
    int rows_ = 0;
    int cols_ = 0;
};

// Sets up the colour pairs Canvas uses; call once after start_color().
void init_canvas_colours();

}  // namespace sandbox_cli::dashboard
