// SecurityPolicy <-> versioned JSON. Omitted keys keep the level's defaults; unknown keys and
// wrong types are rejected with the path of the key. Schema: schema/policy-v1.json.
#include "json_reader.hpp"

#include <sandbox/policy.hpp>

namespace sandbox {
namespace {

namespace json = boost::json;
using namespace json_reader;

constexpr std::int64_t policy_schema_version = 1;

// Sizes may be given as a number of bytes or as "256M"; null unsets an optional limit.
std::uint64_t read_size(const json::value& v, const std::string& path) {
    if (v.is_string()) return parse_size(v.get_string(), path);
    return as_uint(v, path);
}

std::uint64_t read_duration(const json::value& v, const std::string& path) {
    if (v.is_string()) return parse_duration_ms(v.get_string(), path);
    return as_uint(v, path);
}

template <typename T, typename Read>
void read_optional(const json::value& v, const std::string& path, std::optional<T>& out, Read read) {
    if (v.is_null()) out.reset();
    else out = static_cast<T>(read(v, path));
}

void read_limits(const json::object& obj, const std::string& path, Limits& l) {
    only_keys(obj, path, {"memory_bytes", "cpu_time_ms", "wall_timeout_ms", "pids", "file_size_bytes",
                          "open_files", "address_space_bytes", "stdout_max_bytes", "stderr_max_bytes",
                          "on_output_overflow", "tmp_size_bytes", "workdir_size_bytes"});
    for (const auto& [key, v] : obj) {
        std::string p = path + "." + std::string(key);
        if (key == "memory_bytes") read_optional(v, p, l.memory_bytes, read_size);
        else if (key == "cpu_time_ms") read_optional(v, p, l.cpu_time_ms, read_duration);
        else if (key == "wall_timeout_ms") l.wall_timeout_ms = read_duration(v, p);
        else if (key == "pids") {
            std::optional<std::uint64_t> pids;
            read_optional(v, p, pids, as_uint);
            if (pids && *pids > UINT32_MAX) fail(p, "is absurdly large");
            l.pids = pids ? std::optional<std::uint32_t>(static_cast<std::uint32_t>(*pids)) : std::nullopt;
        } else if (key == "file_size_bytes") l.file_size_bytes = read_size(v, p);
        else if (key == "open_files") {
            auto n = as_uint(v, p);
            if (n > UINT32_MAX) fail(p, "is absurdly large");
            l.open_files = static_cast<std::uint32_t>(n);
        } else if (key == "address_space_bytes") read_optional(v, p, l.address_space_bytes, read_size);
        else if (key == "stdout_max_bytes") l.stdout_max_bytes = read_size(v, p);
        else if (key == "stderr_max_bytes") l.stderr_max_bytes = read_size(v, p);
        else if (key == "on_output_overflow") {
            auto s = as_string(v, p);
            if (s == "kill") l.on_output_overflow = OutputOverflow::kill;
            else if (s == "truncate") l.on_output_overflow = OutputOverflow::truncate;
            else fail(p, "expected \"kill\" or \"truncate\", got \"" + s + "\"");
        } else if (key == "tmp_size_bytes") l.tmp_size_bytes = read_size(v, p);
        else if (key == "workdir_size_bytes") l.workdir_size_bytes = read_size(v, p);
    }
}

std::vector<std::string> read_string_list(const json::value& v, const std::string& path) {
    if (!v.is_array()) fail(path, "expected an array of strings");
    std::vector<std::string> out;
    std::size_t i = 0;
    for (const auto& item : v.get_array()) out.push_back(as_string(item, path + "[" + std::to_string(i++) + "]"));
    return out;
}

json::array string_list(const std::vector<std::string>& items) {
    json::array a;
    for (const auto& s : items) a.emplace_back(s);
    return a;
}

// {"name": ["address", ...]}
std::map<std::string, std::vector<std::string>> read_host_resolution(const json::value& v, const std::string& path) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& [name, addresses] : as_object(v, path))
        out[std::string(name)] = read_string_list(addresses, path + "." + std::string(name));
    return out;
}

json::object host_resolution_object(const std::map<std::string, std::vector<std::string>>& pins) {
    json::object obj;
    for (const auto& [name, addresses] : pins) obj[name] = string_list(addresses);
    return obj;
}

template <typename Enum, std::size_t N>
Enum read_enum(const json::value& v, const std::string& path, const Enum (&values)[N]) {
    auto s = as_string(v, path);
    std::string expected;
    for (Enum e : values) {
        if (to_string(e) == s) return e;
        expected += (expected.empty() ? "" : ", ") + std::string(to_string(e));
    }
    fail(path, "expected one of " + expected + ", got \"" + s + "\"");
}

constexpr SeccompMode seccomp_modes[] = {SeccompMode::none, SeccompMode::denylist, SeccompMode::allowlist,
                                         SeccompMode::allowlist_kill};
