// Writing the user namespace's id maps: from a root supervisor (the child has no privilege
// over other host ids), or by a rootless child for itself.
#pragma once

#include <sys/types.h>

namespace sandbox::linux_box {

// Root supervisor side: maps inside_uid/gid to host_uid/gid for `pid` (one id each; host
// root is never mapped, the caller checks); setgroups stays allowed so the child can clear
// its supplementary groups. Returns 0, or an errno with `step` naming the file that failed.
int write_id_maps(pid_t pid, uid_t inside_uid, uid_t host_uid, gid_t inside_gid, gid_t host_gid,
                  const char** step) noexcept;

// Child side, rootless: "deny" to /proc/self/setgroups, then the precomputed map lines.
// Returns 0, or an errno with `step` naming the file that failed.
int write_own_id_maps(const char* uid_map, const char* gid_map, const char** step) noexcept;

}  // namespace sandbox::linux_box
