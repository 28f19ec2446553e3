// rsb_policy_*: SecurityPolicy behind a handle, by JSON or field by field.
#include "call.hpp"
#include "enums.hpp"

#include <iterator>
#include <limits>
#include <string>

using namespace sandbox;
using namespace sandbox::capi;

namespace {

const SecurityPolicy& policy_of(const rsb_policy* handle) {
    return live(const_cast<rsb_policy*>(handle), HandleKind::policy, "policy")->policy;
}
SecurityPolicy& policy_of(rsb_policy* handle) {
    return live(handle, HandleKind::policy, "policy")->policy;
}

// The JSON key of a limit, for messages.
std::string limit_name(rsb_limit limit) {
    static const char* const names[] = {
        "memory_bytes",     "cpu_time_ms",      "wall_timeout_ms",     "pids",
        "file_size_bytes",  "open_files",       "address_space_bytes", "stdout_max_bytes",
        "stderr_max_bytes", "tmp_size_bytes",   "workdir_size_bytes"};
    static_assert(std::size(names) == RSB_LIMIT_WORKDIR_SIZE_BYTES + 1);
    const int index = static_cast<int>(limit);
    if (index < 0 || index > RSB_LIMIT_WORKDIR_SIZE_BYTES) return "limit " + std::to_string(index);
    return std::string("limits.") + names[index];
}

std::uint32_t narrow32(std::uint64_t value, rsb_limit limit) {
    if (value > std::numeric_limits<std::uint32_t>::max())
        throw CallError(RSB_ERR_INVALID_ARGUMENT, limit_name(limit) + ": " + std::to_string(value) +
                                                      " exceeds 32 bits");
    return static_cast<std::uint32_t>(value);
}

[[noreturn]] void unknown_limit(rsb_limit limit) {
    throw CallError(RSB_ERR_INVALID_ARGUMENT,
                    std::to_string(static_cast<int>(limit)) + " is not a valid rsb_limit");
}

// The optional limits, or nullptr for one that is always set.
std::optional<std::uint64_t>* optional64(Limits& limits, rsb_limit limit) {
    switch (limit) {
        case RSB_LIMIT_MEMORY_BYTES: return &limits.memory_bytes;
        case RSB_LIMIT_CPU_TIME_MS: return &limits.cpu_time_ms;
        case RSB_LIMIT_ADDRESS_SPACE_BYTES: return &limits.address_space_bytes;
        default: return nullptr;
    }
}

// The always-set 64-bit limits, or nullptr.
std::uint64_t* required64(Limits& limits, rsb_limit limit) {
    switch (limit) {
        case RSB_LIMIT_WALL_TIMEOUT_MS: return &limits.wall_timeout_ms;
        case RSB_LIMIT_FILE_SIZE_BYTES: return &limits.file_size_bytes;
        case RSB_LIMIT_STDOUT_MAX_BYTES: return &limits.stdout_max_bytes;
        case RSB_LIMIT_STDERR_MAX_BYTES: return &limits.stderr_max_bytes;
        case RSB_LIMIT_TMP_SIZE_BYTES: return &limits.tmp_size_bytes;
        case RSB_LIMIT_WORKDIR_SIZE_BYTES: return &limits.workdir_size_bytes;
        default: return nullptr;
    }
}

rsb_code new_policy(SecurityPolicy policy, rsb_policy** out) {
    *out = make_handle<rsb_policy>(HandleKind::policy, std::move(policy));
    return RSB_OK;
}

}  // namespace

extern "C" {

rsb_code rsb_policy_new(rsb_level level, rsb_policy** out) {
    return guarded(__func__, [&] {
        require(out, "out");
        return new_policy(SecurityPolicy::for_level(to_cpp(level)), out);
    });
}

rsb_code rsb_policy_from_json(const char* json, rsb_policy** out) {
    return guarded(__func__, [&] {
        require(json, "json");
        require(out, "out");
        return new_policy(SecurityPolicy::from_json(json), out);
    });
}

rsb_code rsb_policy_clone(const rsb_policy* policy, rsb_policy** out) {
    return guarded(__func__, [&] {
        const auto& source = policy_of(policy);
        require(out, "out");
        return new_policy(source, out);
    });
}

rsb_code rsb_policy_to_json(const rsb_policy* policy, char** out) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        require(out, "out");
        *out = owned_copy(p.to_json());
        return RSB_OK;
    });
}

rsb_code rsb_policy_validate(const rsb_policy* policy) {
    return guarded(__func__, [&] {
        policy_of(policy).validate();
        return RSB_OK;
    });
}

rsb_code rsb_policy_free(rsb_policy* policy) {
    return guarded(__func__, [&] {
        free_handle(live(policy, HandleKind::policy, "policy"));
        return RSB_OK;
    });
}

rsb_code rsb_policy_set_level(rsb_policy* policy, rsb_level level) {
    return guarded(__func__, [&] {
        policy_of(policy).level = to_cpp(level);
        return RSB_OK;
    });
}

rsb_code rsb_policy_get_level(const rsb_policy* policy, rsb_level* out) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        require(out, "out");
        *out = to_c(p.level);
        return RSB_OK;
    });
}

