// Library-wide calls: versions, enum names, size and duration parsing, host check.
#include "call.hpp"
#include "enums.hpp"

#include <sandbox/version.hpp>

using namespace sandbox;
using namespace sandbox::capi;

extern "C" {

uint32_t rsb_abi_version(void) {
    return RSB_ABI_VERSION;
}

rsb_code rsb_library_version(const char** out) {
    return guarded(__func__, [&] {
        require(out, "out");
        *out = sandbox::version;
        return RSB_OK;
    });
}

rsb_code rsb_level_name(rsb_level level, const char** out) {
    return guarded(__func__, [&] {
        require(out, "out");
        *out = c_name(to_cpp(level));
        return RSB_OK;
    });
}

rsb_code rsb_run_status_name(rsb_run_status status, const char** out) {
    return guarded(__func__, [&] {
        require(out, "out");
        *out = c_name(to_cpp(status));
        return RSB_OK;
    });
}

rsb_code rsb_level_from_name(const char* name, rsb_level* out) {
    return guarded(__func__, [&] {
        require(name, "name");
        require(out, "out");
        *out = to_c(security_level_from_string(name));
        return RSB_OK;
    });
}

rsb_code rsb_run_status_from_name(const char* name, rsb_run_status* out) {
    return guarded(__func__, [&] {
        require(name, "name");
        require(out, "out");
        *out = to_c(status_from_string(name));
        return RSB_OK;
    });
}

rsb_code rsb_seccomp_name(rsb_seccomp mode, const char** out) {
    return guarded(__func__, [&] {
        require(out, "out");
        *out = c_name(to_cpp(mode));
        return RSB_OK;
    });
}

rsb_code rsb_seccomp_from_name(const char* name, rsb_seccomp* out) {
    return guarded(__func__, [&] {
        require(name, "name");
        require(out, "out");
        *out = to_c(seccomp_from_name(name));
        return RSB_OK;
    });
}

rsb_code rsb_breach_response_name(rsb_breach_response response, const char** out) {
    return guarded(__func__, [&] {
        require(out, "out");
        *out = c_name(to_cpp(response));
        return RSB_OK;
    });
}

rsb_code rsb_breach_response_from_name(const char* name, rsb_breach_response* out) {
    return guarded(__func__, [&] {
        require(name, "name");
        require(out, "out");
        *out = to_c(breach_response_from_name(name));
        return RSB_OK;
    });
}

rsb_code rsb_parse_size(const char* text, const char* what, uint64_t* out) {
    return guarded(__func__, [&] {
        require(text, "text");
        require(out, "out");
        *out = parse_size(text, what != nullptr ? what : "size");
        return RSB_OK;
    });
}

rsb_code rsb_parse_duration_ms(const char* text, const char* what, uint64_t* out) {
    return guarded(__func__, [&] {
        require(text, "text");
        require(out, "out");
        *out = parse_duration_ms(text, what != nullptr ? what : "duration");
        return RSB_OK;
    });
}

rsb_code rsb_check_host_json(char** out) {
    return guarded(__func__, [&] {
        require(out, "out");
        *out = owned_copy(check_host().to_json());
        return RSB_OK;
    });
}

rsb_code rsb_check_host_text(char** out) {
    return guarded(__func__, [&] {
        require(out, "out");
        *out = owned_copy(check_host().to_text());
        return RSB_OK;
    });
}

}  // extern "C"
