#include "graph.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sandbox_cli::dashboard {
namespace {

constexpr int label_width = 8;  // "128.0MiB" fits; labels are right-aligned in it

std::string right_aligned(std::string text, int width) {
    if (static_cast<int>(text.size()) >= width) return text.substr(0, static_cast<std::size_t>(width));
    return std::string(static_cast<std::size_t>(width) - text.size(), ' ') + text;
}

// Rows (from the bottom, 0..plot_rows) that `value` fills.
int filled_rows(double value, double top, int plot_rows) {
    if (top <= 0 || value <= 0) return 0;
    return std::clamp(static_cast<int>(std::lround(value / top * plot_rows)), 1, plot_rows);
}

}  // namespace

double memory_graph_top(double highest, std::optional<double> limit) {
    constexpr double min_top = 1024.0 * 1024;  // a near-empty tree still gets a 1 MiB scale
    const double usage_top = std::max(highest * 1.25, min_top);
    // Within 8x of the usage the limit line is worth the flatter graph.
    if (limit && *limit > 0 && *limit <= usage_top * 8) return std::max(*limit * 1.1, usage_top);
    return usage_top;
}

double cpu_graph_top(double highest) { return std::max(100.0, std::ceil(highest / 100.0) * 100.0); }

void draw_graph(Canvas& canvas, int y, int x, int height, int width, const GraphSpec& spec) {
    std::string title = spec.title;
    if (!spec.points.empty()) title += "  now " + spec.label(spec.points.back().value);
    if (spec.limit && *spec.limit > spec.top) title += "  (limit " + spec.label(*spec.limit) + " above)";
    canvas.text(y, x, title, Style::heading);
    if (height < 4 || width < 16) return;

    const int plot_rows = height - 2;
    const int plot_x = x + label_width + 1;
    const int plot_width = width - label_width - 2;
    const int first_row = y + 1;
    const int bottom_row = first_row + plot_rows - 1;

    // y axis: the top, the middle and zero.
    for (int row = first_row; row <= bottom_row; ++row) canvas.text(row, x + label_width, "|");
    canvas.text(first_row, x, right_aligned(spec.label(spec.top), label_width));
    if (plot_rows >= 5) {
        canvas.text(first_row + plot_rows / 2, x, right_aligned(spec.label(spec.top * (plot_rows - plot_rows / 2) / plot_rows), label_width));
    }
    canvas.text(bottom_row, x, right_aligned("0", label_width));

    if (spec.limit && *spec.limit <= spec.top) {
        const int limit_row = bottom_row - filled_rows(*spec.limit, spec.top, plot_rows) + 1;
        canvas.repeat(limit_row, plot_x, plot_width, '-', Style::bad);
        canvas.text(limit_row, plot_x + std::max(0, plot_width - 5), "limit", Style::bad);
    }

    // The newest plot_width samples, right-aligned.
    const auto shown = std::min<std::size_t>(spec.points.size(), static_cast<std::size_t>(plot_width));
    const std::size_t first = spec.points.size() - shown;
    const int start_x = plot_x + plot_width - static_cast<int>(shown);
    for (std::size_t i = 0; i < shown; ++i) {
        const int rows = filled_rows(spec.points[first + i].value, spec.top, plot_rows);
        for (int r = 0; r < rows; ++r) canvas.text(bottom_row - r, start_x + static_cast<int>(i), "#", Style::good);
    }

    // x axis: seconds before the newest sample at the left end, "now" at the right.
    const int axis_row = bottom_row + 1;
    canvas.text(axis_row, x + label_width, "+");
    canvas.repeat(axis_row, plot_x, plot_width, '-');
    if (shown > 0) {
        const double span = spec.points.back().time_s - spec.points[first].time_s;
        char left[32];
        std::snprintf(left, sizeof left, "-%.0fs", span);
        canvas.text(axis_row, start_x, left);
        canvas.text(axis_row, plot_x + plot_width - 3, "now");
    }
}

}  // namespace sandbox_cli::dashboard
