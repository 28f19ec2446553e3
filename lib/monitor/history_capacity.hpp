// The one rule on a history's size, shared by MetricHistory and MonitorOptions::validate.
#pragma once

#include <cstddef>

namespace sandbox::monitor_detail {

// Throws PolicyError unless `capacity` is even and at least 2.
void check_history_capacity(std::size_t capacity);

}  // namespace sandbox::monitor_detail
