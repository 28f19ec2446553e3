#include "host_pids.hpp"

#include <sys/stat.h>

namespace sandbox {

bool pids_are_host_wide() {
#if defined(__linux__)
    // The kernel's initial pid namespace has a fixed inode number (PROC_PID_INIT_INO in
    // include/linux/proc_ns.h); every other pid namespace gets a fresh one.
    constexpr ino_t initial_pid_namespace = 0xEFFFFFFCU;
    struct stat st {};
    return ::stat("/proc/self/ns/pid", &st) == 0 && st.st_ino == initial_pid_namespace;
#else
    return true;
#endif
}

}  // namespace sandbox
