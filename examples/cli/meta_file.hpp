// --meta FILE: the verdict in isolate's meta-file format (isolate(1), META-FILES), so judge
// systems built on isolate keep their parser. One "key:value" per line; only the keys
// isolate writes for the same outcome:
//   time, time-wall                  always (CPU and wall seconds) once the program ran
//   cg-mem | max-rss                 peak memory in KiB: cg-mem when the cgroup measured it,
//                                    max-rss when it came from the kernel's rusage
//   cg-oom-killed:1                  the memory cgroup's OOM killer ended a process
//   exitcode | exitsig               how the program ended (none after a timeout: it was killed)
//   killed:1                         the sandbox ended it (timeouts, output cap, breach, caller)
//   status, message                  RE nonzero exit, SG signal, TO wall or CPU timeout,
//                                    XX setup or internal error; absent for a clean exit 0
#pragma once

#include <sandbox/result.hpp>

#include <fstream>
#include <string>

namespace sandbox_cli {

std::string format_meta(const sandbox::Result& result);

// Opened (truncated) before the run, as isolate does, so that an unwritable path is a usage
// error before anything starts.
class MetaFile {
public:
    explicit MetaFile(const std::string& path);  // throws UsageError naming the path
    // Writes the meta-file; a failure to write is reported on stderr as a warning (the verdict
    // itself is still printed and returned).
    void write(const sandbox::Result& result);

private:
    std::string path_;
    std::ofstream out_;
};

}  // namespace sandbox_cli
