// Parsers for the values of command-line flags. Each throws UsageError naming the flag
// (`name`) and what is wrong with the value.
#pragma once

#include <sandbox/policy.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace sandbox_cli {

std::uint64_t size_value(const std::string& text, std::string_view name);      // "256M"
std::uint64_t duration_ms_value(const std::string& text, std::string_view name);  // "1.5s"
// A whole number from `min` to 2^32-1; `unit` names what is counted ("processes").
std::uint32_t count_value(const std::string& text, std::string_view name, std::uint32_t min,
                          std::string_view unit);
// An existing host path, made absolute and normalised (the policy wants absolute paths).
std::string host_path_value(const std::string& text, std::string_view name);
// "net_bind_service", "NET_BIND_SERVICE" or "CAP_NET_BIND_SERVICE" -> "CAP_NET_BIND_SERVICE";
// refused unless sandbox::capability_number knows it.
std::string capability_value(const std::string& text, std::string_view name);

// basic, standard, enhanced or maximum.
sandbox::SecurityLevel level_value(const std::string& text, std::string_view name);

// "--seccomp: 'strict' is not one of none, denylist, ..."
[[noreturn]] void throw_bad_choice(const std::string& text, std::string_view name, const std::string& expected);

// One of `choices` (each printed by sandbox::to_string), e.g. --seccomp allowlist.
template <typename Enum, std::size_t N>
Enum choice_value(const std::string& text, std::string_view name, const Enum (&choices)[N]) {
    std::string expected;
    for (Enum choice : choices) {
        if (to_string(choice) == text) return choice;
        expected += (expected.empty() ? "" : ", ") + std::string(to_string(choice));
    }
    throw_bad_choice(text, name, expected);
}

}  // namespace sandbox_cli
