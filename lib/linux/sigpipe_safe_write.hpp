// write() to a pipe whose reader may be gone, without SIGPIPE killing the supervisor's host
// process (C and C++ hosts keep the default disposition; Python and Node ignore it anyway).
#pragma once

#include <sys/types.h>

#include <cstddef>

namespace sandbox::linux_box {

// Like write(2) on a non-blocking fd; EPIPE comes back as -1/errno instead of a signal.
ssize_t write_without_sigpipe(int fd, const void* data, std::size_t size);

}  // namespace sandbox::linux_box
