// The child side of a launch, from the clone to execve (see DESIGN.md "The box").
#pragma once

#include "child_spec.hpp"

namespace sandbox::linux_box {

// Runs in box-init (init/box_init_main.cpp) or, in the fallback, in the freshly cloned copy
// of the supervisor; never returns. Builds the box (isolate) or the
// subreaper (basic), forks the target, and becomes its init.
[[noreturn]] void run_box_child(const ChildSpec& spec, const ChildFds& fds) noexcept;

}  // namespace sandbox::linux_box
