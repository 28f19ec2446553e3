#include "run_helpers.hpp"

namespace test_support {

sandbox::SecurityPolicy policy(sandbox::SecurityLevel level) {
    auto p = sandbox::SecurityPolicy::for_level(level);
    p.limits.wall_timeout_ms = 20'000;
    return p;
}

sandbox::Result run(const std::vector<std::string>& argv, const sandbox::SecurityPolicy& p,
                    const std::string& stdin_data) {
    sandbox::Command c;
    c.argv = argv;
    c.stdin_data = stdin_data;
    return sandbox::Sandbox(p).run(c);
}

sandbox::Result sh(const std::string& script, const sandbox::SecurityPolicy& p) {
    return run({"/bin/sh", "-c", script}, p);
}

sandbox::Result py(const std::string& source, const sandbox::SecurityPolicy& p) {
    return sandbox::Sandbox(p).run_code("python", source);
}

}  // namespace test_support
