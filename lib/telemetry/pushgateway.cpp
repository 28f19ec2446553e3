#include "pushgateway.hpp"

#include <prometheus/text_serializer.h>

namespace sandbox::telemetry {

std::string push_metrics(const HttpUrl& gateway, const std::string& job, const prometheus::Registry& registry,
                         std::chrono::milliseconds timeout) {
    HttpRequest request;
    request.method = "PUT";
    request.target = gateway.path + "/metrics/job/" + job;
    request.content_type = "text/plain; version=0.0.4";
    request.body = prometheus::TextSerializer().Serialize(registry.Collect());
    HttpResponse response = send_http(gateway, request, timeout);
    if (response.status == 0) return "pushgateway: " + response.error;
    if (response.status / 100 != 2)
        return "pushgateway answered " + std::to_string(response.status) + ": " + response.body.substr(0, 200);
    return {};
}

}  // namespace sandbox::telemetry
