// keep_capabilities through the public API: the planner turns names into the box's kept set.
#include <sandbox/sandbox.hpp>

#include <doctest/doctest.h>

#include <string>

namespace {

sandbox::Result run_sh(const sandbox::SecurityPolicy& policy, const std::string& script) {
    sandbox::Command command;
    command.argv = {"/bin/sh", "-c", script};
    return sandbox::Sandbox(policy).run(command);
}

}  // namespace

TEST_CASE("policy keep_capabilities reaches the program's effective and ambient sets") {
    auto policy = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::standard);
    policy.keep_capabilities = {"CAP_NET_BIND_SERVICE"};
    auto result = run_sh(policy, "grep -E '^Cap(Eff|Amb):' /proc/self/status");
    CHECK(result.status == sandbox::Status::ok);
    CHECK(result.stdout_data == "CapEff:\t0000000000000400\nCapAmb:\t0000000000000400\n");
}

TEST_CASE("default policy keeps no capability") {
    auto policy = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::standard);
    auto result = run_sh(policy, "grep -E '^Cap(Eff|Amb):' /proc/self/status");
    CHECK(result.stdout_data == "CapEff:\t0000000000000000\nCapAmb:\t0000000000000000\n");
}
