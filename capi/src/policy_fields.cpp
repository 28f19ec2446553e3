// rsb_policy_* for the fields beyond limits: seccomp mode, breach response, the string
// lists (readonly paths, file allowlists, allowed hosts, kept capabilities), the egress
// proxy's host pins, and the getters of hostname, workdir and host ids.
#include "call.hpp"
#include "enums.hpp"

#include <boost/json.hpp>

#include <string>
#include <vector>

using namespace sandbox;
using namespace sandbox::capi;

namespace {

const SecurityPolicy& policy_of(const rsb_policy* handle) {
    return live(const_cast<rsb_policy*>(handle), HandleKind::policy, "policy")->policy;
}
SecurityPolicy& policy_of(rsb_policy* handle) {
    return live(handle, HandleKind::policy, "policy")->policy;
}

struct ListField {
    const char* key;  // the JSON key, as validation names it
    std::vector<std::string> SecurityPolicy::*outer = nullptr;
    std::vector<std::string> FileAccess::*inner = nullptr;  // a list inside policy.files
};

ListField field_of(rsb_policy_list list) {
    switch (list) {
        case RSB_LIST_READONLY_PATHS: return {"readonly_paths", &SecurityPolicy::readonly_paths};
        case RSB_LIST_FILES_READ: return {"files.read", nullptr, &FileAccess::read};
        case RSB_LIST_FILES_WRITE: return {"files.write", nullptr, &FileAccess::write};
        case RSB_LIST_FILES_EXEC: return {"files.exec", nullptr, &FileAccess::exec};
        case RSB_LIST_ALLOWED_HOSTS: return {"allowed_hosts", &SecurityPolicy::allowed_hosts};
        case RSB_LIST_KEEP_CAPABILITIES: return {"keep_capabilities", &SecurityPolicy::keep_capabilities};
    }
    throw CallError(RSB_ERR_INVALID_ARGUMENT,
                    std::to_string(static_cast<int>(list)) + " is not a valid rsb_policy_list");
}

std::vector<std::string>& list_in(SecurityPolicy& policy, const ListField& field) {
    return field.outer != nullptr ? policy.*field.outer : policy.files.*field.inner;
}

const std::vector<std::string>& list_in(const SecurityPolicy& policy, const ListField& field) {
    return field.outer != nullptr ? policy.*field.outer : policy.files.*field.inner;
}

// Checks `values` as the policy's validation checks that list, alone: in an enhanced policy
// (where every list is allowed) holding nothing else, so that a problem reported under the
// list's key is a problem of these values and not of another field.
void check_list(const ListField& field, const std::vector<std::string>& values) {
    SecurityPolicy probe = SecurityPolicy::for_level(SecurityLevel::enhanced);
    probe.network = NetworkMode::none;
    list_in(probe, field) = values;
    try {
        probe.validate();
    } catch (const PolicyError& e) {
        if (std::string(e.what()).starts_with(field.key)) throw;
    }
}

// Checks the pins against the policy's own allowed_hosts (a pin must name one of them), in
// an enhanced policy holding nothing else, keeping only problems reported under the key.
void check_pins(const SecurityPolicy& policy, const std::map<std::string, std::vector<std::string>>& pins) {
    SecurityPolicy probe = SecurityPolicy::for_level(SecurityLevel::enhanced);
    probe.network = NetworkMode::none;
    probe.allowed_hosts = policy.allowed_hosts;
    probe.host_resolution = pins;
    try {
        probe.validate();
    } catch (const PolicyError& e) {
        if (std::string(e.what()).starts_with("host_resolution")) throw;
    }
}

}  // namespace

