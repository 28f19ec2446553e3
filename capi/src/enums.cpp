#include "enums.hpp"

#include <array>
#include <string>

namespace sandbox::capi {
namespace {

// The C and C++ enums list the same values in the same order; the static_asserts below
// keep it that way, so a range check and a cast convert them.
template <class Cpp, class C>
Cpp checked(C value, int last, const char* type) {
    const int number = static_cast<int>(value);
    if (number < 0 || number > last)
        throw CallError(RSB_ERR_INVALID_ARGUMENT,
                        std::to_string(number) + " is not a valid " + type);
    return static_cast<Cpp>(number);
}

static_assert(int(SecurityLevel::maximum) == RSB_LEVEL_MAXIMUM);
static_assert(int(Status::internal_error) == RSB_STATUS_INTERNAL_ERROR);
static_assert(int(Status::killed) == RSB_STATUS_KILLED);
static_assert(int(NetworkMode::none) == RSB_NETWORK_NONE);
static_assert(int(OutputOverflow::truncate) == RSB_OVERFLOW_TRUNCATE);
static_assert(int(SeccompMode::allowlist_kill) == RSB_SECCOMP_ALLOWLIST_KILL);
static_assert(int(BreachResponse::terminate) == RSB_BREACH_TERMINATE);

// Copies every to_string() name of an enum with values 0..Last into std::strings once.
template <class Enum, int Last>
const char* cached_name(Enum value) {
    static const std::array<std::string, Last + 1> names = [] {
        std::array<std::string, Last + 1> all;
        for (int i = 0; i <= Last; ++i) all[i] = std::string(to_string(static_cast<Enum>(i)));
        return all;
    }();
    return names.at(static_cast<std::size_t>(value)).c_str();
}

// The enum value named `name` among 0..Last; PolicyError naming `what` and the choices.
template <class Enum, int Last>
Enum from_name(std::string_view name, const char* what) {
    std::string choices;
    for (int i = 0; i <= Last; ++i) {
        const auto value = static_cast<Enum>(i);
        if (to_string(value) == name) return value;
        choices += (i == 0 ? "" : ", ") + std::string(to_string(value));
    }
    throw PolicyError(std::string(what) + ": unknown value '" + std::string(name) + "' (one of " + choices + ")");
}

}  // namespace

SeccompMode seccomp_from_name(std::string_view name) {
    return from_name<SeccompMode, RSB_SECCOMP_ALLOWLIST_KILL>(name, "seccomp");
}
BreachResponse breach_response_from_name(std::string_view name) {
    return from_name<BreachResponse, RSB_BREACH_TERMINATE>(name, "on_breach");
}

const char* c_name(SeccompMode mode) {
    return cached_name<SeccompMode, RSB_SECCOMP_ALLOWLIST_KILL>(mode);
}
const char* c_name(BreachResponse response) {
    return cached_name<BreachResponse, RSB_BREACH_TERMINATE>(response);
}

const char* c_name(SecurityLevel level) {
    return cached_name<SecurityLevel, RSB_LEVEL_MAXIMUM>(level);
}
const char* c_name(Status status) {
    return cached_name<Status, RSB_STATUS_INTERNAL_ERROR>(status);
}

SecurityLevel to_cpp(rsb_level level) {
    return checked<SecurityLevel>(level, RSB_LEVEL_MAXIMUM, "rsb_level");
}
rsb_level to_c(SecurityLevel level) {
    return static_cast<rsb_level>(level);
}
Status to_cpp(rsb_run_status status) {
    return checked<Status>(status, RSB_STATUS_INTERNAL_ERROR, "rsb_run_status");
}
rsb_run_status to_c(Status status) {
    return static_cast<rsb_run_status>(status);
}
NetworkMode to_cpp(rsb_network network) {
    return checked<NetworkMode>(network, RSB_NETWORK_NONE, "rsb_network");
}
rsb_network to_c(NetworkMode network) {
    return static_cast<rsb_network>(network);
}
OutputOverflow to_cpp(rsb_output_overflow mode) {
    return checked<OutputOverflow>(mode, RSB_OVERFLOW_TRUNCATE, "rsb_output_overflow");
}
rsb_output_overflow to_c(OutputOverflow mode) {
    return static_cast<rsb_output_overflow>(mode);
}
SeccompMode to_cpp(rsb_seccomp mode) {
    return checked<SeccompMode>(mode, RSB_SECCOMP_ALLOWLIST_KILL, "rsb_seccomp");
}
rsb_seccomp to_c(SeccompMode mode) {
    return static_cast<rsb_seccomp>(mode);
}
BreachResponse to_cpp(rsb_breach_response response) {
    return checked<BreachResponse>(response, RSB_BREACH_TERMINATE, "rsb_breach_response");
}
rsb_breach_response to_c(BreachResponse response) {
    return static_cast<rsb_breach_response>(response);
}

}  // namespace sandbox::capi
