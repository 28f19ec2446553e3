#include "monitor.hpp"

#include "napi_common.hpp"

namespace rsb_node {
namespace {

// Forwards samples; the "monitor_ended" event is the last one, so it releases the function
// (letting Node exit) once that event is queued.
void forward_sample(const char* json, std::size_t length, void* user_data) {
    auto* forwarder = static_cast<Forwarder*>(user_data);
    std::string event(json, length);
    const bool last = event.find("\"name\":\"monitor_ended\"") != std::string::npos;
    forwarder->send(new Message{false, std::move(event)});
    if (last) forwarder->release();
}

class Monitor : public Napi::ObjectWrap<Monitor> {
public:
    static Napi::Function define(Napi::Env env) {
        return DefineClass(env, "Monitor",
                           {InstanceAccessor<&Monitor::running>("running"),
                            InstanceAccessor<&Monitor::sample_count>("sampleCount"),
                            InstanceMethod<&Monitor::stop>("stop"), InstanceMethod<&Monitor::close>("close")});
    }

    explicit Monitor(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Monitor>(info) {
        Napi::Env env = info.Env();
        const int pid = info[0].As<Napi::Number>().Int32Value();
        const auto interval_ms = info[1].As<Napi::Number>().Uint32Value();
        forwarder_ = std::make_unique<Forwarder>();
        forwarder_->tsfn = Napi::ThreadSafeFunction::New(env, info[2].As<Napi::Function>(), "rusty-sandbox monitor", 0, 1);
        rsb_code code = rsb_monitor_pid_start(pid, interval_ms, forward_sample, forwarder_.get(), &handle_);
        if (code < 0) {
            forwarder_->release();
            check(env, code);
        }
    }
    ~Monitor() override { free(); }

private:
    rsb_monitor* live(Napi::Env env) const {
        if (handle_ == nullptr) throw error_for(env, RSB_ERR_INVALID_HANDLE, "the monitor was closed");
        return handle_;
    }
    Napi::Value running(const Napi::CallbackInfo& info) {
        int value = 0;
        check(info.Env(), rsb_monitor_running(live(info.Env()), &value));
        return Napi::Boolean::New(info.Env(), value != 0);
    }
    Napi::Value sample_count(const Napi::CallbackInfo& info) {
        std::uint64_t value = 0;
        check(info.Env(), rsb_monitor_sample_count(live(info.Env()), &value));
        return Napi::Number::New(info.Env(), static_cast<double>(value));
    }
    // Takes a last sample (queued before the function is released) and stops.
    void stop(const Napi::CallbackInfo& info) {
        check(info.Env(), rsb_monitor_stop(live(info.Env())));
        forwarder_->release();
    }
    void close(const Napi::CallbackInfo&) { free(); }
    void free() {
        if (handle_ == nullptr) return;
        rsb_monitor_free(handle_);
        handle_ = nullptr;
        forwarder_->release();
    }

    std::unique_ptr<Forwarder> forwarder_;
    rsb_monitor* handle_ = nullptr;
};

}  // namespace

Napi::Function define_monitor(Napi::Env env) {
    return Monitor::define(env);
}

}  // namespace rsb_node
