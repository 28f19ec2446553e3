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

// NUL-terminated names for C callers (to_string gives string_views).
const char* c_name(SecurityLevel level);
const char* c_name(Status status);

}  // namespace sandbox::capi
