// How many file descriptors this process holds (the entries of /proc/self/fd, the one the
// listing opens included). Leak tests compare it before and after runs.
#pragma once

#include <cstddef>
#include <filesystem>

inline std::size_t open_fd_count() {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++count;
    return count;
}