constexpr BreachResponse breach_responses[] = {BreachResponse::report, BreachResponse::terminate_on_critical,
                                               BreachResponse::terminate};

template <typename T>
json::value optional_value(const std::optional<T>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

}  // namespace

std::string SecurityPolicy::to_json() const {
    json::object limits_obj{
        {"memory_bytes", optional_value(limits.memory_bytes)},
        {"cpu_time_ms", optional_value(limits.cpu_time_ms)},
        {"wall_timeout_ms", limits.wall_timeout_ms},
        {"pids", optional_value(limits.pids)},
        {"file_size_bytes", limits.file_size_bytes},
        {"open_files", limits.open_files},
        {"address_space_bytes", optional_value(limits.address_space_bytes)},
        {"stdout_max_bytes", limits.stdout_max_bytes},
        {"stderr_max_bytes", limits.stderr_max_bytes},
        {"on_output_overflow", limits.on_output_overflow == OutputOverflow::kill ? "kill" : "truncate"},
        {"tmp_size_bytes", limits.tmp_size_bytes},
        {"workdir_size_bytes", limits.workdir_size_bytes},
    };
    json::array paths;
    for (const auto& p : readonly_paths) paths.emplace_back(p);
    json::object obj{
        {"version", policy_schema_version},
        {"level", to_string(level)},
        {"limits", std::move(limits_obj)},
        {"network", to_string(network)},
        {"readonly_paths", std::move(paths)},
        {"hostname", hostname},
        {"workdir", workdir},
        {"host_uid", host_uid},
        {"host_gid", host_gid},
        {"seccomp", to_string(seccomp)},
        {"on_breach", to_string(on_breach)},
        {"files", json::object{{"read", string_list(files.read)},
                               {"write", string_list(files.write)},
                               {"exec", string_list(files.exec)}}},
        {"allowed_hosts", string_list(allowed_hosts)},
        {"host_resolution", host_resolution_object(host_resolution)},
        {"keep_capabilities", string_list(keep_capabilities)},
    };
    return json::serialize(obj);
}

SecurityPolicy SecurityPolicy::from_json(std::string_view text) {
    json::value root = parse(text, "policy");
    const json::object& obj = as_object(root, "$");
    only_keys(obj, "$", {"version", "level", "limits", "network", "readonly_paths", "hostname", "workdir",
                         "host_uid", "host_gid", "seccomp", "on_breach", "files", "allowed_hosts",
                         "host_resolution", "keep_capabilities"});
    if (const auto* v = obj.if_contains("version")) {
        auto version = as_int(*v, "$.version");
        if (version != policy_schema_version)
            fail("$.version", "unsupported policy version " + std::to_string(version) + " (this library reads " +
                                  std::to_string(policy_schema_version) + ")");
    }
    SecurityLevel level = SecurityLevel::standard;
    if (const auto* v = obj.if_contains("level")) {
        try {
            level = security_level_from_string(as_string(*v, "$.level"));
        } catch (const PolicyError& e) {
            fail("$.level", e.what());
        }
    }
    SecurityPolicy p = for_level(level);
    for (const auto& [key, v] : obj) {
        std::string path = "$." + std::string(key);
        if (key == "limits") read_limits(as_object(v, path), path, p.limits);
        else if (key == "network") {
            auto s = as_string(v, path);
            if (s == "host") p.network = NetworkMode::host;
            else if (s == "none") p.network = NetworkMode::none;
            else fail(path, "expected \"none\" or \"host\", got \"" + s + "\"");
        } else if (key == "readonly_paths") {
            p.readonly_paths = read_string_list(v, path);
        } else if (key == "seccomp") {
            p.seccomp = read_enum(v, path, seccomp_modes);
        } else if (key == "on_breach") {
            p.on_breach = read_enum(v, path, breach_responses);
        } else if (key == "files") {
            const auto& files = as_object(v, path);
            only_keys(files, path, {"read", "write", "exec"});
            if (const auto* r = files.if_contains("read")) p.files.read = read_string_list(*r, path + ".read");
            if (const auto* w = files.if_contains("write")) p.files.write = read_string_list(*w, path + ".write");
            if (const auto* x = files.if_contains("exec")) p.files.exec = read_string_list(*x, path + ".exec");
        } else if (key == "allowed_hosts") {
            p.allowed_hosts = read_string_list(v, path);
        } else if (key == "host_resolution") {
            p.host_resolution = read_host_resolution(v, path);
        } else if (key == "keep_capabilities") {
            p.keep_capabilities = read_string_list(v, path);
        } else if (key == "hostname") p.hostname = as_string(v, path);
        else if (key == "workdir") p.workdir = as_string(v, path);
        else if (key == "host_uid" || key == "host_gid") {
            auto id = as_uint(v, path);
            if (id > UINT32_MAX - 1) fail(path, "is not a valid id");
            (key == "host_uid" ? p.host_uid : p.host_gid) = static_cast<std::uint32_t>(id);
        }
    }
    p.validate();
    return p;
}

}  // namespace sandbox
