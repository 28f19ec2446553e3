// Host workdirs of runs (basic level, portable fallback) are named "rusty-sandbox-PID-..." after
// their supervisor, so that one which was killed can be found and removed by the next.
#pragma once

#include <string>

namespace sandbox {

// "rusty-sandbox-PID-" for this process.
std::string workdir_name_prefix();

// Removes every "rusty-sandbox-PID-*" entry of `tmp_dir` whose PID is dead. A live PID (or one
// taken since by another process) keeps its directories. Nothing is removed where pids are
// not the host's (host_pids.hpp).
void remove_stale_workdirs(const std::string& tmp_dir);

}  // namespace sandbox
