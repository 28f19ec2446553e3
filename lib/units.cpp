// Parsing of human sizes ("256M") and durations ("2s") for policies and the CLI.
#include <sandbox/error.hpp>
#include <sandbox/policy.hpp>

#include <cmath>
#include <cstdlib>
#include <string>

namespace sandbox {
namespace {

// Splits "1.5s" into 1.5 and "s"; throws when the number part is missing or malformed.
std::pair<double, std::string> split_number(std::string_view text, std::string_view what) {
    std::string s(text);
    auto fail = [&](const std::string& why) {
        throw PolicyError(std::string(what) + ": " + why + " (got '" + s + "')");
    };
    if (s.empty()) fail("empty value");
    if (s[0] == '-') fail("must not be negative");
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(s, &used);
    } catch (const std::exception&) {
        fail("not a number");
    }
    if (!std::isfinite(value)) fail("not a finite number");
    return {value, s.substr(used)};
}

}  // namespace

std::uint64_t parse_size(std::string_view text, std::string_view what) {
    auto [value, unit] = split_number(text, what);
    double scale = 1;
    if (unit.empty() || unit == "B" || unit == "b") scale = 1;
    else if (unit == "K" || unit == "k" || unit == "KiB" || unit == "KB") scale = 1024.0;
    else if (unit == "M" || unit == "m" || unit == "MiB" || unit == "MB") scale = 1024.0 * 1024;
    else if (unit == "G" || unit == "g" || unit == "GiB" || unit == "GB") scale = 1024.0 * 1024 * 1024;
    else if (unit == "T" || unit == "t" || unit == "TiB" || unit == "TB") scale = 1024.0 * 1024 * 1024 * 1024;
    else
        throw PolicyError(std::string(what) + ": unknown size unit '" + unit + "' in '" +
                          std::string(text) + "' (use K, M, G or T)");
    double bytes = value * scale;
    // 2^62 bytes is far beyond any machine; anything larger is a typo, not a limit.
    if (bytes >= std::ldexp(1.0, 62))
        throw PolicyError(std::string(what) + ": '" + std::string(text) + "' is absurdly large");
    return static_cast<std::uint64_t>(bytes);
}

std::uint64_t parse_duration_ms(std::string_view text, std::string_view what) {
    auto [value, unit] = split_number(text, what);
    double scale = 1000;  // a bare number is seconds, as in nsjail and timeout(1)
    if (unit.empty() || unit == "s") scale = 1000;
    else if (unit == "ms") scale = 1;
    else if (unit == "m" || unit == "min") scale = 60'000;
    else if (unit == "h") scale = 3'600'000;
    else
        throw PolicyError(std::string(what) + ": unknown time unit '" + unit + "' in '" +
                          std::string(text) + "' (use ms, s, m or h)");
    double ms = value * scale;
    if (ms >= 1e12)  // ~31 years
        throw PolicyError(std::string(what) + ": '" + std::string(text) + "' is absurdly long");
    return static_cast<std::uint64_t>(std::llround(ms));
}

}  // namespace sandbox
