// Which paths the box may name: the places its mount namespace holds (binds, workdir, /tmp,
// /proc, /dev) and the root directory itself. A path read from the box's memory is a hint for
// reporting, never a grant: Landlock and the mount namespace decide what an open reaches.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sandbox::linux_notify {

// "/a/./b/../c//" -> "/a/c". Lexical only (symlinks are the kernel's business); ".." at the
// root stays at the root.
std::string normalize_path(std::string_view absolute);

class PathScope {
public:
    explicit PathScope(std::vector<std::string> prefixes = {});
    // True for a relative path (resolved by the kernel against a directory already inside),
    // "/", and anything at or beneath a prefix.
    bool contains(std::string_view path) const;

private:
    std::vector<std::string> prefixes_;  // normalized
};

}  // namespace sandbox::linux_notify
