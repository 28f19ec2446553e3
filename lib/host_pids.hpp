// Whether the pids this process sees are the host's. Clean-up that judges other supervisors
// by their pid (stale workdirs, stale cgroups) runs only then: from inside a nested pid
// namespace that shares the host's /tmp or cgroup hierarchy, another supervisor's pid is
// invisible, so it would look dead and its running boxes would be ended.
#pragma once

namespace sandbox {

// True in the initial pid namespace, and where there are no pid namespaces; false when it
// cannot be told.
bool pids_are_host_wide();

}  // namespace sandbox
