// How every rsb_ function turns C++ outcomes into an rsb_code and a per-thread message.
#pragma once

#include "handles.hpp"

#include <cstring>
#include <exception>
#include <new>
#include <string>
#include <string_view>
#include <utility>

namespace sandbox::capi {

// Thrown inside the shim for argument problems; carries the code to return.
class CallError : public std::exception {
public:
    CallError(rsb_code code, std::string message) : code_(code), message_(std::move(message)) {}
    rsb_code code() const { return code_; }
    const char* what() const noexcept override { return message_.c_str(); }

private:
    rsb_code code_;
    std::string message_;
};

// Records `message` (prefixed with the function name) as this thread's last error.
rsb_code fail(const char* function, rsb_code code, std::string_view message);

// Runs `body` (returning rsb_code); any exception becomes a code and the last error.
template <class Body>
rsb_code guarded(const char* function, Body&& body) noexcept {
    try {
        return body();
    } catch (const CallError& e) {
        return fail(function, e.code(), e.what());
    } catch (const PolicyError& e) {
        return fail(function, RSB_ERR_POLICY, e.what());
    } catch (const SetupError& e) {
        return fail(function, RSB_ERR_SETUP, e.what());
    } catch (const std::bad_alloc&) {
        return fail(function, RSB_ERR_INTERNAL, "out of memory");
    } catch (const std::exception& e) {
        return fail(function, RSB_ERR_INTERNAL, e.what());
    } catch (...) {
        return fail(function, RSB_ERR_INTERNAL, "unknown exception");
    }
}

// Throws RSB_ERR_NULL_ARGUMENT naming the parameter when `pointer` is NULL.
inline void require(const void* pointer, const char* parameter) {
    if (pointer == nullptr) throw CallError(RSB_ERR_NULL_ARGUMENT, std::string(parameter) + " is NULL");
}

// Returns the handle's object, or throws RSB_ERR_INVALID_HANDLE.
template <class T>
T* live(T* handle, HandleKind kind, const char* parameter) {
    if (!is_live(handle, kind))
        throw CallError(RSB_ERR_INVALID_HANDLE,
                        std::string(parameter) + (handle == nullptr ? " is NULL"
                                                                    : " is not a live handle of its kind (freed?)"));
    return handle;
}

// A malloc'ed NUL-terminated copy the caller releases with rsb_free.
char* owned_copy(std::string_view text);

// Wraps a new object into a registered handle.
template <class Handle, class... Args>
Handle* make_handle(HandleKind kind, Args&&... args) {
    auto* handle = new Handle{std::forward<Args>(args)...};
    register_handle(handle, kind);
    return handle;
}

template <class Handle>
void free_handle(Handle* handle) {
    unregister_handle(handle);
    delete handle;
}

}  // namespace sandbox::capi
