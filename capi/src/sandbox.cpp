// rsb_sandbox_* and rsb_run_*: a synchronous run goes on the calling thread, like
// Sandbox::run; an asynchronous one is launched and watched on the supervisor thread, and
// its callers block on a condition variable, never on the io_context.
#include "call.hpp"
#include "supervisor_thread.hpp"

#include <chrono>

using namespace sandbox;
using namespace sandbox::capi;

namespace {

rsb_sandbox& sandbox_of(const rsb_sandbox* handle) {
    return *live(const_cast<rsb_sandbox*>(handle), HandleKind::sandbox, "sandbox");
}

const Command& command_of(const rsb_command* handle) {
    return live(const_cast<rsb_command*>(handle), HandleKind::command, "command")->command;
}

rsb_run& run_of(const rsb_run* handle) {
    return *live(const_cast<rsb_run*>(handle), HandleKind::run, "run");
}

// Blocking calls made from a callback would wait for the thread they block.
void require_not_supervisor() {
    if (SupervisorThread::is_current())
        throw CallError(RSB_ERR_WRONG_THREAD,
                        "called from a callback on the supervisor thread; it would deadlock");
}

EventSink forward_to(std::shared_ptr<Listener> listener) {
    return [listener = std::move(listener)](const Event& event) { listener->event(event.to_json()); };
}

// Records the box's pid as the "started" event announces it: the event reaches callbacks
// before the launch returns its Execution, and rsb_run_pid must already answer then.
EventSink record_started_pid(std::shared_ptr<RunShared> shared) {
    return [shared = std::move(shared)](const Event& event) {
        if (event.kind != EventKind::lifecycle || event.name != "started") return;
        std::lock_guard lock(shared->mutex);
        shared->started_pid = event.pid;
    };
}

// A copy of the sandbox for one run, with the sandbox-wide listeners registered so far and
// the run's own (`events`, nullable); `shared` (nullable) learns the pid before any of them.
Sandbox box_for_run(rsb_sandbox& sandbox, const std::shared_ptr<Listener>& events,
                    const std::shared_ptr<RunShared>& shared = nullptr) {
    std::lock_guard lock(sandbox.listeners_mutex);
    Sandbox copy(sandbox.box);
    if (shared) copy.add_sink(record_started_pid(shared));
    for (const auto& listener : sandbox.listeners) copy.add_sink(forward_to(listener));
    if (events) copy.add_sink(forward_to(events));
    return copy;
}

// On the supervisor thread: launches the run; the completion handler stores the result and
// wakes waiters. A kill asked for before the launch is applied now.
void launch_on_supervisor(Sandbox& box, const Command& command, const std::shared_ptr<RunShared>& shared,
                          const std::shared_ptr<Listener>& own) {
    auto execution = box.start(SupervisorThread::instance().io(), command);
    execution->async_wait([shared, own](const Result& result) {
        {
            std::lock_guard lock(shared->mutex);
            shared->result = result;
        }
        shared->ended.notify_all();
        if (own) own->done();
    });
    bool kill;
    {
        std::lock_guard lock(shared->mutex);
        shared->execution = execution;
        kill = shared->kill_requested;
    }
    if (kill) execution->kill();
}

// A launch that threw on the supervisor thread, after its caller had gone on: the run ends
// as setup_error with the reason, as a launch that fails inside the box does.
void end_unlaunched(RunShared& shared, const std::shared_ptr<Listener>& own, const std::string& why) {
    Result failed;
    failed.status = Status::setup_error;
    failed.message = why;
    {
        std::lock_guard lock(shared.mutex);
        shared.result = std::move(failed);
    }
    shared.ended.notify_all();
    if (own) own->done();
}

// Starts `command` on the supervisor thread with the sandbox-wide listeners registered so
// far plus the run's own. `wait_for_launch`: return once the box exists (rsb_sandbox_start),
// else at once (rsb_sandbox_start_async).
rsb_run start_run(rsb_sandbox& sandbox, const Command& command, rsb_event_fn on_event, rsb_done_fn on_done,
                  void* user_data, bool wait_for_launch) {
    command.validate();
    std::shared_ptr<Listener> own;
    if (on_event != nullptr || on_done != nullptr)
        own = std::make_shared<Listener>(on_event, on_done, user_data);
    auto shared = std::make_shared<RunShared>();
    Sandbox box = box_for_run(sandbox, on_event != nullptr ? own : nullptr, shared);
    auto& supervisor = SupervisorThread::instance();
    if (wait_for_launch) {
        supervisor.call([&] { launch_on_supervisor(box, command, shared, own); });
    } else {
        boost::asio::post(supervisor.io(), [box = std::move(box), command, shared, own]() mutable {
            {
                std::lock_guard lock(shared->mutex);
                if (shared->abandoned) return;
            }
            try {
                launch_on_supervisor(box, command, shared, own);
            } catch (const std::exception& e) {
                end_unlaunched(*shared, own, std::string("launch failed: ") + e.what());
            }
        });
    }
    return rsb_run{std::move(shared), std::move(own)};
}

// The result once the run has ended; waits up to timeout_ms (negative: no limit).
std::optional<Result> wait_result(RunShared& shared, int64_t timeout_ms) {
    std::unique_lock lock(shared.mutex);
    auto ended = [&] { return shared.result.has_value(); };
    if (timeout_ms < 0)
        shared.ended.wait(lock, ended);
    else
        shared.ended.wait_for(lock, std::chrono::milliseconds(timeout_ms), ended);
    return shared.result;
}

rsb_code give_result(std::optional<Result> result, rsb_result** out) {
    if (!result) {
        *out = nullptr;
        return RSB_PENDING;
    }
    *out = make_handle<rsb_result>(HandleKind::result, std::move(*result));
    return RSB_OK;
}

// Runs `command` on the calling thread and gives the verdict: no hand-off to the supervisor
// thread and back. The box's parent-death signal is tied to this thread, which waits here
// until the run has ended.
rsb_code run_here(rsb_sandbox& sandbox, const Command& command, rsb_event_fn on_event, void* user_data,
                  rsb_result** out) {
    command.validate();
    std::shared_ptr<Listener> own;
    if (on_event != nullptr) own = std::make_shared<Listener>(on_event, nullptr, user_data);
    Result result = box_for_run(sandbox, own).run(command);
    if (own) own->disable();
    return give_result(std::move(result), out);
}

// Ends the box, or has it killed as soon as it is launched.
void kill_run(RunShared& shared) {
    std::shared_ptr<Execution> execution;
    {
        std::lock_guard lock(shared.mutex);
        execution = shared.execution;
        if (!execution) shared.kill_requested = true;
    }
    if (execution) execution->kill();
}

// Kills a run that has not ended (or cancels one not launched yet) and silences its
// callbacks.
void release(rsb_run& run) {
    std::shared_ptr<Execution> execution;
    bool ended;
    {
        std::lock_guard lock(run.shared->mutex);
        ended = run.shared->result.has_value();
        execution = run.shared->execution;
        // Not launched yet, or being launched right now: never launch, or kill on arrival.
        if (!execution) run.shared->abandoned = run.shared->kill_requested = true;
    }
    if (!ended && execution) execution->kill();
    if (run.listener) run.listener->disable();
}

}  // namespace

