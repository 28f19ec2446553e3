// Launcher: clone3 the box's first process from a BoxPlan and hand back its fds.
#pragma once

#include "box_plan.hpp"

#include <sys/types.h>

namespace sandbox::linux_box {

// What the supervisor holds for a launched box. All fds are O_CLOEXEC and owned by the
// caller (close them); the child's ends are already closed here.
struct LaunchedBox {
    pid_t pid = -1;       // host pid of the box's init (or the basic level's subreaper)
    int pidfd = -1;       // pidfd of that process (poll it for exit)
    int stdin_fd = -1;    // write end of the program's stdin
    int stdout_fd = -1;   // read end of the program's stdout
    int stderr_fd = -1;   // read end of the program's stderr
    int status_fd = -1;   // read end of the StatusRecord pipe; EOF once the init has exited
    // BoxPlan::seccomp_notify: the socket on which the program's seccomp listener fd arrives
    // (SCM_RIGHTS), before its execve; -1 otherwise.
    int notify_socket = -1;
};

// Starts the box and returns once the child is running its set-up (it does not wait for
// exec). Throws SetupError (naming the step and errno) on a supervisor-side failure;
// failures inside the child arrive as StatusRecords.
LaunchedBox launch(const BoxPlan& plan);

// Makes ahead what the next launch like `plan` can reuse (a network namespace:
// netns_pool.hpp). Call it once the box runs, so the work overlaps the box's set-up.
void prepare_next_launch(const BoxPlan& plan);

}  // namespace sandbox::linux_box
