// A libseccomp context owned by a unique_ptr, and the checked calls every builder uses.
#pragma once

#include <seccomp.h>

#include <memory>
#include <string>

namespace sandbox::linux_box {

struct SeccompCtxDeleter {
    void operator()(void* ctx) const { seccomp_release(ctx); }
};
using SeccompCtx = std::unique_ptr<void, SeccompCtxDeleter>;

// Throws SetupError "<filter>: <what>: <strerror>" when rc < 0.
void check_seccomp(int rc, const std::string& filter, const std::string& what);

// The call's number on this architecture, or -1 when it has none (vm86 on x86_64).
int syscall_number(const char* name);

}  // namespace sandbox::linux_box
