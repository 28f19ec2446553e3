// rsb_result_*: Result behind a handle; getters borrow, JSON and reports are caller-owned.
#include "call.hpp"
#include "enums.hpp"

#include <string>

using namespace sandbox;
using namespace sandbox::capi;

namespace {

const Result& result_of(const rsb_result* handle) {
    return live(const_cast<rsb_result*>(handle), HandleKind::result, "result")->result;
}

// Reads one field of a live result into a non-NULL `out`.
template <class Out, class Get>
rsb_code get(const char* function, const rsb_result* handle, Out* out, Get field) {
    return guarded(function, [&] {
        const auto& r = result_of(handle);
        require(out, "out");
        *out = field(r);
        return RSB_OK;
    });
}

rsb_code get_bytes(const char* function, const rsb_result* handle, const char** data,
                   size_t* length, const std::string Result::*member) {
    return guarded(function, [&] {
        const auto& r = result_of(handle);
        require(data, "data");
        require(length, "length");
        *data = (r.*member).data();
        *length = (r.*member).size();
        return RSB_OK;
    });
}

void check_index(size_t index, size_t size, const char* what) {
    if (index >= size)
        throw CallError(RSB_ERR_INVALID_ARGUMENT, "index " + std::to_string(index) +
                                                      " is past the " + std::to_string(size) +
                                                      " " + what);
}

}  // namespace

extern "C" {

rsb_code rsb_result_status(const rsb_result* result, rsb_run_status* out) {
    return get(__func__, result, out, [](const Result& r) { return to_c(r.status); });
}
rsb_code rsb_result_exit_code(const rsb_result* result, int* out) {
    return get(__func__, result, out, [](const Result& r) { return r.exit_code; });
}
rsb_code rsb_result_signal(const rsb_result* result, int* out) {
    return get(__func__, result, out, [](const Result& r) { return r.signal; });
}
rsb_code rsb_result_cli_exit_code(const rsb_result* result, int* out) {
    return get(__func__, result, out, [](const Result& r) { return r.cli_exit_code(); });
}
rsb_code rsb_result_wall_time_s(const rsb_result* result, double* out) {
    return get(__func__, result, out, [](const Result& r) { return r.wall_time_s; });
}
rsb_code rsb_result_cpu_user_s(const rsb_result* result, double* out) {
    return get(__func__, result, out, [](const Result& r) { return r.cpu_user_s; });
}
rsb_code rsb_result_cpu_sys_s(const rsb_result* result, double* out) {
    return get(__func__, result, out, [](const Result& r) { return r.cpu_sys_s; });
}
rsb_code rsb_result_peak_memory_bytes(const rsb_result* result, uint64_t* out) {
    return get(__func__, result, out, [](const Result& r) { return r.peak_memory_bytes; });
}
rsb_code rsb_result_stdout(const rsb_result* result, const char** data, size_t* length) {
    return get_bytes(__func__, result, data, length, &Result::stdout_data);
}
rsb_code rsb_result_stderr(const rsb_result* result, const char** data, size_t* length) {
    return get_bytes(__func__, result, data, length, &Result::stderr_data);
}
rsb_code rsb_result_stdout_truncated(const rsb_result* result, int* out) {
    return get(__func__, result, out, [](const Result& r) { return r.stdout_truncated ? 1 : 0; });
}
rsb_code rsb_result_stderr_truncated(const rsb_result* result, int* out) {
    return get(__func__, result, out, [](const Result& r) { return r.stderr_truncated ? 1 : 0; });
}
rsb_code rsb_result_message(const rsb_result* result, const char** out) {
    return get(__func__, result, out, [](const Result& r) { return r.message.c_str(); });
}
rsb_code rsb_result_usage_source(const rsb_result* result, const char** out) {
    return get(__func__, result, out, [](const Result& r) { return r.usage_source.c_str(); });
}
rsb_code rsb_result_degraded_count(const rsb_result* result, size_t* out) {
    return get(__func__, result, out, [](const Result& r) { return r.degraded.size(); });
}
rsb_code rsb_result_degraded(const rsb_result* result, size_t index, const char** out) {
    return get(__func__, result, out, [&](const Result& r) {
        check_index(index, r.degraded.size(), "degraded entries");
        return r.degraded[index].c_str();
    });
}
rsb_code rsb_result_event_count(const rsb_result* result, size_t* out) {
    return get(__func__, result, out, [](const Result& r) { return r.events.size(); });
}
rsb_code rsb_result_event_json(const rsb_result* result, size_t index, char** out) {
    return get(__func__, result, out, [&](const Result& r) {
        check_index(index, r.events.size(), "events");
        return owned_copy(r.events[index].to_json());
    });
}
rsb_code rsb_result_to_json(const rsb_result* result, char** out) {
    return get(__func__, result, out, [](const Result& r) { return owned_copy(r.to_json()); });
}
rsb_code rsb_result_to_report(const rsb_result* result, char** out) {
    return get(__func__, result, out, [](const Result& r) { return owned_copy(r.to_report()); });
}

rsb_code rsb_result_from_json(const char* json, rsb_result** out) {
    return guarded(__func__, [&] {
        require(json, "json");
        require(out, "out");
        *out = make_handle<rsb_result>(HandleKind::result, Result::from_json(json));
        return RSB_OK;
    });
}

rsb_code rsb_result_free(rsb_result* result) {
    return guarded(__func__, [&] {
        free_handle(live(result, HandleKind::result, "result"));
        return RSB_OK;
    });
}

}  // extern "C"
