// The objects behind the C ABI's opaque handles, and the registry that tells a live handle
// from a NULL, freed or foreign pointer without dereferencing it.
#pragma once

#include <sandbox/sandbox.h>
#include <sandbox/sandbox.hpp>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace sandbox::capi {

enum class HandleKind { policy, command, sandbox, run, result, monitor, telemetry };

// Records a new handle; marks it freed again. Lookups compare pointer values only, so a
// freed handle is recognised without touching its (released) memory.
void register_handle(const void* handle, HandleKind kind);
void unregister_handle(const void* handle);
bool is_live(const void* handle, HandleKind kind);

// One caller-registered callback. Disabling it waits for a call in progress to return,
// so after disable() the caller's user_data is never touched again.
class Listener {
public:
    Listener(rsb_event_fn on_event, rsb_done_fn on_done, void* user_data)
        : on_event_(on_event), on_done_(on_done), user_data_(user_data) {}

    void event(const std::string& json);
    void done();
    void disable();

private:
    std::mutex mutex_;
    bool enabled_ = true;
    rsb_event_fn on_event_;
    rsb_done_fn on_done_;
    void* user_data_;
};

// State shared by an rsb_run handle and the supervisor thread, which launches the run
// (perhaps after rsb_sandbox_start_async has returned) and stores its result.
struct RunShared {
    std::mutex mutex;
    std::condition_variable ended;
    std::optional<Result> result;
    std::shared_ptr<Execution> execution;  // null until launched
    int started_pid = 0;                   // from the "started" event, which comes first
    bool kill_requested = false;           // before the launch: kill as soon as it exists
    bool abandoned = false;                // freed before the launch: never launch
};

}  // namespace sandbox::capi

struct rsb_policy {
    sandbox::SecurityPolicy policy;
};

struct rsb_command {
    sandbox::Command command;
};

struct rsb_sandbox {
    explicit rsb_sandbox(sandbox::Sandbox sandbox) : box(std::move(sandbox)) {}

    sandbox::Sandbox box;
    // What rsb_sandbox_set_monitor and rsb_sandbox_set_monitor_threshold gave, applied to box.
    std::optional<sandbox::MonitorOptions> monitor;
    // Sandbox-wide callbacks; each run takes a snapshot of those registered before it starts.
    std::mutex listeners_mutex;
    std::vector<std::shared_ptr<sandbox::capi::Listener>> listeners;
};

struct rsb_run {
    std::shared_ptr<sandbox::capi::RunShared> shared;
    std::shared_ptr<sandbox::capi::Listener> listener;  // null when no callback was given
};

struct rsb_result {
    sandbox::Result result;
};

struct rsb_monitor {
    // Created, stopped and destroyed on the supervisor thread (a ResourceMonitor lives on
    // its io_context's thread); null once freed there.
    std::unique_ptr<sandbox::ResourceMonitor> monitor;
    std::shared_ptr<sandbox::capi::Listener> listener;
};

struct rsb_telemetry {
    explicit rsb_telemetry(sandbox::TelemetryConfig config) : telemetry(std::move(config)) {}

    sandbox::Telemetry telemetry;
};
