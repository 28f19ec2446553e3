// Starting the box's first process as box-init (init_image.hpp): a CLONE_VM | CLONE_VFORK
// clone that passes the launch's fds on, keeps the new user namespace's capabilities and
// execs box-init, which reads the encoded spec from a memfd.
#pragma once

#include "child_spec.hpp"

#include <sys/types.h>

#include <cstdint>

namespace sandbox::linux_box {

// Returns once the child has exec'd box-init, or has failed, reported on the status pipe
// and exited. `flags` are the namespace flags; `legacy` asks for clone(2) instead of clone3.
// The pid (or -1 with errno) as from clone; throws SetupError for a step before the clone.
pid_t spawn_box_init(const BoxPlan& plan, const ChildSpec& spec, const ChildFds& child, std::uint64_t flags,
                     bool legacy, int image_fd, int* pidfd);

}  // namespace sandbox::linux_box
