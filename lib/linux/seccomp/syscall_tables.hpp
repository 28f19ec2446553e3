// The seccomp tables: which calls each runtime may make without a word (allowlists), which
// argument values of ioctl and personality pass. Everything else reaches the supervisor
// through a user notification (see runtime_allowlist.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace sandbox::linux_box {

// The allowlist families; a command resolves to one through lib/runtime.cpp's registry.
enum class AllowlistRuntime { python, javascript, shell, native };

// By the registry's runtime name ("python", "javascript", "shell"); for a program the
// registry does not know (runtime_name empty), by its file name: sh, dash and bash are
// shells (the registry only lists /bin/sh, PATH finds /usr/bin/sh). Else native.
AllowlistRuntime allowlist_runtime_for(std::string_view runtime_name, std::string_view program);
std::string_view to_string(AllowlistRuntime runtime);

// Calls every runtime needs (memory, descriptors, signals, time, its own ids, threads).
std::span<const char* const> common_allowed_calls();
// What the runtime adds to the common table (from strace -f of its typical work).
std::span<const char* const> runtime_allowed_calls(AllowlistRuntime runtime);

// ioctl commands that pass (terminal queries, non-blocking and close-on-exec flags).
std::span<const unsigned long> allowed_ioctls(AllowlistRuntime runtime);

// personality() values that pass, compared as the kernel reads them (32 bits): PER_LINUX,
// PER_LINUX32, their UNAME26 variants and the 0xffffffff query, as in Docker's profile.
std::span<const std::uint32_t> allowed_personalities();

// Calls the supervisor watches and answers itself (never in an allowlist).
std::span<const char* const> watched_calls();

}  // namespace sandbox::linux_box
