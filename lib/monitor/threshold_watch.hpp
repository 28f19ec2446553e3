// ThresholdWatch: turns each sample into the threshold crossings it causes, once per crossing.
#pragma once

#include <sandbox/monitor.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace sandbox::monitor_detail {

struct Crossing {
    enum class Level { warn, limit } level;
    std::string metric;
    double value = 0;
    double threshold = 0;
    std::string message;  // "memory_bytes reached 104857600, limit 100000000"
};

class ThresholdWatch {
public:
    explicit ThresholdWatch(Thresholds thresholds) : thresholds_(std::move(thresholds)) {}

    // A warning fires when a metric rises to its warn level, and again only after it fell
    // below; a limit fires once, the first time the metric reaches it. `values` are a
    // sample's (ResourceSample::values()).
    std::vector<Crossing> check(const std::map<std::string, double>& values);

private:
    Thresholds thresholds_;
    std::set<std::string> warned_;  // metrics at or above their warn level
    std::set<std::string> limited_;
};

}  // namespace sandbox::monitor_detail
