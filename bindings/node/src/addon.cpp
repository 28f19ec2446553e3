// rusty-sandbox Node addon: node-addon-api over the C ABI (<sandbox/sandbox.h>). It only calls
// rsb_* functions. Boxes run on the library's supervisor thread; their events and their end
// reach JavaScript through a ThreadSafeFunction, so the event loop never waits for a box.
#include "napi_common.hpp"
#include "monitor.hpp"
#include "telemetry.hpp"

#include <sandbox/sandbox.h>

#include <napi.h>

#include <memory>
#include <string>

using namespace rsb_node;

namespace {

struct PolicyHandle {
    rsb_policy* handle = nullptr;
    ~PolicyHandle() { rsb_policy_free(handle); }
};
struct SandboxHandle {
    rsb_sandbox* handle = nullptr;
    ~SandboxHandle() { rsb_sandbox_free(handle); }
};
struct CommandHandle {
    rsb_command* handle = nullptr;
    ~CommandHandle() { rsb_command_free(handle); }
};

// A sandbox from policy JSON; the policy is copied into it.
std::unique_ptr<SandboxHandle> sandbox_from(Napi::Env env, const std::string& policy_json) {
    PolicyHandle policy;
    check(env, rsb_policy_from_json(policy_json.c_str(), &policy.handle));
    auto sandbox = std::make_unique<SandboxHandle>();
    check(env, rsb_sandbox_new(policy.handle, &sandbox->handle));
    return sandbox;
}

Napi::Buffer<char> bytes_arg(const Napi::Value& value) {
    return value.As<Napi::Buffer<char>>();
}

// {argv: string[], env: {}, stdin: Buffer, files: {path: Buffer}, cwd: string}; index.js has
// already checked the types.
std::unique_ptr<CommandHandle> command_from(Napi::Env env, const Napi::Object& spec) {
    auto command = std::make_unique<CommandHandle>();
    check(env, rsb_command_new(&command->handle));
    Napi::Array argv = spec.Get("argv").As<Napi::Array>();
    for (std::uint32_t i = 0; i < argv.Length(); ++i)
        check(env, rsb_command_add_arg(command->handle, argv.Get(i).As<Napi::String>().Utf8Value().c_str()));
    Napi::Object vars = spec.Get("env").As<Napi::Object>();
    Napi::Array names = vars.GetPropertyNames();
    for (std::uint32_t i = 0; i < names.Length(); ++i) {
        std::string name = names.Get(i).As<Napi::String>().Utf8Value();
        std::string value = vars.Get(name).As<Napi::String>().Utf8Value();
        check(env, rsb_command_set_env(command->handle, name.c_str(), value.c_str()));
    }
    Napi::Buffer<char> in = bytes_arg(spec.Get("stdin"));
    check(env, rsb_command_set_stdin(command->handle, in.Data(), in.Length()));
    Napi::Object files = spec.Get("files").As<Napi::Object>();
    Napi::Array paths = files.GetPropertyNames();
    for (std::uint32_t i = 0; i < paths.Length(); ++i) {
        std::string path = paths.Get(i).As<Napi::String>().Utf8Value();
        Napi::Buffer<char> data = bytes_arg(files.Get(path));
        check(env, rsb_command_add_file(command->handle, path.c_str(), data.Data(), data.Length()));
    }
    std::string cwd = spec.Get("cwd").As<Napi::String>().Utf8Value();
    if (!cwd.empty()) check(env, rsb_command_set_cwd(command->handle, cwd.c_str()));
    return command;
}

// A result handle as [status, exitCode, signal, cliExitCode, stdout, stderr, handle]: what
// nearly every caller reads, and the handle (an External that frees the result when collected)
// for resultJson(). index.js reads the other fields (message, usage, events, ...) from that
// JSON when first asked: serialising and parsing the whole result on every run cost more than
// the verdict right after the run, when caches are cold.
Napi::Array result_verdict(Napi::Env env, rsb_result* raw) {
    auto handle = Napi::External<rsb_result>::New(env, raw, [](Napi::Env, rsb_result* r) { rsb_result_free(r); });
    rsb_run_status status;
    const char* status_name = nullptr;
    int exit_code = 0, signal = 0, cli_exit_code = 0;
    check(env, rsb_result_status(raw, &status));
    check(env, rsb_run_status_name(status, &status_name));
    check(env, rsb_result_exit_code(raw, &exit_code));
    check(env, rsb_result_signal(raw, &signal));
    check(env, rsb_result_cli_exit_code(raw, &cli_exit_code));
    const char* out = nullptr;
    const char* err = nullptr;
    std::size_t out_length = 0, err_length = 0;
    check(env, rsb_result_stdout(raw, &out, &out_length));
    check(env, rsb_result_stderr(raw, &err, &err_length));
    Napi::Array verdict = Napi::Array::New(env, 7);
    verdict.Set(0u, status_name);
    verdict.Set(1u, exit_code);
    verdict.Set(2u, signal);
    verdict.Set(3u, cli_exit_code);
    verdict.Set(4u, Napi::Buffer<char>::Copy(env, out, out_length));
    verdict.Set(5u, Napi::Buffer<char>::Copy(env, err, err_length));
    verdict.Set(6u, handle);
    return verdict;
}

// resultJson(handle): the library's result JSON (C++ Result::to_json()) of a result_verdict handle.
Napi::Value result_json(const Napi::CallbackInfo& info) {
    OwnedString json;
    check(info.Env(), rsb_result_to_json(info[0].As<Napi::External<rsb_result>>().Data(), &json.text));
    return Napi::String::New(info.Env(), json.text);
}

// Options of a run beyond policy and command: {monitorIntervalMs, monitorHistory,
// monitorThresholds, telemetry: []};
// index.js has checked the types.
void configure(Napi::Env env, rsb_sandbox* sandbox, const Napi::Object& options) {
    Napi::Value interval = options.Get("monitorIntervalMs");
    if (interval.IsNumber()) {
        check(env, rsb_sandbox_set_monitor(sandbox, interval.As<Napi::Number>().Uint32Value(),
                                           options.Get("monitorHistory").As<Napi::Number>().Uint32Value()));
        // [[metric, warn, limit], ...], a negative level unset
        Napi::Array thresholds = options.Get("monitorThresholds").As<Napi::Array>();
        for (std::uint32_t i = 0; i < thresholds.Length(); ++i) {
            Napi::Array t = thresholds.Get(i).As<Napi::Array>();
            check(env, rsb_sandbox_set_monitor_threshold(sandbox, t.Get(0u).As<Napi::String>().Utf8Value().c_str(),
                                                         t.Get(1u).As<Napi::Number>().DoubleValue(),
                                                         t.Get(2u).As<Napi::Number>().DoubleValue()));
        }
    }
    Napi::Array telemetry = options.Get("telemetry").As<Napi::Array>();
    for (std::uint32_t i = 0; i < telemetry.Length(); ++i)
        check(env, rsb_sandbox_add_telemetry(sandbox, telemetry_handle(env, telemetry.Get(i))));
}

// new Sandbox(policyJson, options): a validated policy with its run options (monitor,
// telemetry), from which any number of runs start (rs.Sandbox holds one; rs.run() and
// rs.start() make one per call).
class Sandbox : public Napi::ObjectWrap<Sandbox> {
public:
    static Napi::Function define(Napi::Env env) { return DefineClass(env, "Sandbox", {}); }

