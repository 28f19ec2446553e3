#include "cgroup_hierarchies.hpp"

#include "cgroup_files.hpp"
#include "run_group_name.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <sstream>

namespace sandbox::linux_box {

namespace {

// Mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape_mount_path(const std::string& raw) {
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 3 < raw.size()) {
            int value = 0;
            bool octal = true;
            for (std::size_t k = 1; k <= 3; ++k) {
                char c = raw[i + k];
                if (c < '0' || c > '7') octal = false;
                value = value * 8 + (c - '0');
            }
            if (octal) {
                out += static_cast<char>(value);
                i += 3;
                continue;
            }
        }
        out += raw[i];
    }
    return out;
}

const std::vector<std::string>& known_v1_controllers() {
    // Never destroyed: a supervisor thread may still use it at exit.
    static const std::vector<std::string>& names = *new std::vector<std::string>{
        "cpu",    "cpuacct", "cpuset",     "memory",   "devices", "freezer", "net_cls",
        "blkio",  "perf_event", "net_prio", "hugetlb", "pids",    "rdma",    "misc"};
    return names;
}

std::string parent_of(const std::string& relative) {
    auto slash = relative.rfind('/');
    return slash == std::string::npos ? std::string() : relative.substr(0, slash);
}

bool owned_and_writable(const std::string& dir, uid_t uid) {
    struct stat st {};
    return ::stat(dir.c_str(), &st) == 0 && st.st_uid == uid &&
           ::access(dir.c_str(), W_OK) == 0 &&
           ::access((dir + "/cgroup.procs").c_str(), W_OK) == 0;
}

}  // namespace

bool CgroupHierarchy::has(const std::string& controller) const {
    return std::find(controllers.begin(), controllers.end(), controller) != controllers.end();
}

std::vector<CgroupHierarchy> parse_cgroup_mounts(const std::string& mountinfo) {
    std::vector<CgroupHierarchy> out;
    std::vector<std::string> seen_devices;
    std::istringstream lines(mountinfo);
    std::string line;
    while (std::getline(lines, line)) {
        // id parent major:minor root mountpoint options [optional...] - fstype source super
        auto dash = line.find(" - ");
        if (dash == std::string::npos) continue;
        std::istringstream head(line.substr(0, dash));
        std::string id, parent, device, root, mount_point;
        if (!(head >> id >> parent >> device >> root >> mount_point)) continue;
        std::istringstream tail(line.substr(dash + 3));
        std::string fstype, source, super_options;
        if (!(tail >> fstype >> source >> super_options)) continue;
        if (fstype != "cgroup" && fstype != "cgroup2") continue;
        // Only mounts of a hierarchy's root: a bind of a subgroup would misplace our groups.
        if (root != "/") continue;
        if (std::find(seen_devices.begin(), seen_devices.end(), device) != seen_devices.end()) {
            continue;
        }
        seen_devices.push_back(device);

        CgroupHierarchy hierarchy;
        hierarchy.version = fstype == "cgroup2" ? 2 : 1;
        hierarchy.mount = unescape_mount_path(mount_point);
        if (hierarchy.version == 1) {
            std::istringstream options(super_options);
            std::string option;
            while (std::getline(options, option, ',')) {
                const auto& known = known_v1_controllers();
                if (std::find(known.begin(), known.end(), option) != known.end()) {
                    hierarchy.controllers.push_back(option);
                }
            }
            // Named hierarchies without controllers (name=systemd) are of no use to a run.
            if (hierarchy.controllers.empty()) continue;
        }
        out.push_back(std::move(hierarchy));
    }
    return out;
}

const std::vector<CgroupHierarchy>& host_hierarchies() {
    // Never destroyed: a supervisor thread may still use it at exit.
    static const std::vector<CgroupHierarchy>& hierarchies = *new std::vector<CgroupHierarchy>([] {
        auto mountinfo = cgroupfs::read_file("/proc/self/mountinfo").value_or("");
        auto found = parse_cgroup_mounts(mountinfo);
        for (auto& hierarchy : found) {
            if (hierarchy.version == 2) {
                hierarchy.controllers = cgroupfs::split_words(
                    cgroupfs::read_file(hierarchy.mount + "/cgroup.controllers").value_or(""));
            }
        }
        return found;
    }());
    return hierarchies;
}

