// rsb_monitor_*: a ResourceMonitor on a host process tree, living on the supervisor thread
// (a monitor is created, stopped and destroyed on its io_context's thread).
#include "call.hpp"
#include "supervisor_thread.hpp"

#include <cerrno>
#include <csignal>

using namespace sandbox;
using namespace sandbox::capi;

namespace {

rsb_monitor& monitor_of(const rsb_monitor* handle) {
    return *live(const_cast<rsb_monitor*>(handle), HandleKind::monitor, "monitor");
}

// Stopping or freeing waits for the supervisor thread, which a callback is running on.
void require_not_supervisor() {
    if (SupervisorThread::is_current())
        throw CallError(RSB_ERR_WRONG_THREAD,
                        "called from a callback on the supervisor thread; it would deadlock");
}

void require_process(int pid) {
    if (pid <= 0)
        throw CallError(RSB_ERR_INVALID_ARGUMENT, "pid " + std::to_string(pid) + " is not a process id");
    // Signal 0 checks existence only; EPERM still means the process is there.
    if (::kill(pid, 0) != 0 && errno == ESRCH)
        throw CallError(RSB_ERR_NO_PROCESS, "no process with pid " + std::to_string(pid));
}

}  // namespace

extern "C" {

rsb_code rsb_monitor_pid_start(int pid, uint32_t interval_ms, rsb_event_fn on_sample, void* user_data,
                               rsb_monitor** out) {
    return guarded(__func__, [&] {
        require(reinterpret_cast<const void*>(on_sample), "on_sample");
        require(out, "out");
        if (interval_ms < 10)
            throw CallError(RSB_ERR_INVALID_ARGUMENT,
                            "interval_ms " + std::to_string(interval_ms) + " is below the 10 ms minimum");
        require_process(pid);
        auto listener = std::make_shared<Listener>(on_sample, nullptr, user_data);
        auto& supervisor = SupervisorThread::instance();
        auto monitor = supervisor.call([&] {
            return monitor_pid(supervisor.io(), pid, std::chrono::milliseconds(interval_ms),
                               [listener](const Event& event) { listener->event(event.to_json()); });
        });
        *out = make_handle<rsb_monitor>(HandleKind::monitor, std::move(monitor), std::move(listener));
        return RSB_OK;
    });
}

rsb_code rsb_monitor_stop(rsb_monitor* monitor) {
    return guarded(__func__, [&] {
        auto& m = monitor_of(monitor);
        require_not_supervisor();
        SupervisorThread::instance().call([&] { m.monitor->stop(); });
        m.listener->disable();
        return RSB_OK;
    });
}

rsb_code rsb_monitor_running(const rsb_monitor* monitor, int* out) {
    return guarded(__func__, [&] {
        auto& m = monitor_of(monitor);
        require(out, "out");
        *out = SupervisorThread::instance().call([&] { return m.monitor->running(); }) ? 1 : 0;
        return RSB_OK;
    });
}

rsb_code rsb_monitor_sample_count(const rsb_monitor* monitor, uint64_t* out) {
    return guarded(__func__, [&] {
        auto& m = monitor_of(monitor);
        require(out, "out");
        *out = SupervisorThread::instance().call([&] { return m.monitor->sample_count(); });
        return RSB_OK;
    });
}

rsb_code rsb_monitor_free(rsb_monitor* monitor) {
    return guarded(__func__, [&] {
        auto& m = monitor_of(monitor);
        require_not_supervisor();
        m.listener->disable();
        SupervisorThread::instance().call([&] { m.monitor.reset(); });
        free_handle(&m);
        return RSB_OK;
    });
}

}  // extern "C"
