// Replays the FsOps of root_layout.hpp in the child (raw system calls only).
#pragma once

#include "fs_op.hpp"

#include <vector>

namespace sandbox::linux_box {

// Runs every op in order; on the first failure reports it on status_fd and exits 126.
void run_fs_ops(const std::vector<FsOp>& ops, int status_fd) noexcept;

}  // namespace sandbox::linux_box
