// The box's first process once the target is forked: it forwards termination signals,
// reaps, reports the target's wait status and ends the rest of the tree.
#pragma once

#include <sys/types.h>

namespace sandbox::linux_box {

// Forwards SIGTERM, SIGINT and SIGHUP to the target once its pid is known; call before
// forking it (the target resets its signals).
void forward_signals_to_target() noexcept;
void set_forwarding_target(pid_t target) noexcept;

// basic: when the supervisor dies, end the whole tree, not only this process (a SIGKILL as
// parent-death signal would leave the target's children to the host's init). The signal is
// caught instead: it kills the target's process group, and run_subreaper then ends every
// process re-parented to us. Call before starting the target; `supervisor` is our parent.
void end_tree_on_supervisor_death(int status_fd, pid_t supervisor) noexcept;

// isolate: PID 1 of the box's pid namespace. Reaps every child until the target exits,
// reports it, exits; the kernel then kills whatever is left in the namespace.
[[noreturn]] void run_namespace_init(pid_t target, int status_fd) noexcept;

// basic: a child subreaper over the target's tree. When the target exits it reports, then
// kills the target's process group and every process reparented to it, reaps, exits.
[[noreturn]] void run_subreaper(pid_t target, int status_fd) noexcept;

}  // namespace sandbox::linux_box
