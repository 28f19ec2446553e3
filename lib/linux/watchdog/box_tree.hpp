// The processes of a box: its init and every descendant, found by walking the kernel's
// per-thread `children` lists down from the init. A box's orphans are re-parented to its init
// (the pid namespace's reaper), so nothing of the box falls out of the walk; the cost grows
// with the box, not with the host's process count as a /proc listing would.
#pragma once

#include <vector>

namespace sandbox::linux_watchdog {

// Host pids of `init_pid` and its descendants, `init_pid` first; empty if it is gone. A
// process forked or re-parented during the walk can be missed: the next scan sees it.
std::vector<int> box_tree(int init_pid);

}  // namespace sandbox::linux_watchdog
