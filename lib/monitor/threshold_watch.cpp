#include "threshold_watch.hpp"

#include <cstdio>

namespace sandbox::monitor_detail {
namespace {

std::string describe(const std::string& metric, double value, const char* level, double threshold) {
    char text[160];
    std::snprintf(text, sizeof text, "%s reached %.6g, %s level %.6g", metric.c_str(), value, level, threshold);
    return text;
}

}  // namespace

std::vector<Crossing> ThresholdWatch::check(const std::map<std::string, double>& values) {
    std::vector<Crossing> out;
    for (const auto& [metric, t] : thresholds_.by_metric) {
        const double v = values.at(metric);
        if (t.limit && v >= *t.limit && limited_.insert(metric).second)
            out.push_back({Crossing::Level::limit, metric, v, *t.limit, describe(metric, v, "limit", *t.limit)});
        if (!t.warn) continue;
        if (v < *t.warn) {
            warned_.erase(metric);
        } else if (warned_.insert(metric).second) {
            out.push_back({Crossing::Level::warn, metric, v, *t.warn, describe(metric, v, "warning", *t.warn)});
        }
    }
    return out;
}

}  // namespace sandbox::monitor_detail
