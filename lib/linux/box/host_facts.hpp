// Host facts the box's root is planned from that stay the same from run to run: the canonical
// form of the fixed paths every box binds (/usr, the selected /etc entries, a runtime's
// mounts), what /bin, /lib... are at the top of /, which /dev nodes exist and which /proc
// entries exist. Resolving them costs ~100 system calls per run (a readlink per path
// component); here they are resolved once per process and revalidated at each use with one
// stat per path or per directory, so a file that appears, disappears or is replaced is seen at
// the next run. Never used for user-supplied paths: those are resolved at every run.
// Thread-safe.
#pragma once

#include <sys/stat.h>

#include <optional>
#include <string>
#include <vector>

namespace sandbox::linux_box {

// The canonical form (absolute, no symlink) of a fixed host path; nullopt when it does not
// exist (or cannot be resolved).
std::optional<std::string> fixed_host_path(const std::string& path);

// When `path` was resolved by fixed_host_path (as the path asked for or as its canonical
// form) and `st`, its stat(2) now, shows the same file as then: its canonical form.
// Otherwise nullopt: the caller resolves it itself.
std::optional<std::string> known_canonical(const std::string& path, const struct stat& st);

// What one of /bin, /sbin, /lib, /lib32, /lib64, /libx32 is on this host (lstat, readlink).
struct RootEntry {
    enum Kind { absent, directory, symlink, other };
    const char* path;
    Kind kind = absent;
    std::string link_text;  // symlink: where it points ("usr/bin" on merged-/usr hosts)
};
// All six, in that order. Revalidated by the stat of "/": an entry that is added, removed or
// replaced (rename) changes the root directory's mtime.
std::vector<RootEntry> root_entries();

// Which of /dev/{null,zero,full,random,urandom} are character devices on this host, as
// paths. Revalidated by the stat of /dev, as root_entries() by "/".
std::vector<std::string> host_char_devices();

// Which of `names` exist under the host's /proc (with whether each is a directory). The
// top-level entries of procfs are made by the kernel at boot and do not come or go while it
// runs: computed once per process.
struct ProcEntry {
    std::string path;  // "/proc/<name>"
    bool is_dir = false;
};
std::vector<ProcEntry> proc_entries(const std::vector<const char*>& names);

}  // namespace sandbox::linux_box
