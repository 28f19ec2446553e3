// DescendantIndex: finds a process's descendants without /proc/PID/task/TID/children (absent
// when the kernel lacks CONFIG_PROC_CHILDREN, as here) by the parent pid of every process.
// The parent of a pid is read once, when the pid first appears in /proc; members of the tree
// get theirs refreshed by the reader at every sample (see note_parent).
#pragma once

#include <dirent.h>

#include <unordered_map>
#include <vector>

namespace sandbox::linux_monitor {

class DescendantIndex {
public:
    DescendantIndex();
    ~DescendantIndex();
    DescendantIndex(const DescendantIndex&) = delete;
    DescendantIndex& operator=(const DescendantIndex&) = delete;

    // `root` (if it exists) and every process below it, root first.
    std::vector<int> tree(int root);
    // What the reader just read in a member's stat.
    void note_parent(int pid, int ppid) { parent_[pid] = ppid; }

private:
    void refresh();

    DIR* proc_ = nullptr;
    std::unordered_map<int, int> parent_;  // pid -> ppid, for every pid listed at the last refresh
};

}  // namespace sandbox::linux_monitor
