// remove_stale_cgroups(): groups left behind by a supervisor that was killed.
#include "cgroup_hierarchies.hpp"
#include "cgroup_v1.hpp"
#include "cgroup_v2.hpp"
#include "run_cgroup.hpp"
#include "run_group_name.hpp"

#include "../../host_pids.hpp"

#include <dirent.h>

#include <algorithm>
#include <string>
#include <vector>

namespace sandbox::linux_box {

namespace {

std::vector<std::string> stale_groups_in(const std::string& parent_dir) {
    std::vector<std::string> stale;
    DIR* dir = ::opendir(parent_dir.c_str());
    if (!dir) return stale;
    while (dirent* entry = ::readdir(dir)) {
        if (entry->d_type != DT_DIR) continue;
        auto owner = parse_run_group_name(entry->d_name);
        if (owner && !owner_alive(*owner)) stale.push_back(parent_dir + "/" + entry->d_name);
    }
    ::closedir(dir);
    return stale;
}

}  // namespace

void remove_stale_cgroups() {
    if (!pids_are_host_wide()) return;  // another supervisor's pid would look dead
    std::string why;
    std::string relative = run_parent_relative(why);
    if (relative.empty()) return;
    // The v1 freezer hierarchy first (a frozen member ignores SIGKILL until thawed), then v2
    // (cgroup.kill reaches members in every hierarchy), then the rest.
    std::vector<const CgroupHierarchy*> order;
    for (const auto& hierarchy : host_hierarchies()) order.push_back(&hierarchy);
    auto rank = [](const CgroupHierarchy* h) { return h->has("freezer") ? 0 : h->version == 2 ? 1 : 2; };
    std::stable_sort(order.begin(), order.end(),
                     [&](auto* a, auto* b) { return rank(a) < rank(b); });
    for (const auto* hierarchy : order) {
        for (const auto& path : stale_groups_in(join_cgroup_path(hierarchy->mount, relative))) {
            if (hierarchy->version == 2) {
                end_v2_group(path, std::chrono::seconds(2));
            } else {
                end_v1_group(path, std::chrono::seconds(2));
            }
        }
    }
}

}  // namespace sandbox::linux_box
