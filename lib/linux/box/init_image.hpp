// The box's first process is box-init, a small static program built with the library and
// embedded in it (init/). The launch execs it from a sealed memfd right after clone, so the
// box never runs in a copy of the supervisor: the cost of a launch no longer grows with the
// size of the process that embeds the library (a Python or Node interpreter, say).
#pragma once

#include <string>

namespace sandbox::linux_box {

// The process-wide executable memfd holding box-init (made on first use, kept open, sealed
// against writes), once it has been executed bare successfully. -1 when this host refuses
// to execute a memfd (vm.memfd_noexec = 2, a security module): box_init_unavailable_reason()
// then says why, and boxes start in a copy of the supervisor.
int box_init_fd();
const std::string& box_init_unavailable_reason();

}  // namespace sandbox::linux_box
