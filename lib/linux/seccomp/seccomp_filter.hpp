// Seccomp filters built with libseccomp and exported once as BPF, so a launch only installs
// a ready program (building costs ~150-200 us per launch; installing ~35 us).
#pragma once

#include "syscall_tables.hpp"

#include <linux/filter.h>

#include <vector>

namespace sandbox::linux_box {

// The standard level's denylist (every listed call returns EPERM; clone3 ENOSYS so libc
// falls back to clone, whose flags the filter can see; personality only with the values of
// allowed_personalities(); non-native ABIs denied).
// Built on first use and cached; thread-safe. Throws SetupError if libseccomp fails.
const std::vector<sock_filter>& standard_denylist_bpf();

// The enhanced and maximum levels' allowlist of `runtime`: listed calls pass, every other
// call becomes a user notification (install with SECCOMP_FILTER_FLAG_NEW_LISTENER; the
// supervisor must answer). Built on first use and cached; thread-safe.
const std::vector<sock_filter>& runtime_allowlist_bpf(AllowlistRuntime runtime);

}  // namespace sandbox::linux_box
