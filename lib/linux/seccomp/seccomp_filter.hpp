// Seccomp filters built with libseccomp and exported once as BPF, so a launch only installs
// a ready program (building costs ~150-200 us per launch; installing ~35 us).
#pragma once

#include <linux/filter.h>

#include <vector>

namespace sandbox::linux_box {

// The standard level's denylist (every listed call returns EPERM; clone3 ENOSYS so libc
// falls back to clone, whose flags the filter can see; non-native ABIs denied).
// Built on first use and cached; thread-safe. Throws SetupError if libseccomp fails.
const std::vector<sock_filter>& standard_denylist_bpf();

}  // namespace sandbox::linux_box