extern "C" {

rsb_code rsb_policy_add_host_address(rsb_policy* policy, const char* name, const char* address) {
    return guarded(__func__, [&] {
        auto& p = policy_of(policy);
        require(name, "name");
        require(address, "address");
        auto pins = p.host_resolution;
        pins[name].emplace_back(address);
        check_pins(p, pins);
        p.host_resolution = std::move(pins);
        return RSB_OK;
    });
}

rsb_code rsb_policy_clear_host_resolution(rsb_policy* policy) {
    return guarded(__func__, [&] {
        policy_of(policy).host_resolution.clear();
        return RSB_OK;
    });
}

rsb_code rsb_policy_host_resolution_json(const rsb_policy* policy, char** out) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        require(out, "out");
        boost::json::object pins;
        for (const auto& [name, addresses] : p.host_resolution) {
            boost::json::array list;
            for (const auto& address : addresses) list.emplace_back(address);
            pins[name] = std::move(list);
        }
        *out = owned_copy(boost::json::serialize(pins));
        return RSB_OK;
    });
}

rsb_code rsb_policy_get_hostname(const rsb_policy* policy, const char** out) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        require(out, "out");
        *out = p.hostname.c_str();
        return RSB_OK;
    });
}

rsb_code rsb_policy_get_workdir(const rsb_policy* policy, const char** out) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        require(out, "out");
        *out = p.workdir.c_str();
        return RSB_OK;
    });
}

rsb_code rsb_policy_get_host_ids(const rsb_policy* policy, uint32_t* uid, uint32_t* gid) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        require(uid, "uid");
        require(gid, "gid");
        *uid = p.host_uid;
        *gid = p.host_gid;
        return RSB_OK;
    });
}

rsb_code rsb_policy_set_seccomp(rsb_policy* policy, rsb_seccomp mode) {
    return guarded(__func__, [&] {
        policy_of(policy).seccomp = to_cpp(mode);
        return RSB_OK;
    });
}

rsb_code rsb_policy_get_seccomp(const rsb_policy* policy, rsb_seccomp* out) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        require(out, "out");
        *out = to_c(p.seccomp);
        return RSB_OK;
    });
}

rsb_code rsb_policy_set_on_breach(rsb_policy* policy, rsb_breach_response response) {
    return guarded(__func__, [&] {
        policy_of(policy).on_breach = to_cpp(response);
        return RSB_OK;
    });
}

rsb_code rsb_policy_get_on_breach(const rsb_policy* policy, rsb_breach_response* out) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        require(out, "out");
        *out = to_c(p.on_breach);
        return RSB_OK;
    });
}

rsb_code rsb_policy_list_add(rsb_policy* policy, rsb_policy_list list, const char* value) {
    return guarded(__func__, [&] {
        auto& p = policy_of(policy);
        const ListField field = field_of(list);
        require(value, "value");
        std::vector<std::string> values = list_in(p, field);
        values.emplace_back(value);
        check_list(field, values);
        list_in(p, field) = std::move(values);
        return RSB_OK;
    });
}

rsb_code rsb_policy_list_clear(rsb_policy* policy, rsb_policy_list list) {
    return guarded(__func__, [&] {
        auto& p = policy_of(policy);
        list_in(p, field_of(list)).clear();
        return RSB_OK;
    });
}

rsb_code rsb_policy_list_count(const rsb_policy* policy, rsb_policy_list list, size_t* out) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        const ListField field = field_of(list);
        require(out, "out");
        *out = list_in(p, field).size();
        return RSB_OK;
    });
}

rsb_code rsb_policy_list_get(const rsb_policy* policy, rsb_policy_list list, size_t index,
                             const char** out) {
    return guarded(__func__, [&] {
        const auto& p = policy_of(policy);
        const ListField field = field_of(list);
        require(out, "out");
        const auto& values = list_in(p, field);
        if (index >= values.size())
            throw CallError(RSB_ERR_INVALID_ARGUMENT, "index " + std::to_string(index) + " is past the " +
                                                          std::to_string(values.size()) + " entries of " +
                                                          field.key);
        *out = values[index].c_str();
        return RSB_OK;
    });
}

}  // extern "C"
