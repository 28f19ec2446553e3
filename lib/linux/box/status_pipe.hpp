// Writing StatusRecords from the child: async-signal-safe, no allocation (see box_plan.hpp).
#pragma once

#include "box_plan.hpp"

namespace sandbox::linux_box {

// One atomic write of a record; message = "<step>: <detail>" (truncated to fit).
void write_status(int fd, StatusRecord::Kind kind, int value, int err, const char* step,
                  const char* detail) noexcept;

// Reports {setup_failed, errno, "<step>: <detail>"} and exits 126.
[[noreturn]] void fail_setup(int status_fd, const char* step, const char* detail) noexcept;

// Reports {exec_failed, errno, "execve: <path>"} and exits 127.
[[noreturn]] void fail_exec(int status_fd, const char* path) noexcept;

}  // namespace sandbox::linux_box
