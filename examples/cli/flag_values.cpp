#include "flag_values.hpp"

#include "usage_error.hpp"

#include <sandbox/error.hpp>
#include <sandbox/policy.hpp>

#include <cctype>
#include <charconv>
#include <filesystem>
#include <limits>

namespace sandbox_cli {

std::uint64_t size_value(const std::string& text, std::string_view name) {
    try {
        return sandbox::parse_size(text, name);
    } catch (const sandbox::PolicyError& e) {
        throw UsageError(e.what());
    }
}

std::uint64_t duration_ms_value(const std::string& text, std::string_view name) {
    try {
        return sandbox::parse_duration_ms(text, name);
    } catch (const sandbox::PolicyError& e) {
        throw UsageError(e.what());
    }
}

std::uint32_t count_value(const std::string& text, std::string_view name, std::uint32_t min,
                          std::string_view unit) {
    const std::string flag(name);
    std::uint64_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end) {
        throw UsageError(flag + ": '" + text + "' is not a whole number of " + std::string(unit));
    }
    if (value < min) {
        throw UsageError(flag + ": must be at least " + std::to_string(min) + " " + std::string(unit));
    }
    if (value > std::numeric_limits<std::uint32_t>::max()) {
        throw UsageError(flag + ": " + text + " is beyond any kernel's limit of " + std::string(unit));
    }
    return static_cast<std::uint32_t>(value);
}

std::string host_path_value(const std::string& text, std::string_view name) {
    const std::string flag(name);
    if (text.empty()) {
        throw UsageError(flag + ": the path is empty");
    }
    std::error_code ec;
    std::filesystem::path path = std::filesystem::absolute(text, ec).lexically_normal();
    if (ec || !std::filesystem::exists(path, ec)) {
        throw UsageError(flag + ": '" + text + "' does not exist on this host");
    }
    std::string absolute = path.string();
    if (absolute.size() > 1 && absolute.back() == '/') {
        absolute.pop_back();
    }
    return absolute;
}

std::string capability_value(const std::string& text, std::string_view name) {
    std::string upper;
    for (char c : text) {
        upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    if (!upper.starts_with("CAP_")) {
        upper = "CAP_" + upper;
    }
    if (sandbox::capability_number(upper) < 0) {
        throw UsageError(std::string(name) + ": unknown capability '" + text +
                         "' (names as in capabilities(7), e.g. CAP_NET_BIND_SERVICE)");
    }
    return upper;
}

sandbox::SecurityLevel level_value(const std::string& text, std::string_view name) {
    using sandbox::SecurityLevel;
    static constexpr SecurityLevel levels[] = {SecurityLevel::basic, SecurityLevel::standard,
                                               SecurityLevel::enhanced, SecurityLevel::maximum};
    return choice_value(text, name, levels);
}

void throw_bad_choice(const std::string& text, std::string_view name, const std::string& expected) {
    throw UsageError(std::string(name) + ": '" + text + "' is not one of " + expected);
}

}  // namespace sandbox_cli
