// detect_cgroups(): what the host offers and where runs would go, for diagnostics.
#include "cgroup_hierarchies.hpp"
#include "run_cgroup.hpp"

#include <algorithm>

namespace sandbox::linux_box {

CgroupHostInfo detect_cgroups() {
    CgroupHostInfo info;
    const CgroupHierarchy* v2 = nullptr;
    for (const auto& hierarchy : host_hierarchies()) {
        if (hierarchy.version == 2) {
            v2 = &hierarchy;
            continue;
        }
        for (const auto& controller : hierarchy.controllers) info.v1_controllers.push_back(controller);
    }
    if (v2) {
        info.v2_mount = v2->mount;
        info.v2_controllers = v2->controllers;
    }
    bool has_v1 = !info.v1_controllers.empty();
    info.mode = has_v1 && v2 ? "hybrid" : has_v1 ? "v1" : v2 ? "v2" : "none";

    auto on_v1 = [&](const std::string& c) {
        return std::find(info.v1_controllers.begin(), info.v1_controllers.end(), c) !=
               info.v1_controllers.end();
    };
    auto on_v2 = [&](const std::string& c) {
        return std::find(info.v2_controllers.begin(), info.v2_controllers.end(), c) !=
               info.v2_controllers.end();
    };
    for (const char* controller : {"memory", "pids", "cpu"}) {
        if (!on_v1(controller) && !on_v2(controller)) {
            info.notes.push_back(std::string("no ") + controller + " controller in any hierarchy");
        } else if (info.mode == "hybrid" && on_v1(controller)) {
            info.notes.push_back(std::string(controller) + " on v1");
        }
    }
    if (info.mode == "hybrid") {
        info.notes.push_back(v2->controllers.empty()
                                 ? "cgroup2 at " + v2->mount +
                                       " has no controllers: used for cgroup.kill and cgroup.events"
                                 : "cgroup2 at " + v2->mount + " also holds controllers");
    }
    std::string why;
    // A path relative to each hierarchy's root, e.g. "/rusty-sandbox".
    info.parent = run_parent_relative(why);
    if (info.parent.empty() && info.mode != "none") info.notes.push_back(why);
    return info;
}

}  // namespace sandbox::linux_box
