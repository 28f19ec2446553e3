// rsb_telemetry_*: a sandbox::Telemetry (Prometheus, Pushgateway, OTLP/HTTP JSON, event log)
// built from TelemetryConfig JSON.
#include "call.hpp"
#include "supervisor_thread.hpp"

#include <boost/json.hpp>

using namespace sandbox;
using namespace sandbox::capi;

namespace {

rsb_telemetry& telemetry_of(const rsb_telemetry* handle) {
    return *live(const_cast<rsb_telemetry*>(handle), HandleKind::telemetry, "telemetry");
}

// Flushing waits for exporters fed by events the supervisor thread sends.
void require_not_supervisor() {
    if (SupervisorThread::is_current())
        throw CallError(RSB_ERR_WRONG_THREAD,
                        "called from a callback on the supervisor thread; it would deadlock");
}

}  // namespace

extern "C" {

rsb_code rsb_telemetry_from_json(const char* json, rsb_telemetry** out) {
    return guarded(__func__, [&] {
        require(json, "json");
        require(out, "out");
        *out = make_handle<rsb_telemetry>(HandleKind::telemetry, TelemetryConfig::from_json(json));
        return RSB_OK;
    });
}

rsb_code rsb_telemetry_flush(rsb_telemetry* telemetry, int64_t timeout_ms) {
    return guarded(__func__, [&] {
        auto& t = telemetry_of(telemetry);
        require_not_supervisor();
        if (timeout_ms < 0)
            throw CallError(RSB_ERR_INVALID_ARGUMENT,
                            "timeout_ms " + std::to_string(timeout_ms) + " is negative");
        return t.telemetry.flush(std::chrono::milliseconds(timeout_ms)) ? RSB_OK : RSB_PENDING;
    });
}

rsb_code rsb_telemetry_prometheus_port(const rsb_telemetry* telemetry, int* out) {
    return guarded(__func__, [&] {
        auto& t = telemetry_of(telemetry);
        require(out, "out");
        *out = t.telemetry.prometheus_port();
        return RSB_OK;
    });
}

rsb_code rsb_telemetry_stats_json(const rsb_telemetry* telemetry, char** out) {
    return guarded(__func__, [&] {
        auto& t = telemetry_of(telemetry);
        require(out, "out");
        const TelemetryStats s = t.telemetry.stats();
        boost::json::object o{{"events_received", s.events_received},
                              {"events_dropped", s.events_dropped},
                              {"otlp_requests_ok", s.otlp_requests_ok},
                              {"otlp_requests_failed", s.otlp_requests_failed},
                              {"otlp_items_dropped", s.otlp_items_dropped},
                              {"otlp_items_rejected", s.otlp_items_rejected},
                              {"pushes_failed", s.pushes_failed}};
        *out = owned_copy(boost::json::serialize(o));
        return RSB_OK;
    });
}

rsb_code rsb_telemetry_free(rsb_telemetry* telemetry) {
    return guarded(__func__, [&] {
        auto& t = telemetry_of(telemetry);
        require_not_supervisor();
        free_handle(&t);
        return RSB_OK;
    });
}

}  // extern "C"
