// DescendantIndex: finds a process's descendants without /proc/PID/task/TID/children (absent
// when the kernel lacks CONFIG_PROC_CHILDREN, as here) by the parent pid of every process.
//
// Listing /proc is the dominant cost of a sample, so one index serves every monitor of the
// process: a listing younger than the caller's max_age is reused (monitors at the same rate
// share one listing per tick). The parent of a pid is read once, when the pid first appears;
// members of a tree get theirs refreshed by their reader at every sample (note_parent).
#pragma once

#include <dirent.h>

#include <chrono>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sandbox::linux_monitor {

class DescendantIndex {
public:
    static DescendantIndex& shared();

    // `root` (if it exists) and every process below it, root first, from a listing of /proc at
    // most `max_age` old.
    std::vector<int> tree(int root, std::chrono::steady_clock::duration max_age);
    // What a reader just read in a member's stat.
    void note_parent(int pid, int ppid);

private:
    DescendantIndex();
    ~DescendantIndex();
    void refresh();
    void sort_edges();

    std::mutex mutex_;
    DIR* proc_ = nullptr;
    std::unordered_map<int, int> parent_;  // pid -> ppid, for every pid of the last listing
    std::vector<std::pair<int, int>> edges_;  // (ppid, pid) of parent_, sorted by ppid
    bool edges_stale_ = true;
    std::chrono::steady_clock::time_point listed_at_{};
};

}  // namespace sandbox::linux_monitor
