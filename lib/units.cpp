// Parsing of human sizes ("256M") and durations ("2s") for policies and the CLI.
#include <sandbox/error.hpp>
#include <sandbox/policy.hpp>

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace sandbox {
namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Splits "1.5s" into 1.5 and "s"; throws when the number part is missing, negative or not a
// plain decimal number. Whitespace around the value is ignored; a sign hidden behind it is not.
std::pair<double, std::string> split_number(std::string_view text, std::string_view what) {
    const std::string s(text);
    auto fail = [&](const std::string& why) {
        throw PolicyError(std::string(what) + ": " + why + " (got '" + s + "')");
    };
    std::string_view rest = text;
    while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
    while (!rest.empty() && is_space(rest.back())) rest.remove_suffix(1);
    if (rest.empty()) fail("empty value");
    if (rest.front() == '-') fail("must not be negative");
    if (rest.front() == '+') rest.remove_prefix(1);
    // from_chars also reads "nan" and "inf"; a limit is digits with an optional fraction.
    if (rest.empty() || !(std::isdigit(static_cast<unsigned char>(rest.front())) || rest.front() == '.'))
        fail("not a number");
    double value = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    if (ec == std::errc::result_out_of_range) fail("is out of range");
    if (ec != std::errc()) fail("not a number");
    return {value, std::string(end, rest.data() + rest.size())};
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