    explicit Sandbox(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Sandbox>(info) {
        Napi::Env env = info.Env();
        sandbox_ = sandbox_from(env, info[0].As<Napi::String>().Utf8Value());
        configure(env, sandbox_->handle, info[1].As<Napi::Object>());
    }

    rsb_sandbox* handle() const { return sandbox_->handle; }

private:
    std::unique_ptr<SandboxHandle> sandbox_;
};

class Run : public Napi::ObjectWrap<Run> {
public:
    static Napi::Function define(Napi::Env env) {
        return DefineClass(env, "Run",
                           {InstanceAccessor<&Run::pid>("pid"), InstanceMethod<&Run::kill>("kill"),
                            InstanceMethod<&Run::poll>("poll"), InstanceMethod<&Run::close>("close")});
    }

    // new Run(sandbox, command, onMessage, streamEvents): checks its arguments, then returns
    // at once; the box is launched on the library's supervisor thread (which took copies of
    // the sandbox and the command). onMessage gets ('event', json) for each event if
    // streamEvents (the first, "started", once the box exists), and ('done') at the end.
    explicit Run(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Run>(info) {
        Napi::Env env = info.Env();
        const Sandbox* sandbox = Sandbox::Unwrap(info[0].As<Napi::Object>());
        std::unique_ptr<CommandHandle> command = command_from(env, info[1].As<Napi::Object>());
        forwarder_ = std::make_unique<Forwarder>();
        forwarder_->tsfn = Napi::ThreadSafeFunction::New(env, info[2].As<Napi::Function>(), "rusty-sandbox run", 0, 1);
        // Events cross to JavaScript during the run only for someone listening: each wakes
        // the event loop while the box still needs the CPU (they are in the result anyway).
        const bool stream_events = info[3].As<Napi::Boolean>().Value();
        rsb_code code = rsb_sandbox_start_async(sandbox->handle(), command->handle,
                                                stream_events ? Forwarder::on_event : nullptr, Forwarder::on_done,
                                                forwarder_.get(), &handle_);
        if (code < 0) {
            std::string message = rsb_last_error();
            forwarder_->release();
            throw error_for(env, code, message);
        }
    }
    ~Run() override { free(); }

private:
    rsb_run* live(Napi::Env env) const {
        if (handle_ == nullptr) throw error_for(env, RSB_ERR_INVALID_HANDLE, "the run handle was closed");
        return handle_;
    }
    // 0 until the box is launched, and once it has been reaped.
    Napi::Value pid(const Napi::CallbackInfo& info) {
        int pid = 0;
        check(info.Env(), rsb_run_pid(live(info.Env()), &pid));
        return Napi::Number::New(info.Env(), pid);
    }
    // Before the launch: remembered, the box is killed as soon as it exists.
    void kill(const Napi::CallbackInfo& info) { check(info.Env(), rsb_run_kill(live(info.Env()))); }
    Napi::Value poll(const Napi::CallbackInfo& info) {
        rsb_result* result = nullptr;
        rsb_code code = rsb_run_poll(live(info.Env()), &result);
        check(info.Env(), code);
        if (code == RSB_PENDING) return info.Env().Null();
        return result_verdict(info.Env(), result);
    }
    void close(const Napi::CallbackInfo&) { free(); }
    // Frees the run (killing it if it still runs, cancelling a launch not yet made); no
    // callback comes after rsb_run_free.
    void free() {
        if (handle_ != nullptr) {
            rsb_run_free(handle_);
            handle_ = nullptr;
        }
        if (forwarder_) forwarder_->release();
    }

    std::unique_ptr<Forwarder> forwarder_;
    rsb_run* handle_ = nullptr;
};

// runCode(policyJson, language, source) -> Promise<result>, run on a libuv worker thread.
class RunCodeWorker : public Napi::AsyncWorker {
public:
    RunCodeWorker(Napi::Env env, std::unique_ptr<SandboxHandle> sandbox, std::string language, std::string source)
        : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), sandbox_(std::move(sandbox)),
          language_(std::move(language)), source_(std::move(source)) {}

