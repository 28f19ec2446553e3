#include "telemetry.hpp"

#include "napi_common.hpp"

#include <functional>

namespace rsb_node {
namespace {

// Runs a blocking rsb_ call on a libuv worker thread and settles a Promise with its code.
class BlockingCall : public Napi::AsyncWorker {
public:
    BlockingCall(Napi::Env env, std::function<rsb_code()> call, Napi::Object keep_alive)
        : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), call_(std::move(call)),
          keep_alive_(Napi::Persistent(keep_alive)) {}
    Napi::Promise promise() { return deferred_.Promise(); }
    void Execute() override {
        code_ = call_();
        if (code_ < 0) message_ = rsb_last_error();  // per thread: read it on this thread
    }
    void OnOK() override {
        if (code_ < 0)
            deferred_.Reject(error_for(Env(), code_, message_).Value());
        else
            deferred_.Resolve(Napi::Boolean::New(Env(), code_ == RSB_OK));
    }

private:
    Napi::Promise::Deferred deferred_;
    std::function<rsb_code()> call_;
    Napi::ObjectReference keep_alive_;
    rsb_code code_ = RSB_OK;
    std::string message_;
};

class Telemetry : public Napi::ObjectWrap<Telemetry> {
public:
    static Napi::Function define(Napi::Env env) {
        return DefineClass(env, "Telemetry",
                           {InstanceAccessor<&Telemetry::prometheus_port>("prometheusPort"),
                            InstanceMethod<&Telemetry::stats_json>("statsJson"),
                            InstanceMethod<&Telemetry::flush>("flush"), InstanceMethod<&Telemetry::close>("close")});
    }

    explicit Telemetry(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Telemetry>(info) {
        check(info.Env(), rsb_telemetry_from_json(info[0].As<Napi::String>().Utf8Value().c_str(), &handle_));
    }
    // Garbage collected without close(): flushes on this thread, bounded by the OTLP timeout.
    ~Telemetry() override {
        if (handle_ != nullptr) rsb_telemetry_free(handle_);
    }

    rsb_telemetry* live(Napi::Env env) const {
        if (handle_ == nullptr || closing_) throw error_for(env, RSB_ERR_INVALID_HANDLE, "the telemetry was closed");
        return handle_;
    }

private:
    Napi::Value prometheus_port(const Napi::CallbackInfo& info) {
        int port = 0;
        check(info.Env(), rsb_telemetry_prometheus_port(live(info.Env()), &port));
        return Napi::Number::New(info.Env(), port);
    }
    Napi::Value stats_json(const Napi::CallbackInfo& info) {
        OwnedString json;
        check(info.Env(), rsb_telemetry_stats_json(live(info.Env()), &json.text));
        return Napi::String::New(info.Env(), json.text);
    }
    // flush(timeoutMs) -> Promise<boolean>: true when everything was delivered in time.
    Napi::Value flush(const Napi::CallbackInfo& info) {
        rsb_telemetry* telemetry = live(info.Env());
        const auto timeout_ms = static_cast<std::int64_t>(info[0].As<Napi::Number>().Int64Value());
        auto* worker = new BlockingCall(
            info.Env(), [telemetry, timeout_ms] { return rsb_telemetry_flush(telemetry, timeout_ms); }, Value());
        worker->Queue();
        return worker->promise();
    }
    // close() -> Promise: flushes and stops the exporters off the event loop.
    Napi::Value close(const Napi::CallbackInfo& info) {
        rsb_telemetry* telemetry = live(info.Env());
        closing_ = true;
        auto* worker = new BlockingCall(
            info.Env(),
            [this, telemetry] {
                rsb_code code = rsb_telemetry_free(telemetry);
                handle_ = nullptr;
                return code;
            },
            Value());
        worker->Queue();
        return worker->promise();
    }

    rsb_telemetry* handle_ = nullptr;
    bool closing_ = false;  // set on the JS thread; handle_ is cleared by the worker
};

}  // namespace

Napi::Function define_telemetry(Napi::Env env) {
    Napi::Function constructor = Telemetry::define(env);
    // Kept to recognise Telemetry objects passed back in (telemetry_handle).
    env.SetInstanceData(new Napi::FunctionReference(Napi::Persistent(constructor)));
    return constructor;
}

rsb_telemetry* telemetry_handle(Napi::Env env, Napi::Value value) {
    if (!value.IsObject()) throw error_for(env, RSB_ERR_INVALID_ARGUMENT, "telemetry: expected a Telemetry");
    Napi::Object object = value.As<Napi::Object>();
    if (!object.InstanceOf(env.GetInstanceData<Napi::FunctionReference>()->Value()))
        throw error_for(env, RSB_ERR_INVALID_ARGUMENT, "telemetry: expected a Telemetry");
    return Napi::ObjectWrap<Telemetry>::Unwrap(object)->live(env);
}

}  // namespace rsb_node
