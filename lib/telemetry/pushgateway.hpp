// Pushes the registry's metrics to a Prometheus Pushgateway (PUT /metrics/job/<job>, text
// format), for short-lived processes such as one CLI run.
#pragma once

#include "http_client.hpp"

#include <prometheus/registry.h>

#include <chrono>
#include <string>

namespace sandbox::telemetry {

// Empty when the push was accepted, else what went wrong.
std::string push_metrics(const HttpUrl& gateway, const std::string& job, const prometheus::Registry& registry,
                         std::chrono::milliseconds timeout);

}  // namespace sandbox::telemetry
