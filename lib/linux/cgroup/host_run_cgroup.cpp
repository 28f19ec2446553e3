#include "host_run_cgroup.hpp"

#include "cgroup_files.hpp"
#include "cgroup_v1.hpp"
#include "cgroup_v2.hpp"
#include "limit_writes.hpp"
#include "run_group_name.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include <algorithm>
#include <set>
#include <thread>

namespace sandbox::linux_box {

namespace {

using Clock = std::chrono::steady_clock;

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

std::string join(const std::vector<std::string>& words, const char* separator) {
    std::string out;
    for (const auto& word : words) out += (out.empty() ? "" : separator) + word;
    return out;
}

void note_once(std::vector<std::string>& degraded, const std::string& sentence) {
    if (!contains(degraded, sentence)) degraded.push_back(sentence);
}

// The v1 blkio controller is v2's io.
std::string v2_name(const std::string& controller) {
    return controller == "blkio" ? "io" : controller;
}

class HostRunCgroup final : public RunCgroup {
public:
    // `v2_controllers`: the v2 group's cgroup.controllers, read once by the creator.
    HostRunCgroup(std::vector<std::unique_ptr<V1Group>> v1, std::unique_ptr<V2Group> v2,
                  std::vector<std::string> v2_controllers)
        : v1_(std::move(v1)), v2_(std::move(v2)), v2_controllers_(std::move(v2_controllers)) {
        for (const auto& group : v1_) {
            v1_groups_.push_back(group.get());
            if (group->hierarchy().has("freezer")) freezer_ = group.get();
            if (group->hierarchy().has("cpuacct")) v1_cpuacct_ = true;
        }
    }

    ~HostRunCgroup() override {
        if (!emptied_) {
            kill_all();
            wait_empty(std::chrono::seconds(5));
        }
        for (const auto& group : v1_)
            if (!removed_.count(group.get())) group->remove();
        if (v2_ && !removed_.count(v2_.get())) v2_->remove();
    }

    std::vector<int> attach_fds() const override {
        std::vector<int> fds;
        for (const auto& group : v1_) fds.push_back(group->tasks_fd());
        return fds;
    }

    // The v2 group (pure v2, or the unified hierarchy of a hybrid host) is joined at birth
    // with CLONE_INTO_CGROUP: the process is in it before it can fork, so cgroup.kill there
    // reaches every member. A child writing cgroup.procs instead would wait for an RCU grace
    // period (11-16 ms measured here after an idle spell); v1 `tasks` writes do not.
    int clone_into_fd() const override { return v2_ ? v2_->dir_fd() : -1; }

    CgroupUsage usage() const override { return read_usage(true); }
    CgroupUsage final_usage() const override { return read_usage(false); }

    std::vector<int> dir_fds() const override {
        std::vector<int> fds;
        for (const auto& group : v1_) fds.push_back(group->dir_fd());
        if (v2_) fds.push_back(v2_->dir_fd());
        return fds;
    }

    CgroupCounters counters() const override {
        auto held = [&](const std::string& controller) {
            if (contains(v2_controllers_, controller)) return true;
            return std::any_of(v1_.begin(), v1_.end(),
                               [&](const auto& group) { return group->hierarchy().has(controller); });
        };
        // cpu.stat's usage exists in every v2 group, controller or not.
        return {.memory = held("memory"), .pids = held("pids"), .cpu = v2_ != nullptr || held("cpuacct")};
    }

    void kill_all() override {
        // Every member joined the v2 group first (see attach_fds), so killing there is enough;
        // wait_empty ends any v1 straggler.
        if (v2_) {
            v2_->kill();
        } else {
            v1_kill_all(freezer_, v1_groups_);
        }
    }