std::vector<std::string> run_v1_controllers(const CgroupLimits& limits, bool with_v2) {
    std::vector<std::string> names = {"memory", "pids", "cpuacct"};
    if (!with_v2) names.push_back("freezer");
    if (limits.cpu_quota_us || limits.cpu_weight) names.push_back("cpu");
    if (!limits.cpuset.empty()) names.push_back("cpuset");
    if (!limits.io.empty()) names.push_back("blkio");
    return names;
}

std::string join_cgroup_path(const std::string& mount, const std::string& relative) {
    std::string rel = relative;
    while (!rel.empty() && rel.front() == '/') rel.erase(rel.begin());
    while (!rel.empty() && rel.back() == '/') rel.pop_back();
    if (rel.empty()) return mount;
    return mount + "/" + rel;
}

std::string find_delegated_parent(const std::string& mount, const std::string& own_group,
                                  uid_t uid, const std::vector<std::string>& wanted) {
    std::string fallback;
    std::string relative = own_group;
    while (!relative.empty() && relative.back() == '/') relative.pop_back();
    while (!relative.empty()) {
        relative = parent_of(relative);
        std::string dir = join_cgroup_path(mount, relative);
        if (!owned_and_writable(dir, uid)) {
            // Delegation is a contiguous subtree: past the first foreign ancestor, nothing
            // above is ours either.
            break;
        }
        auto enabled =
            cgroupfs::split_words(cgroupfs::read_file(dir + "/cgroup.subtree_control").value_or(""));
        bool complete = std::all_of(wanted.begin(), wanted.end(), [&](const std::string& c) {
            return std::find(enabled.begin(), enabled.end(), c) != enabled.end();
        });
        std::string candidate = join_cgroup_path("", relative) + "/" + kProjectGroup;
        if (complete) return candidate;
        if (fallback.empty()) fallback = candidate;
    }
    return fallback;
}

std::string run_parent_relative(std::string& why) {
    if (const char* configured = std::getenv(kParentEnv); configured && *configured) {
        std::string relative = configured;
        if (relative.find("..") != std::string::npos) {
            why = std::string(kParentEnv) + "='" + relative + "' must not contain '..'";
            return "";
        }
        return join_cgroup_path("", relative);
    }
    if (::geteuid() == 0) return std::string("/") + kProjectGroup;

    const CgroupHierarchy* v2 = nullptr;
    for (const auto& hierarchy : host_hierarchies()) {
        if (hierarchy.version == 2) v2 = &hierarchy;
    }
    if (!v2) {
        why = "not root and no cgroup2 hierarchy to find a delegated subtree in";
        return "";
    }
    std::string own;
    std::istringstream lines(cgroupfs::read_file("/proc/self/cgroup").value_or(""));
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("0::", 0) == 0) own = line.substr(3);
    }
    if (own.empty()) {
        why = "not root and /proc/self/cgroup names no cgroup2 group";
        return "";
    }
    auto found = find_delegated_parent(v2->mount, own, ::geteuid(), {"memory", "pids", "cpu"});
    if (found.empty()) {
        why = "not root and no ancestor of " + own + " is delegated to uid " +
              std::to_string(::geteuid()) + " (owned and writable)";
    }
    return found;
}

std::string ensure_parent(const CgroupHierarchy& hierarchy, const std::string& relative) {
    std::string dir = join_cgroup_path(hierarchy.mount, relative);
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0) return "";
    auto slash = relative.rfind('/');
    std::string last = slash == std::string::npos ? relative : relative.substr(slash + 1);
    if (last != kProjectGroup) {
        return "cgroup parent " + dir + " does not exist (create it or unset " + kParentEnv + ")";
    }
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
        return "cannot create " + dir + ": " + cgroupfs::errno_text(errno);
    }
    return "";
}

}  // namespace sandbox::linux_box
