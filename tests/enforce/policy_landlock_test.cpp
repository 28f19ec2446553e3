// Landlock through the public API: enhanced and maximum boxes still run the runtimes, the
// file allowlists open exactly what they name, and what the kernel lacks is reported.
#include "landlock_abi.hpp"

#include <sandbox/sandbox.hpp>

#include <doctest/doctest.h>

#include <string>

namespace {

sandbox::SecurityPolicy at(sandbox::SecurityLevel level) {
    auto policy = sandbox::SecurityPolicy::for_level(level);
    policy.limits.wall_timeout_ms = 20'000;
    return policy;
}

sandbox::Result run_sh(const sandbox::SecurityPolicy& policy, const std::string& script) {
    sandbox::Command command;
    command.argv = {"/bin/sh", "-c", script};
    return sandbox::Sandbox(policy).run(command);
}

}  // namespace

TEST_CASE("python and sh run at enhanced and maximum under Landlock") {
    for (auto level : {sandbox::SecurityLevel::enhanced, sandbox::SecurityLevel::maximum}) {
        auto py = sandbox::Sandbox(at(level)).run_code("python", "print('hello')");
        CHECK_MESSAGE(py.status == sandbox::Status::ok, py.message, py.stderr_data);
        CHECK(py.stdout_data == "hello\n");
        CHECK(run_sh(at(level), "echo hi").stdout_data == "hi\n");
    }
}

TEST_CASE("files.read: the named host file is readable in the box, a readonly_paths one too") {
    auto policy = at(sandbox::SecurityLevel::enhanced);
    policy.files.read = {"/etc/hostname"};
    policy.readonly_paths = {"/etc/hosts"};
    auto r = run_sh(policy, "cat /etc/hostname /etc/hosts >/dev/null && echo ok");
    CHECK_MESSAGE(r.stdout_data == "ok\n", r.stderr_data, r.message);
}

TEST_CASE("attack: at maximum /tmp is read-only, the workdir is writable") {
    auto r = run_sh(at(sandbox::SecurityLevel::maximum), "echo a > /work/f && echo w; echo b > /tmp/f || echo denied");
    CHECK(r.stdout_data == "w\ndenied\n");
}

TEST_CASE("a kernel below ABI 7 names each missing Landlock layer in degraded") {
    auto r = run_sh(at(sandbox::SecurityLevel::enhanced), "true");
    bool mentions = false;
    for (const auto& d : r.degraded) mentions = mentions || d.starts_with("landlock");
    CHECK(mentions == (sandbox::landlock::running_abi() < 7));
}
