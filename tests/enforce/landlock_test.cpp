// Landlock in the box: what the mount namespace shows is not automatically usable; writes
// outside the granted places, TCP and signals out of the box are refused by the kernel.
#include "box_harness.hpp"
#include "landlock_abi.hpp"
#include "landlock_rules.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace box_test;
namespace ll = sandbox::landlock;

namespace {

sandbox::SecurityPolicy enhanced() { return sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::enhanced); }

// The plan confined by the rules computed for it and `policy`; binds added afterwards are
// visible in the box but have no rule.
BoxPlan confined(BoxPlan plan, const sandbox::SecurityPolicy& policy) {
    std::vector<std::string> degraded;
    plan.landlock = ll::rules_for(policy, plan, ll::running_abi(), degraded);
    return plan;
}

// Python that connects to 127.0.0.1:port and prints the errno name or "connected".
std::vector<std::string> python_connect(int port) {
    return {"/usr/bin/python3", "-c",
            "import socket, errno\n"
            "s = socket.socket()\n"
            "try:\n"
            "    s.connect(('127.0.0.1', " + std::to_string(port) + ")); print('connected')\n"
            "except OSError as e:\n"
            "    print(errno.errorcode[e.errno])\n"};
}

}  // namespace

TEST_CASE("the kernel offers Landlock (this project's target kernels do)") {
    CHECK(ll::running_abi() >= 1);
}

TEST_CASE("attack: a file bound into the box without a grant cannot be read") {
    BoxPlan plan = confined(shell_plan("cat /etc/hostname 2>&1 >/dev/null | grep -c 'Permission denied'"), enhanced());
    plan.binds.push_back({"/etc/hostname", "/etc/hostname", false, false});
    CHECK(run_box(plan).out == "1\n");
}

TEST_CASE("files.read: the listed file is readable") {
    auto policy = enhanced();
    policy.files.read = {"/etc/hostname"};
    BoxPlan plan = shell_plan("cat /etc/hostname >/dev/null && echo read");
    plan.binds.push_back({"/etc/hostname", "/etc/hostname", false, false});
    CHECK(run_box(confined(plan, policy)).out == "read\n");
}

TEST_CASE("the workdir is writable, /tmp too at enhanced") {
    BoxRun run = run_box(confined(shell_plan("echo a > /work/f && echo b > /tmp/f && cat /work/f /tmp/f"), enhanced()));
    CHECK(run.out == "a\nb\n");
}

TEST_CASE("attack: at maximum /tmp is not writable, the workdir still is") {
    auto policy = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::maximum);
    BoxRun run = run_box(confined(shell_plan("echo a > /work/f && echo w; echo b > /tmp/f 2>&1 || echo denied"), policy));
    CHECK(run.out == "w\ndenied\n");
}

TEST_CASE("attack: TCP connect is refused by Landlock (ABI >= 4), the proxy port only with allowed_hosts") {
    if (ll::running_abi() < 4) return;
    CHECK(run_box(confined(plan_for(python_connect(8080)), enhanced())).out == "EACCES\n");
    auto policy = enhanced();
    policy.allowed_hosts = {"example.com"};
    // Allowed by Landlock; nobody listens in the box's fresh network namespace.
    CHECK(run_box(confined(plan_for(python_connect(ll::proxy_port)), policy)).out == "ECONNREFUSED\n");
    CHECK(run_box(confined(plan_for(python_connect(8080)), policy)).out == "EACCES\n");
}

TEST_CASE("attack: signals to a process outside the Landlock domain (the box's init) fail (ABI >= 6)") {
    if (ll::running_abi() < 6) return;
    CHECK(run_box(confined(shell_plan("kill -0 1 2>/dev/null && echo reached || echo denied"), enhanced())).out ==
          "denied\n");
    CHECK(run_box(shell_plan("kill -0 1 && echo reached")).out == "reached\n");  // without Landlock
}

TEST_CASE("rules are downgraded to the ABI and each loss is named") {
    std::vector<std::string> degraded;
    BoxPlan plan = shell_plan("true");
    auto abi3 = ll::rules_for(enhanced(), plan, 3, degraded);
    CHECK((abi3.handled_fs & ll::fs_ioctl_dev) == 0);
    CHECK((abi3.handled_fs & ll::fs_truncate) != 0);
    CHECK(abi3.handled_net == 0);
    CHECK(abi3.scoped == 0);
    for (const auto& rule : abi3.paths) CHECK((rule.access & ~abi3.handled_fs) == 0);
    CHECK(degraded.size() == 4);  // net, ioctl, scope, audit
    degraded.clear();
    CHECK(ll::rules_for(enhanced(), plan, 0, degraded).empty());
    CHECK(degraded.size() == 1);
}
