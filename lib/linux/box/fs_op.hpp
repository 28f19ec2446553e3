// FsOp: one filesystem step of building the box's root, spelled out completely by the
// supervisor so the child only replays system calls (see root_layout.hpp).
#pragma once

#include <cstdint>
#include <string>

namespace sandbox::linux_box {

struct FsOp {
    enum Kind : std::uint8_t {
        make_dir,      // mkdir(path, mode); an existing entry is fine
        make_file,     // create an empty file at path (a bind-mount point); existing is fine
        mount,         // mount(source, path, fstype, flags, data)
        restrict_bind, // add flags (MOUNT_ATTR_*) to the mount at path; recursive if `mode`
        symlink,       // symlink(source, path)
        write_file,    // create path (mode) holding `data`
        change_dir,    // chdir(path)
        pivot_root,    // pivot_root(path, source)
        unmount,       // umount2(path, flags); the last kind
    };
    Kind kind = make_dir;
    const char* step = "";  // names the step in a failure report
    std::string path{};
    std::string source{};
    std::string fstype{};
    std::string data{};
    unsigned long flags = 0;
    unsigned mode = 0;
};

}  // namespace sandbox::linux_box
