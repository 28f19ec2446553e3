// What the addon's parts share: rsb_code to JS errors, caller-owned strings, and the
// forwarding of supervisor-thread callbacks to JavaScript through a ThreadSafeFunction.
#pragma once

#include <sandbox/sandbox.h>

#include <napi.h>

#include <atomic>
#include <memory>
#include <string>

namespace rsb_node {

inline const char* code_name(rsb_code code) {
    switch (code) {
        case RSB_ERR_NULL_ARGUMENT: return "RSB_ERR_NULL_ARGUMENT";
        case RSB_ERR_INVALID_HANDLE: return "RSB_ERR_INVALID_HANDLE";
        case RSB_ERR_INVALID_ARGUMENT: return "RSB_ERR_INVALID_ARGUMENT";
        case RSB_ERR_POLICY: return "RSB_ERR_POLICY";
        case RSB_ERR_SETUP: return "RSB_ERR_SETUP";
        case RSB_ERR_WRONG_THREAD: return "RSB_ERR_WRONG_THREAD";
        case RSB_ERR_NO_PROCESS: return "RSB_ERR_NO_PROCESS";
        default: return "RSB_ERR_INTERNAL";
    }
}

inline Napi::Error error_for(Napi::Env env, rsb_code code, const std::string& message) {
    Napi::Error error = Napi::Error::New(env, message);
    error.Set("code", Napi::String::New(env, code_name(code)));
    return error;
}

// Throws a JS Error carrying rsb_last_error() and the code's name (index.js maps it to a class).
inline void check(Napi::Env env, rsb_code code) {
    if (code < 0) throw error_for(env, code, rsb_last_error());
}

struct OwnedString {
    char* text = nullptr;
    ~OwnedString() { rsb_free(text); }
};

// One message from the supervisor thread to JavaScript: an event's JSON, or the end.
struct Message {
    bool done;
    std::string json;
};

inline void deliver(Napi::Env env, Napi::Function on_message, Message* message) {
    std::unique_ptr<Message> owned(message);
    if (env == nullptr) return;  // the environment is shutting down
    on_message.Call({Napi::String::New(env, owned->done ? "done" : "event"),
                     Napi::String::New(env, owned->json)});
}

// The C callbacks' user_data: forwards to the ThreadSafeFunction, which it releases exactly
// once (after the end, or when the handle is closed first).
struct Forwarder {
    Napi::ThreadSafeFunction tsfn;
    std::atomic<bool> released{false};

    void send(Message* message) {
        if (released.load() || tsfn.NonBlockingCall(message, deliver) != napi_ok) delete message;
    }
    void release() {
        if (!released.exchange(true)) tsfn.Release();
    }
    static void on_event(const char* json, std::size_t length, void* user_data) {
        static_cast<Forwarder*>(user_data)->send(new Message{false, std::string(json, length)});
    }
    static void on_done(void* user_data) {
        auto* self = static_cast<Forwarder*>(user_data);
        self->send(new Message{true, {}});
        self->release();
    }
};

}  // namespace rsb_node
