#include "libseccomp_ctx.hpp"

#include <sandbox/error.hpp>

#include <cstring>

namespace sandbox::linux_box {

void check_seccomp(int rc, const std::string& filter, const std::string& what) {
    if (rc < 0) throw SetupError(filter + ": " + what + ": " + std::strerror(-rc));
}

int syscall_number(const char* name) {
    int nr = seccomp_syscall_resolve_name(name);
    return nr == __NR_SCMP_ERROR || nr < 0 ? -1 : nr;
}

}  // namespace sandbox::linux_box
