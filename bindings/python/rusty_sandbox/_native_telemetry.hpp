// rusty_sandbox._native.Telemetry: an rsb_telemetry built from TelemetryConfig JSON.
#pragma once

#include "_native_errors.hpp"

#include <cmath>
#include <cstdint>
#include <string>

namespace rsb_py {

class Telemetry {
public:
    explicit Telemetry(const std::string& config_json) {
        unlocked([&] { return rsb_telemetry_from_json(config_json.c_str(), &handle_); });
    }
    Telemetry(const Telemetry&) = delete;
    Telemetry& operator=(const Telemetry&) = delete;
    ~Telemetry() { close(); }

    // True when everything queued was delivered (or dropped) within `timeout` seconds.
    bool flush(double timeout) {
        if (!(timeout >= 0)) raise(policy_error, "timeout: expected seconds >= 0, got " + std::to_string(timeout));
        rsb_telemetry* telemetry = live();
        const auto ms = static_cast<std::int64_t>(std::llround(timeout * 1000));
        return unlocked([&] { return rsb_telemetry_flush(telemetry, ms); }) == RSB_OK;
    }
    int prometheus_port() const {
        int port = 0;
        check(rsb_telemetry_prometheus_port(live(), &port));
        return port;
    }
    std::string stats_json() const {
        OwnedString json;
        check(rsb_telemetry_stats_json(live(), &json.text));
        return json.str();
    }
    // Flushes (bounded by twice the OTLP timeout) and stops the exporters.
    void close() {
        if (handle_ == nullptr) return;
        rsb_telemetry* telemetry = handle_;
        handle_ = nullptr;
        py::gil_scoped_release release;
        rsb_telemetry_free(telemetry);
    }
    rsb_telemetry* live() const {
        if (handle_ == nullptr) raise(sandbox_error, "the telemetry was closed");
        return handle_;
    }

private:
    rsb_telemetry* handle_ = nullptr;
};

}  // namespace rsb_py