    Napi::Promise promise() { return deferred_.Promise(); }

    void Execute() override {
        code_ = rsb_sandbox_run_code(sandbox_->handle, language_.c_str(), source_.data(), source_.size(), &result_);
        if (code_ < 0) message_ = rsb_last_error();  // per thread: read it on this thread
    }
    void OnOK() override {
        Napi::Env env = Env();
        if (code_ < 0) {
            deferred_.Reject(error_for(env, code_, message_).Value());
            return;
        }
        deferred_.Resolve(result_verdict(env, result_));
    }

private:
    Napi::Promise::Deferred deferred_;
    std::unique_ptr<SandboxHandle> sandbox_;
    std::string language_, source_, message_;
    rsb_code code_ = RSB_OK;
    rsb_result* result_ = nullptr;
};

Napi::Value run_code(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    auto* worker = new RunCodeWorker(env, sandbox_from(env, info[0].As<Napi::String>().Utf8Value()),
                                     info[1].As<Napi::String>().Utf8Value(), info[2].As<Napi::String>().Utf8Value());
    Napi::Promise promise = worker->promise();
    worker->Queue();
    return promise;
}

Napi::Value owned_string(Napi::Env env, rsb_code (*call)(char**)) {
    OwnedString text;
    check(env, call(&text.text));
    return Napi::String::New(env, text.text);
}

Napi::Value parse(const Napi::CallbackInfo& info, rsb_code (*call)(const char*, const char*, uint64_t*)) {
    std::uint64_t value = 0;
    check(info.Env(), call(info[0].As<Napi::String>().Utf8Value().c_str(),
                           info[1].As<Napi::String>().Utf8Value().c_str(), &value));
    return Napi::Number::New(info.Env(), static_cast<double>(value));
}

Napi::Object init(Napi::Env env, Napi::Object exports) {
    exports.Set("Sandbox", Sandbox::define(env));
    exports.Set("Run", Run::define(env));
    exports.Set("Monitor", define_monitor(env));
    exports.Set("Telemetry", define_telemetry(env));
    exports.Set("runCode", Napi::Function::New(env, run_code));
    exports.Set("resultJson", Napi::Function::New(env, result_json));
    exports.Set("abiVersion", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
                    return Napi::Number::New(info.Env(), rsb_abi_version());
                }));
    exports.Set("headerAbiVersion", Napi::Number::New(env, RSB_ABI_VERSION));
    exports.Set("libraryVersion", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
                    const char* version = nullptr;
                    check(info.Env(), rsb_library_version(&version));
                    return Napi::String::New(info.Env(), version);
                }));
    exports.Set("checkHostJson", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
                    return owned_string(info.Env(), rsb_check_host_json);
                }));
    exports.Set("checkHostText", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
                    return owned_string(info.Env(), rsb_check_host_text);
                }));
    // resultReport(json): the readable report of a result (C++ Result::to_report()).
    exports.Set("resultReport", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
                    rsb_result* parsed = nullptr;
                    check(info.Env(), rsb_result_from_json(info[0].As<Napi::String>().Utf8Value().c_str(), &parsed));
                    std::unique_ptr<rsb_result, rsb_code (*)(rsb_result*)> owner(parsed, rsb_result_free);
                    OwnedString report;
                    check(info.Env(), rsb_result_to_report(parsed, &report.text));
                    return Napi::String::New(info.Env(), report.text);
                }));
    exports.Set("parseSize", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
                    return parse(info, rsb_parse_size);
                }));
    exports.Set("parseDurationMs", Napi::Function::New(env, [](const Napi::CallbackInfo& info) {
                    return parse(info, rsb_parse_duration_ms);
                }));
    return exports;
}

}  // namespace

NODE_API_MODULE(rusty_sandbox, init)
