// The box's filesystem as a list of FsOps (isolate level). The child, in its own mount
// namespace, mounts a scratch tmpfs on /tmp and pivots into it so the host's root sits at
// /oldroot (no bind source is hidden, not even one under /tmp); it assembles the new root
// under /newroot (a small tmpfs made read-only at the end), drops /oldroot and pivots into
// /newroot. The host mount table is never touched: / is made private first.
#pragma once

#include "box_plan.hpp"
#include "fs_op.hpp"

#include <sys/types.h>

#include <vector>

namespace sandbox::linux_box {

// Checks the binds against the host (missing required source, relative or ".." paths) and
// throws SetupError naming the offending entry.
std::vector<FsOp> build_root_layout(const BoxPlan& plan);

}  // namespace sandbox::linux_box
