// One group in a cgroup2 hierarchy: creation, attach fds, cgroup.kill, cgroup.events.
#pragma once

#include "run_cgroup.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace sandbox::linux_box {

class V2Group {
public:
    // Creates `parent_dir/name` and enables in `parent_dir`'s cgroup.subtree_control those of
    // `wanted` the group lacks and the parent offers. Throws SetupError naming the path and
    // errno.
    static std::unique_ptr<V2Group> create(const std::string& parent_dir, const std::string& name,
                                           const std::vector<std::string>& wanted);
    ~V2Group();
    V2Group(const V2Group&) = delete;
    V2Group& operator=(const V2Group&) = delete;

    const std::string& path() const { return path_; }
    // Controllers usable in this group (its cgroup.controllers).
    std::vector<std::string> controllers() const;
    // The same, as create() found them (without reading the file again).
    const std::vector<std::string>& created_controllers() const { return created_controllers_; }
    // O_RDONLY|O_DIRECTORY|O_CLOEXEC directory fd, for CLONE_INTO_CGROUP and openat.
    int dir_fd() const { return dir_fd_; }

    // Fills the fields cgroup2 knows; `with_controllers` lists the controllers whose
    // counters count (a controller-less unified group still has cpu.stat usage). Without
    // `live`, not the current values (RunCgroup::final_usage).
    void read_usage(CgroupUsage& usage, const std::vector<std::string>& with_controllers,
                    bool live = true) const;
    // Ends every member: cgroup.kill, or SIGKILL rounds on kernels without it (< 5.14).
    void kill();
    // Waits on cgroup.events (poll POLLPRI) until `populated 0` or `deadline`.
    bool wait_empty(std::chrono::steady_clock::time_point deadline) const;
    std::vector<int> pids() const;
    // rmdir; true when gone.
    bool remove();
    // One rmdir; true when gone (false: EBUSY, a member is left, or another error).
    bool try_remove();

private:
    V2Group(std::string path, int dir_fd);
    std::string path_;
    int dir_fd_ = -1;
    std::vector<std::string> created_controllers_;
};

// Kills every process in the v2 group at `path` (as V2Group::kill), waits up to `timeout`
// and removes it. For stale groups; true when it is gone.
bool end_v2_group(const std::string& path, std::chrono::milliseconds timeout);

}  // namespace sandbox::linux_box
