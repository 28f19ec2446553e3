// Command: what to run inside the box.
#pragma once

#include <sandbox/export.hpp>

#include <map>
#include <string>
#include <vector>

namespace sandbox {

struct Command {
    // argv[0] is resolved inside the box: an absolute path, or a name searched in PATH
    // (the box's PATH, or /usr/local/bin:/usr/bin:/bin when env has none).
    std::vector<std::string> argv;
    // The environment, empty by default: nothing of the supervisor's leaks in unless passed.
    std::map<std::string, std::string> env;
    // Bytes written to the program's stdin, then stdin is closed.
    std::string stdin_data;
    // Files created in the workdir before the program starts: relative path -> contents.
    std::map<std::string, std::string> files;
    // Working directory inside the box; empty means the policy's workdir.
    std::string working_dir;

    // Copies the supervisor's value of `name` into env, if it has one.
    SANDBOX_API Command& pass_env(const std::string& name);

    // Throws PolicyError if argv is empty, a file path escapes the workdir, or a
    // string contains a NUL byte where the kernel would cut it.
    SANDBOX_API void validate() const;
};

}  // namespace sandbox
