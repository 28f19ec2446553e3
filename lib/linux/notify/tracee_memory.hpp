// Reading a notifying process's arguments out of its memory with process_vm_readv (no
// descriptor to open). The caller must check SECCOMP_IOCTL_NOTIF_ID_VALID afterwards: the
// pid may have died and been reused while we read.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace sandbox::linux_notify {

// Exactly `length` bytes at `address`, or nullopt.
std::optional<std::string> read_bytes(pid_t pid, std::uint64_t address, std::size_t length);

// A NUL-terminated string of at most `max` bytes (longer ones are cut), or nullopt.
std::optional<std::string> read_c_string(pid_t pid, std::uint64_t address, std::size_t max = 4096);

}  // namespace sandbox::linux_notify
