// Writing the user namespace's id maps from the supervisor (the child cannot: it would need
// privilege over the host ids).
#pragma once

#include <sys/types.h>

namespace sandbox::linux_box {

// Maps inside_uid/gid to host_uid/gid for `pid` (one id each; host root is never mapped,
// the caller checks). When not root, writes "deny" to setgroups first as the kernel requires.
// Returns 0, or an errno with `step` naming the file that failed.
int write_id_maps(pid_t pid, uid_t inside_uid, uid_t host_uid, gid_t inside_gid, gid_t host_gid,
                  bool deny_setgroups, const char** step) noexcept;

}  // namespace sandbox::linux_box