extern "C" {

rsb_code rsb_sandbox_new(const rsb_policy* policy, rsb_sandbox** out) {
    return guarded(__func__, [&] {
        const auto* p = live(const_cast<rsb_policy*>(policy), HandleKind::policy, "policy");
        require(out, "out");
        *out = make_handle<rsb_sandbox>(HandleKind::sandbox, Sandbox(p->policy));
        return RSB_OK;
    });
}

rsb_code rsb_sandbox_add_event_callback(rsb_sandbox* sandbox, rsb_event_fn fn, void* user_data) {
    return guarded(__func__, [&] {
        auto& s = sandbox_of(sandbox);
        require(reinterpret_cast<const void*>(fn), "fn");
        std::lock_guard lock(s.listeners_mutex);
        s.listeners.push_back(std::make_shared<Listener>(fn, nullptr, user_data));
        return RSB_OK;
    });
}

rsb_code rsb_sandbox_set_monitor(rsb_sandbox* sandbox, uint32_t interval_ms, size_t history_buckets) {
    return guarded(__func__, [&] {
        auto& s = sandbox_of(sandbox);
        MonitorOptions options;
        options.interval = std::chrono::milliseconds(interval_ms);
        options.keep_history = history_buckets > 0;
        if (options.keep_history) options.history_capacity = history_buckets;
        std::lock_guard lock(s.listeners_mutex);
        s.box.set_monitor(options);
        s.monitor = std::move(options);
        return RSB_OK;
    });
}

rsb_code rsb_sandbox_set_monitor_threshold(rsb_sandbox* sandbox, const char* metric, double warn, double limit) {
    return guarded(__func__, [&] {
        auto& s = sandbox_of(sandbox);
        require(metric, "metric");
        std::lock_guard lock(s.listeners_mutex);
        if (!s.monitor)
            throw CallError(RSB_ERR_INVALID_ARGUMENT, "the monitor is off: call rsb_sandbox_set_monitor first");
        MonitorOptions options = *s.monitor;
        MetricThreshold& threshold = options.thresholds.by_metric[metric];
        threshold.warn = warn < 0 ? std::nullopt : std::optional<double>(warn);
        threshold.limit = limit < 0 ? std::nullopt : std::optional<double>(limit);
        s.box.set_monitor(options);  // validates: PolicyError naming the metric
        s.monitor = std::move(options);
        return RSB_OK;
    });
}

rsb_code rsb_sandbox_add_telemetry(rsb_sandbox* sandbox, rsb_telemetry* telemetry) {
    return guarded(__func__, [&] {
        auto& s = sandbox_of(sandbox);
        auto* t = live(telemetry, HandleKind::telemetry, "telemetry");
        std::lock_guard lock(s.listeners_mutex);
        s.box.add_sink(t->telemetry.sink());
        return RSB_OK;
    });
}

rsb_code rsb_sandbox_run(const rsb_sandbox* sandbox, const rsb_command* command,
                         rsb_event_fn on_event, void* user_data, rsb_result** out) {
    return guarded(__func__, [&] {
        auto& s = sandbox_of(sandbox);
        const auto& c = command_of(command);
        require(out, "out");
        require_not_supervisor();
        return run_here(s, c, on_event, user_data, out);
    });
}

rsb_code rsb_sandbox_run_code(const rsb_sandbox* sandbox, const char* language,
                              const char* source, size_t length, rsb_result** out) {
    return guarded(__func__, [&] {
        auto& s = sandbox_of(sandbox);
        require(language, "language");
        require(out, "out");
        if (length > 0) require(source, "source");
        require_not_supervisor();
        const Runtime* runtime = RuntimeRegistry::builtin().by_name(language);
        if (runtime == nullptr)
            throw PolicyError(std::string("unknown language '") + language + "'");
        // Same file naming and setup_error handling as Sandbox::run_code, with the
        // sandbox-wide listeners of the C ABI.
        const std::string file_name =
            "main" + (runtime->extensions.empty() ? std::string() : runtime->extensions.front());
        Command command;
        try {
            command = RuntimeRegistry::command_for_source(
                *runtime, file_name, std::string(source != nullptr ? source : "", length),
                s.box.policy().workdir);
        } catch (const SetupError& e) {
            Result missing;
            missing.status = Status::setup_error;
            missing.message = e.what();
            return give_result(std::move(missing), out);
        }
        return run_here(s, command, nullptr, nullptr, out);
    });
}

rsb_code rsb_sandbox_start(const rsb_sandbox* sandbox, const rsb_command* command,
                           rsb_event_fn on_event, rsb_done_fn on_done, void* user_data,
                           rsb_run** out) {
    return guarded(__func__, [&] {
        auto& s = sandbox_of(sandbox);
        const auto& c = command_of(command);
        require(out, "out");
        *out = make_handle<rsb_run>(HandleKind::run, start_run(s, c, on_event, on_done, user_data, true));
        return RSB_OK;
    });
}

rsb_code rsb_sandbox_start_async(const rsb_sandbox* sandbox, const rsb_command* command, rsb_event_fn on_event,
                                 rsb_done_fn on_done, void* user_data, rsb_run** out) {
    return guarded(__func__, [&] {
        auto& s = sandbox_of(sandbox);
        const auto& c = command_of(command);
        require(out, "out");
        *out = make_handle<rsb_run>(HandleKind::run, start_run(s, c, on_event, on_done, user_data, false));
        return RSB_OK;
    });
}

rsb_code rsb_sandbox_free(rsb_sandbox* sandbox) {
    return guarded(__func__, [&] {
        auto& s = sandbox_of(sandbox);
        require_not_supervisor();
        {
            std::lock_guard lock(s.listeners_mutex);
            for (const auto& listener : s.listeners) listener->disable();
        }
        free_handle(&s);
        return RSB_OK;
    });
}

rsb_code rsb_run_pid(const rsb_run* run, int* out) {
    return guarded(__func__, [&] {
        auto& r = run_of(run);
        require(out, "out");
        std::lock_guard lock(r.shared->mutex);
        *out = r.shared->execution ? r.shared->execution->pid() : r.shared->started_pid;
        return RSB_OK;
    });
}

rsb_code rsb_run_kill(rsb_run* run) {
    return guarded(__func__, [&] {
        kill_run(*run_of(run).shared);
        return RSB_OK;
    });
}

rsb_code rsb_run_poll(const rsb_run* run, rsb_result** out) {
    return guarded(__func__, [&] {
        auto& r = run_of(run);
        require(out, "out");
        return give_result(wait_result(*r.shared, 0), out);
    });
}

rsb_code rsb_run_wait(rsb_run* run, int64_t timeout_ms, rsb_result** out) {
    return guarded(__func__, [&] {
        auto& r = run_of(run);
        require(out, "out");
        require_not_supervisor();
        return give_result(wait_result(*r.shared, timeout_ms), out);
    });
}

rsb_code rsb_run_free(rsb_run* run) {
    return guarded(__func__, [&] {
        auto& r = run_of(run);
        require_not_supervisor();
        release(r);
        free_handle(&r);
        return RSB_OK;
    });
}

}  // extern "C"
