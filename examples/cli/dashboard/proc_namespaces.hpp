// The namespaces of a host process, read from /proc/PID/ns (the details pane's last lines).
#pragma once

#include "dashboard_model.hpp"

namespace sandbox_cli::dashboard {

// {"cgroup": "4026531835", "ipc": ..., "mnt": ..., "net": ..., "pid": ..., "user": ...,
// "uts": ...}: the inode of each link. A link that cannot be read (the process is gone, or we
// may not look) is left out.
Namespaces read_proc_namespaces(int pid);

}  // namespace sandbox_cli::dashboard
