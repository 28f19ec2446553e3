// Runs one standard-level box and prints its result as JSON; the rootless test starts it as
// an unprivileged user.
#include <sandbox/sandbox.hpp>

#include <iostream>

int main() {
    auto policy = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::standard);
    sandbox::Command cmd;
    cmd.argv = {"/bin/sh", "-c", "echo inside; id -u; grep CapEff /proc/self/status; touch /usr/x 2>&1; exit 0"};
    std::cout << sandbox::Sandbox(policy).run(cmd).to_json() << "\n";
}