    bool wait_empty(std::chrono::milliseconds timeout) override {
        auto deadline = Clock::now() + timeout;
        if (v2_ && !v2_->wait_empty(deadline)) return false;
        bool straggler_kill_done = false;
        for (;;) {
            if (v1_empty(v1_groups_)) return emptied_ = true;
            if (Clock::now() >= deadline) return false;
            // Once the v2 group is empty, a v1 member never joined it: end it the v1 way.
            if (v2_ && !straggler_kill_done) {
                v1_kill_all(freezer_, v1_groups_);
                straggler_kill_done = true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

    // The v1 groups first: the v2 group, which every member joined at birth, stays for
    // kill_all and wait_empty when a v1 group still holds a process.
    bool remove_if_empty() override {
        for (const auto& group : v1_) {
            if (removed_.count(group.get())) continue;
            if (!group->try_remove()) return false;
            removed_.insert(group.get());
        }
        if (v2_ && !removed_.count(v2_.get())) {
            if (!v2_->try_remove()) return false;
            removed_.insert(v2_.get());
        }
        return emptied_ = true;
    }

    std::vector<int> pids() const override {
        if (v2_) return v2_->pids();
        return v1_.front()->pids();
    }

    std::string describe() const override {
        std::vector<std::string> v1_controllers;
        for (const auto& group : v1_) {
            for (const auto& controller : group->hierarchy().controllers) {
                v1_controllers.push_back(controller);
            }
        }
        std::string v1_text = "v1 (" + join(v1_controllers, ",") + ")";
        std::string v2_text =
            "v2 (" + (v2_controllers_.empty() ? "no controllers" : join(v2_controllers_, ",")) + ")";
        if (v1_.empty()) return v2_text;
        if (!v2_) return v1_text;
        return "hybrid: " + v1_text + " + " + v2_text;
    }

private:
    CgroupUsage read_usage(bool live) const {
        CgroupUsage usage;
        if (v2_) {
            // cpu.stat usage exists in every v2 group; v1 cpuacct, when present, overrides
            // it below with nanosecond counters, so cpu.stat is only read for what cpuacct
            // lacks: usage without it, throttling with v2's cpu controller. (Reading cpu.stat
            // flushes the hierarchy's statistics: ~50 us a run here.)
            std::vector<std::string> counted = v2_controllers_;
            if (!v1_cpuacct_ && !contains(counted, "cpu")) counted.push_back("cpu");
            v2_->read_usage(usage, counted, live);
        }
        for (const auto& group : v1_) group->read_usage(usage, live);
        return usage;
    }

    std::vector<std::unique_ptr<V1Group>> v1_;
    std::unique_ptr<V2Group> v2_;
    std::vector<std::string> v2_controllers_;
    std::vector<const V1Group*> v1_groups_;
    const V1Group* freezer_ = nullptr;
    bool v1_cpuacct_ = false;  // a v1 cpuacct group counts the CPU time
    std::set<const void*> removed_;  // groups remove_if_empty() removed
    // Seen empty after the run: joining a run's group takes the host's root, so removal
    // needs no second kill (a newcomer would only make rmdir answer EBUSY).
    bool emptied_ = false;
};

}  // namespace

void apply_limits(const std::vector<LimitTarget>& v1, const std::optional<LimitTarget>& v2,
                  const CgroupLimits& limits, std::vector<std::string>& degraded) {
    auto v1_target_for = [&](const std::string& controller) -> const LimitTarget* {
        for (const auto& target : v1) {
            if (contains(target.controllers, controller)) return &target;
        }
        return nullptr;
    };
    auto on_v1 = [&](const std::string& controller_v2_name) {
        return v1_target_for(controller_v2_name == "io" ? "blkio" : controller_v2_name) != nullptr;
    };

    for (const auto& write : v1_limit_writes(limits)) {
        const LimitTarget* target = v1_target_for(write.controller);
        if (!target) continue;  // maybe on v2, handled below
        int err = cgroupfs::write_at(target->dir_fd, write.file.c_str(), write.value);
        if (err == ENOENT && write.file == "memory.memsw.limit_in_bytes") {
            // Swap accounting is off (swapaccount=0 or no swap support): keep the group
            // out of swap as far as v1 allows.
            cgroupfs::write_at(target->dir_fd, "memory.swappiness", "0");
            note_once(degraded, "swap off only through memory.swappiness=0: " + target->path +
                                    " has no memory.memsw.limit_in_bytes");
        } else if (err != 0) {
            note_once(degraded, write.limit + " not applied: writing " + write.value + " to " +
                                    target->path + "/" + write.file + " failed: " +
                                    cgroupfs::errno_text(err));
        }
    }
    if (limits.memory_high_bytes && v1_target_for("memory")) {
        note_once(degraded, "memory high watermark not applied: cgroup v1 has no memory.high");
    }

    for (const auto& write : v2_limit_writes(limits)) {
        if (on_v1(write.controller)) continue;
        if (!v2 || !contains(v2->controllers, write.controller)) {
            note_once(degraded, write.limit + " not applied: no " + write.controller +
                                    " controller in any cgroup hierarchy available to this process");
            continue;
        }
        int err = cgroupfs::write_at(v2->dir_fd, write.file.c_str(), write.value);
        if (err == ENOENT && write.file == "memory.swap.max") {
            note_once(degraded, "swap off not applied: " + v2->path +
                                    " has no memory.swap.max (kernel without swap support)");
        } else if (err != 0) {
            note_once(degraded, write.limit + " not applied: writing " + write.value + " to " +
                                    v2->path + "/" + write.file + " failed: " +
                                    cgroupfs::errno_text(err));
        }
    }
}

CgroupPlacement host_placement(const CgroupLimits& limits, std::vector<std::string>& degraded) {
    CgroupPlacement placement;
    std::string why;
    std::string relative = run_parent_relative(why);
    if (relative.empty()) {
        degraded.push_back("no cgroup limits: " + why);
        return placement;
    }
    // A rootless process found its parent in a delegated v2 subtree; v1 is root's only.
    bool v1_allowed = ::geteuid() == 0 || std::getenv(kParentEnv) != nullptr;
    auto place = [&](const CgroupHierarchy& hierarchy) {
        if (auto problem = ensure_parent(hierarchy, relative); !problem.empty()) {
            degraded.push_back("cgroup hierarchy " + hierarchy.mount + " not used: " + problem);
            return;
        }
        CgroupPlacement::Spot spot{hierarchy, join_cgroup_path(hierarchy.mount, relative)};
        if (hierarchy.version == 2) {
            placement.v2 = spot;
        } else {
            placement.v1.push_back(spot);
        }
    };
    // The v2 group first: whether there is one decides which v1 controllers are needed.
    for (const auto& hierarchy : host_hierarchies()) {
        if (hierarchy.version == 2) place(hierarchy);
    }
    const auto wanted_controllers = run_v1_controllers(limits, placement.v2.has_value());
    for (const auto& hierarchy : host_hierarchies()) {
        if (hierarchy.version != 1) continue;
        bool wanted = std::any_of(hierarchy.controllers.begin(), hierarchy.controllers.end(),
                                  [&](const std::string& c) { return contains(wanted_controllers, c); });
        if (!wanted) continue;
        if (!v1_allowed) {
            degraded.push_back("cgroup hierarchy " + hierarchy.mount +
                               " not used: only root makes v1 groups; the run stays in this "
                               "process's group there");
            continue;
        }
        place(hierarchy);
    }
    if (placement.empty()) degraded.push_back("no cgroup limits: no usable cgroup hierarchy");
    return placement;
}

std::unique_ptr<RunCgroup> create_run_cgroup(const CgroupPlacement& placement,
                                             const std::string& dir_name,
                                             const CgroupLimits& limits,
                                             std::vector<std::string>& degraded) {
    std::vector<std::unique_ptr<V1Group>> v1;
    std::vector<std::string> v1_controllers;
    std::unique_ptr<V2Group> v2;
    std::vector<std::string> v2_controllers;
    // Groups made before a failing one are still empty: remove them before reporting.
    auto remove_made = [&] {
        for (const auto& group : v1) group->remove();
        if (v2) v2->remove();
    };
    try {
        for (const auto& spot : placement.v1) {
            v1.push_back(V1Group::create(spot.hierarchy, spot.parent_dir, dir_name));
            for (const auto& c : spot.hierarchy.controllers) v1_controllers.push_back(v2_name(c));
        }
        if (placement.v2) {
            // Enable on v2 what no v1 hierarchy holds: the counters (memory, pids, cpu)
            // always, cpuset and io when limited.
            std::vector<std::string> wanted;
            std::vector<std::string> candidates = {"memory", "pids", "cpu"};
            if (!limits.cpuset.empty()) candidates.push_back("cpuset");
            if (!limits.io.empty()) candidates.push_back("io");
            for (const auto& controller : candidates) {
                if (!contains(v1_controllers, controller)) wanted.push_back(controller);
            }
            v2 = V2Group::create(placement.v2->parent_dir, dir_name, wanted);
        }
        std::vector<LimitTarget> v1_targets;
        for (const auto& group : v1) {
            v1_targets.push_back({group->dir_fd(), group->path(), group->hierarchy().controllers});
        }
        std::optional<LimitTarget> v2_target;
        if (v2) {
            v2_controllers = v2->created_controllers();
            v2_target = LimitTarget{v2->dir_fd(), v2->path(), v2_controllers};
        }
        apply_limits(v1_targets, v2_target, limits, degraded);
    } catch (...) {
        remove_made();
        throw;
    }
    return std::make_unique<HostRunCgroup>(std::move(v1), std::move(v2), std::move(v2_controllers));
}

std::unique_ptr<RunCgroup> RunCgroup::create(const std::string& name, const CgroupLimits& limits,
                                             std::vector<std::string>& degraded) {
    validate_limits(limits);
    std::string dir_name = make_run_group_name(name);
    auto placement = host_placement(limits, degraded);
    if (placement.empty()) return nullptr;
    return create_run_cgroup(placement, dir_name, limits, degraded);
}

}  // namespace sandbox::linux_box
