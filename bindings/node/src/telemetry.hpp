// The addon's Telemetry class: an rsb_telemetry from TelemetryConfig JSON.
#pragma once

#include <sandbox/sandbox.h>

#include <napi.h>

namespace rsb_node {

// new Telemetry(configJson); flush(timeoutMs) and close() return Promises (both may wait
// for exporters); prometheusPort, statsJson().
Napi::Function define_telemetry(Napi::Env env);

// The live handle behind a Telemetry object; throws a JS error for anything else.
rsb_telemetry* telemetry_handle(Napi::Env env, Napi::Value value);

}  // namespace rsb_node
