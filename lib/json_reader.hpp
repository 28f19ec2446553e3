// Strict reading of Boost.JSON objects: unknown keys and wrong types are errors that name the
// path of the offending key ("$.limits.memory_bytes"). Shared by the policy and result loaders.
#pragma once

#include <sandbox/error.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace sandbox::json_reader {

[[noreturn]] inline void fail(const std::string& path, const std::string& why) {
    throw PolicyError(path + ": " + why);
}

inline const boost::json::object& as_object(const boost::json::value& v, const std::string& path) {
    if (!v.is_object()) fail(path, "expected an object");
    return v.get_object();
}

// Rejects any key of `obj` not in `known`.
inline void only_keys(const boost::json::object& obj, const std::string& path,
                      std::initializer_list<std::string_view> known) {
    for (const auto& [key, value] : obj) {
        (void)value;
        bool found = false;
        for (auto k : known) found = found || k == key;
        if (!found) fail(path + "." + std::string(key), "unknown key");
    }
}

inline std::string as_string(const boost::json::value& v, const std::string& path) {
    if (!v.is_string()) fail(path, "expected a string");
    return std::string(v.get_string());
}

inline bool as_bool(const boost::json::value& v, const std::string& path) {
    if (!v.is_bool()) fail(path, "expected true or false");
    return v.get_bool();
}

inline std::uint64_t as_uint(const boost::json::value& v, const std::string& path) {
    if (v.is_uint64()) return v.get_uint64();
    if (v.is_int64()) {
        if (v.get_int64() < 0) fail(path, "must not be negative");
        return static_cast<std::uint64_t>(v.get_int64());
    }
    if (v.is_double()) fail(path, "expected a whole number");
    fail(path, "expected a number");
}

inline std::int64_t as_int(const boost::json::value& v, const std::string& path) {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= INT64_MAX) return static_cast<std::int64_t>(v.get_uint64());
    fail(path, "expected a whole number");
}

inline double as_double(const boost::json::value& v, const std::string& path) {
    if (v.is_double()) return v.get_double();
    if (v.is_int64()) return static_cast<double>(v.get_int64());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64());
    fail(path, "expected a number");
}

// Parses text into a value, naming where the syntax broke.
inline boost::json::value parse(std::string_view text, std::string_view what) {
    boost::json::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec) throw PolicyError(std::string(what) + ": malformed JSON: " + ec.message());
    return v;
}

}  // namespace sandbox::json_reader
