// Turns the Event stream into OTLP spans and log records: a span per run ("sandbox.run")
// with children for box set-up, exec, wait and teardown, violations and security events as
// span events, and a log record per lifecycle, violation, security and watchdog event.
#pragma once

#include "event_queue.hpp"
#include "trace_context.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace sandbox::telemetry {

class RunTracer {
public:
    // With a parent, every run's span joins the parent's trace as its child; spans are only
    // produced when the parent is sampled (or there is no parent).
    explicit RunTracer(std::optional<TraceParent> parent, std::size_t max_open_runs = 10000);

    struct Output {
        boost::json::array spans;
        boost::json::array log_records;
    };
    void observe(const StampedEvent& item, Output& out);
    std::size_t open_runs() const { return open_.size(); }

private:
    struct OpenRun {
        std::string trace_id, span_id;
        std::chrono::system_clock::time_point start;
        boost::json::array span_events;
        double started_s = -1;
        int pid = 0;
        std::string program, runtime;
    };
    OpenRun& run_for(const StampedEvent& item);
    void end_run(std::uint64_t run_id, const OpenRun& run, const StampedEvent& item, Output& out) const;

    const std::optional<TraceParent> parent_;
    const std::size_t max_open_runs_;
    // By run id: ids only grow, so the first is the oldest, forgotten first when a run's end
    // was lost (dropped) and the map is full.
    std::map<std::uint64_t, OpenRun> open_;
};

}  // namespace sandbox::telemetry
