// Turning a libseccomp context into a BPF program the launcher installs as is.
#pragma once

#include <linux/filter.h>
#include <seccomp.h>

#include <vector>

namespace sandbox::linux_box {

// Exports `ctx` with seccomp_export_bpf (through a memfd). Throws SetupError on failure.
std::vector<sock_filter> export_bpf(scmp_filter_ctx ctx);

}  // namespace sandbox::linux_box
