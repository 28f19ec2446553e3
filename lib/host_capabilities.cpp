// HostCapabilities as text (`sandbox-cli check`) and JSON, for every platform's check_host().
#include <sandbox/host.hpp>

#include <boost/json.hpp>

#include <sstream>

namespace sandbox {
namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ",") + s;
    return out.empty() ? "-" : out;
}

}  // namespace

std::string HostCapabilities::to_text() const {
    std::ostringstream out;
    auto yes = [](bool b) { return b ? "yes" : "no"; };
    out << "root:                      " << yes(is_root) << "\n"
        << "user namespaces:           " << yes(user_namespaces) << "\n"
        << "clone3:                    " << yes(clone3) << "\n"
        << "pidfd:                     " << yes(pidfd) << "\n"
        << "seccomp filter:            " << yes(seccomp_filter) << "\n"
        << "seccomp user notification: " << yes(seccomp_user_notification) << "\n"
        << "landlock ABI:              " << (landlock_abi ? std::to_string(landlock_abi) : "none") << "\n"
        << "cgroup mode:               " << cgroup_mode << "\n"
        << "cgroup v2 mount:           " << (cgroup_v2_mount.empty() ? "-" : cgroup_v2_mount) << "\n"
        << "cgroup v1 controllers:     " << join(cgroup_v1_controllers) << "\n"
        << "cgroup v2 controllers:     " << join(cgroup_v2_controllers) << "\n"
        << "CLONE_INTO_CGROUP:         " << yes(clone_into_cgroup) << "\n"
        << "box-init from memfd:       " << yes(box_init_exec) << "\n";
    for (const auto& n : notes) out << "note: " << n << "\n";
    return out.str();
}

std::string HostCapabilities::to_json() const {
    auto list = [](const std::vector<std::string>& items) {
        boost::json::array a;
        for (const auto& s : items) a.emplace_back(s);
        return a;
    };
    boost::json::object obj{
        {"is_root", is_root},
        {"user_namespaces", user_namespaces},
        {"clone3", clone3},
        {"pidfd", pidfd},
        {"seccomp_filter", seccomp_filter},
        {"seccomp_user_notification", seccomp_user_notification},
        {"landlock_abi", landlock_abi},
        {"cgroup_mode", cgroup_mode},
        {"cgroup_v2_mount", cgroup_v2_mount},
        {"cgroup_v1_controllers", list(cgroup_v1_controllers)},
        {"cgroup_v2_controllers", list(cgroup_v2_controllers)},
        {"clone_into_cgroup", clone_into_cgroup},
        {"box_init_exec", box_init_exec},
        {"notes", list(notes)},
    };
    return boost::json::serialize(obj);
}

}  // namespace sandbox
