// Conversions between the C ABI's enums and the C++ ones. A C value outside its enum
// throws CallError(RSB_ERR_INVALID_ARGUMENT) naming it: C callers can pass any int.
#pragma once

#include "call.hpp"

namespace sandbox::capi {

SecurityLevel to_cpp(rsb_level level);
rsb_level to_c(SecurityLevel level);
Status to_cpp(rsb_run_status status);
rsb_run_status to_c(Status status);
NetworkMode to_cpp(rsb_network network);
rsb_network to_c(NetworkMode network);
OutputOverflow to_cpp(rsb_output_overflow mode);
rsb_output_overflow to_c(OutputOverflow mode);
SeccompMode to_cpp(rsb_seccomp mode);
rsb_seccomp to_c(SeccompMode mode);
BreachResponse to_cpp(rsb_breach_response response);
rsb_breach_response to_c(BreachResponse response);

// NUL-terminated names for C callers (to_string gives string_views).
const char* c_name(SecurityLevel level);
const char* c_name(Status status);
const char* c_name(SeccompMode mode);
const char* c_name(BreachResponse response);

// The value whose to_string() is `name`; PolicyError "<what>: unknown ... " listing the names.
SeccompMode seccomp_from_name(std::string_view name);
BreachResponse breach_response_from_name(std::string_view name);

}  // namespace sandbox::capi