rsb_code rsb_policy_set_limit(rsb_policy* policy, rsb_limit limit, uint64_t value) {
    return guarded(__func__, [&] {
        auto& limits = policy_of(policy).limits;
        if (auto* field = optional64(limits, limit)) {
            *field = value;
        } else if (auto* field64 = required64(limits, limit)) {
            *field64 = value;
        } else if (limit == RSB_LIMIT_PIDS) {
            limits.pids = narrow32(value, limit);
        } else if (limit == RSB_LIMIT_OPEN_FILES) {
            limits.open_files = narrow32(value, limit);
        } else {
            unknown_limit(limit);
        }
        return RSB_OK;
    });
}

rsb_code rsb_policy_clear_limit(rsb_policy* policy, rsb_limit limit) {
    return guarded(__func__, [&] {
        auto& limits = policy_of(policy).limits;
        if (auto* field = optional64(limits, limit)) {
            field->reset();
        } else if (limit == RSB_LIMIT_PIDS) {
            limits.pids.reset();
        } else if (required64(limits, limit) != nullptr || limit == RSB_LIMIT_OPEN_FILES) {
            throw CallError(RSB_ERR_INVALID_ARGUMENT,
                            limit_name(limit) + " is always set and cannot be cleared");
        } else {
            unknown_limit(limit);
        }
        return RSB_OK;
    });
}

rsb_code rsb_policy_get_limit(const rsb_policy* policy, rsb_limit limit, uint64_t* value,
                              int* is_set) {
    return guarded(__func__, [&] {
        // A copy lets the lookup helpers stay non-const; limits are a few words.
        Limits limits = policy_of(policy).limits;
        require(value, "value");
        require(is_set, "is_set");
        std::optional<std::uint64_t> found;
        if (auto* field = optional64(limits, limit)) {
            found = *field;
        } else if (auto* field64 = required64(limits, limit)) {
            found = *field64;
        } else if (limit == RSB_LIMIT_PIDS) {
            if (limits.pids) found = *limits.pids;
        } else if (limit == RSB_LIMIT_OPEN_FILES) {
            found = limits.open_files;
        } else {
            unknown_limit(limit);
        }
        *value = found.value_or(0);
        *is_set = found.has_value() ? 1 : 0;
        return RSB_OK;
    });
}

rsb_code rsb_policy_set_output_overflow(rsb_policy* policy, rsb_output_overflow mode) {
    return guarded(__func__, [&] {
        policy_of(policy).limits.on_output_overflow = to_cpp(mode);
        return RSB_OK;
    });
}

rsb_code rsb_policy_get_output_overflow(const rsb_policy* policy, rsb_output_overflow* out) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        require(out, "out");
        *out = to_c(p.limits.on_output_overflow);
        return RSB_OK;
    });
}

rsb_code rsb_policy_set_network(rsb_policy* policy, rsb_network network) {
    return guarded(__func__, [&] {
        policy_of(policy).network = to_cpp(network);
        return RSB_OK;
    });
}

rsb_code rsb_policy_get_network(const rsb_policy* policy, rsb_network* out) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        require(out, "out");
        *out = to_c(p.network);
        return RSB_OK;
    });
}

rsb_code rsb_policy_add_readonly_path(rsb_policy* policy, const char* path) {
    return guarded(__func__, [&] {
        auto& p = policy_of(policy);
        require(path, "path");
        p.readonly_paths.emplace_back(path);
        return RSB_OK;
    });
}

rsb_code rsb_policy_clear_readonly_paths(rsb_policy* policy) {
    return guarded(__func__, [&] {
        policy_of(policy).readonly_paths.clear();
        return RSB_OK;
    });
}

rsb_code rsb_policy_readonly_path_count(const rsb_policy* policy, size_t* out) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        require(out, "out");
        *out = p.readonly_paths.size();
        return RSB_OK;
    });
}

rsb_code rsb_policy_readonly_path(const rsb_policy* policy, size_t index, const char** out) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        require(out, "out");
        if (index >= p.readonly_paths.size())
            throw CallError(RSB_ERR_INVALID_ARGUMENT,
                            "index " + std::to_string(index) + " is past the " +
                                std::to_string(p.readonly_paths.size()) + " readonly paths");
        *out = p.readonly_paths[index].c_str();
        return RSB_OK;
    });
}

rsb_code rsb_policy_set_hostname(rsb_policy* policy, const char* hostname) {
    return guarded(__func__, [&] {
        auto& p = policy_of(policy);
        require(hostname, "hostname");
        p.hostname = hostname;
        return RSB_OK;
    });
}

rsb_code rsb_policy_set_workdir(rsb_policy* policy, const char* workdir) {
    return guarded(__func__, [&] {
        auto& p = policy_of(policy);
        require(workdir, "workdir");
        p.workdir = workdir;
        return RSB_OK;
    });
}

rsb_code rsb_policy_set_host_ids(rsb_policy* policy, uint32_t uid, uint32_t gid) {
    return guarded(__func__, [&] {
        auto& p = policy_of(policy);
        p.host_uid = uid;
        p.host_gid = gid;
        return RSB_OK;
    });
}

}  // extern "C"
