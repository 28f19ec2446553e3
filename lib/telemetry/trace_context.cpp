#include "trace_context.hpp"

#include <sandbox/error.hpp>

#include <array>
#include <cstdint>
#include <mutex>
#include <random>

namespace sandbox::telemetry {

namespace {

bool is_lower_hex(std::string_view s) {
    return s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

bool all_zero(std::string_view s) {
    return s.find_first_not_of('0') == std::string_view::npos;
}

std::string random_hex(std::size_t bytes) {
    static std::mutex mutex;
    static std::mt19937_64 engine{std::random_device{}()};
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    std::lock_guard lock(mutex);
    do {
        out.clear();
        for (std::size_t i = 0; i < bytes; i += 8) {
            std::uint64_t word = engine();
            for (std::size_t j = 0; j < 8 && i + j < bytes; ++j, word >>= 8) {
                out.push_back(digits[(word >> 4) & 0xf]);
                out.push_back(digits[word & 0xf]);
            }
        }
    } while (all_zero(out));
    return out;
}

}  // namespace

TraceParent parse_traceparent(std::string_view header) {
    auto fail = [&](const std::string& why) {
        throw PolicyError("traceparent '" + std::string(header) + "': " + why);
    };
    // version(2) - trace-id(32) - parent-id(16) - flags(2)
    if (header.size() < 55) fail("too short, expected 00-<32 hex>-<16 hex>-<2 hex>");
    if (header[2] != '-' || header[35] != '-' || header[52] != '-') fail("fields must be separated by '-'");
    std::string_view version = header.substr(0, 2), trace = header.substr(3, 32), parent = header.substr(36, 16),
                     flags = header.substr(53, 2);
    if (!is_lower_hex(version) || version == "ff") fail("invalid version");
    if (version == "00" && header.size() != 55) fail("version 00 has exactly four fields");
    if (version != "00" && header.size() > 55 && header[55] != '-') fail("invalid field after the flags");
    if (!is_lower_hex(trace) || all_zero(trace)) fail("trace-id must be 32 lowercase hex digits, not all zero");
    if (!is_lower_hex(parent) || all_zero(parent)) fail("parent-id must be 16 lowercase hex digits, not all zero");
    if (!is_lower_hex(flags)) fail("flags must be 2 lowercase hex digits");
    TraceParent out;
    out.trace_id = std::string(trace);
    out.parent_id = std::string(parent);
    out.sampled = (std::stoi(std::string(flags), nullptr, 16) & 1) != 0;
    return out;
}

std::string new_trace_id() { return random_hex(16); }
std::string new_span_id() { return random_hex(8); }

}  // namespace sandbox::telemetry
