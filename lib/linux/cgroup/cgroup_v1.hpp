// One run group in each v1 hierarchy: creation, `tasks` attach fds, freezer-based kill.
#pragma once

#include "cgroup_hierarchies.hpp"
#include "run_cgroup.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace sandbox::linux_box {

class V1Group {
public:
    // Creates `parent_dir/name` in `hierarchy` (a cpuset group gets its parent's cpus and
    // mems, which v1 leaves empty). Throws SetupError naming the path and errno.
    static std::unique_ptr<V1Group> create(const CgroupHierarchy& hierarchy,
                                           const std::string& parent_dir, const std::string& name);
    ~V1Group();
    V1Group(const V1Group&) = delete;
    V1Group& operator=(const V1Group&) = delete;

    const CgroupHierarchy& hierarchy() const { return hierarchy_; }
    const std::string& path() const { return path_; }
    int dir_fd() const { return dir_fd_; }
    // `tasks` opened O_WRONLY|O_CLOEXEC: the single-threaded child writes "0" to it.
    int tasks_fd() const { return tasks_fd_; }

    // Fills the fields this hierarchy's controllers provide; without `live`, not the current
    // values (memory_current_bytes, pids_current, oom_events: RunCgroup::final_usage).
    void read_usage(CgroupUsage& usage, bool live = true) const;
    std::vector<int> pids() const;
    // rmdir, retried while a memory group goes offline; true when gone.
    bool remove();
    // One rmdir; true when gone (false: EBUSY, a member is left, or another error).
    bool try_remove();

private:
    V1Group(CgroupHierarchy hierarchy, std::string path, int dir_fd, int tasks_fd);
    CgroupHierarchy hierarchy_;
    std::string path_;
    int dir_fd_ = -1;
    int tasks_fd_ = -1;
};

// Ends every process in the v1 groups: with a freezer group, freeze it, SIGKILL every member
// and thaw (no member can fork in between); without one, SIGKILL the members until none is
// left. `freezer` may be null.
void v1_kill_all(const V1Group* freezer, const std::vector<const V1Group*>& groups);

// True when none of `groups` has a member.
bool v1_empty(const std::vector<const V1Group*>& groups);

// Kills the members of the v1 group at `path` (SIGKILL until empty, up to `timeout`) and
// removes it. For stale groups; true when it is gone.
bool end_v1_group(const std::string& path, std::chrono::milliseconds timeout);

}  // namespace sandbox::linux_box
