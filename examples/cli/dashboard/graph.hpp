// A history graph: one column per sample (the newest at the right), a y axis with labels in
// the metric's unit, an x axis in seconds before now, and an optional limit line.
#pragma once

#include "canvas.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sandbox_cli::dashboard {

struct GraphPoint {
    double time_s = 0;
    double value = 0;
};

struct GraphSpec {
    std::string title;                       // "CPU % of one core"
    std::vector<GraphPoint> points;          // oldest first
    double top = 1;                          // the value at the top row
    std::optional<double> limit;             // drawn as a row of '-' when within [0, top]
    std::function<std::string(double)> label;  // a value in the metric's unit
};

// Draws into the rectangle at (y, x) of `height` rows and `width` columns. Needs at least
// 4 rows and 16 columns; smaller rectangles show only the title.
void draw_graph(Canvas& canvas, int y, int x, int height, int width, const GraphSpec& spec);

// The top of a memory graph: the limit (so its line shows) unless it is far above what the
// run uses, in which case the scale follows the usage and the title says where the limit is.
double memory_graph_top(double highest, std::optional<double> limit);
// The top of a CPU graph: 100% or the next multiple of it (several cores).
double cpu_graph_top(double highest);

}  // namespace sandbox_cli::dashboard
