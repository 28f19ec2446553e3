// The target's process environment before execve: descriptors, signals, rlimits.
// Child-side, raw system calls only.
#pragma once

#include "child_spec.hpp"

#include <cstddef>

namespace sandbox::linux_box {

// Closes every descriptor not in `keep` (ascending).
void close_fds_except(const int* keep, std::size_t count) noexcept;

// stdin/stdout/stderr become the box's pipes (all >= 3, see launcher.cpp); then every other
// fd except the status pipe is closed (it is O_CLOEXEC and reports an execve failure).
void setup_target_fds(const ChildFds& fds) noexcept;

// An empty signal mask and default dispositions: the supervisor's ignored or blocked
// signals (SIGPIPE, ...) must not leak into the program.
void reset_signals() noexcept;

void apply_rlimits(const ChildSpec& spec, int status_fd) noexcept;

}  // namespace sandbox::linux_box
