// Kept capabilities (BoxPlan::keep_caps): the listed ones survive execve in every set,
// nothing else does; without a keep-list the program holds none.
#include "box_harness.hpp"

#include <linux/capability.h>

#include <doctest/doctest.h>

#include <string>

using namespace box_test;

namespace {

const char* caps_script = "grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb):' /proc/self/status";

// Binds TCP port 80 on loopback; prints "bound" or the errno name.
const char* bind_80 =
    "import socket, errno\n"
    "s = socket.socket()\n"
    "try:\n"
    "    s.bind(('127.0.0.1', 80)); print('bound')\n"
    "except OSError as e:\n"
    "    print(errno.errorcode[e.errno])\n";

const std::string only_net_bind_service = "0000000000000400";  // bit 10

std::string caps_line(const std::string& set, const std::string& mask) { return "Cap" + set + ":\t" + mask + "\n"; }

}  // namespace

TEST_CASE("keep CAP_NET_BIND_SERVICE: bit 10 in every set, nothing else") {
    BoxPlan plan = shell_plan(caps_script);
    plan.keep_caps = {CAP_NET_BIND_SERVICE};
    BoxRun run = run_box(plan);
    for (const char* set : {"Inh", "Prm", "Eff", "Bnd", "Amb"}) {
        CHECK(run.out.find(caps_line(set, only_net_bind_service)) != std::string::npos);
    }
}

TEST_CASE("no keep-list: every set is empty") {
    BoxRun run = run_box(shell_plan(caps_script));
    for (const char* set : {"Inh", "Prm", "Eff", "Bnd", "Amb"}) {
        CHECK(run.out.find(caps_line(set, "0000000000000000")) != std::string::npos);
    }
}

TEST_CASE("attack: binding port 80 fails without the capability, works when kept") {
    BoxPlan denied = plan_for({"/usr/bin/python3", "-c", bind_80});
    CHECK(run_box(denied).out == "EACCES\n");
    BoxPlan kept = plan_for({"/usr/bin/python3", "-c", bind_80});
    kept.keep_caps = {CAP_NET_BIND_SERVICE};
    CHECK(run_box(kept).out == "bound\n");
}

TEST_CASE("attack: a kept capability does not let the program raise others") {
    // capsh is not everywhere; python's prctl via ctypes raises CAP_SYS_ADMIN in ambient.
    BoxPlan plan = plan_for({"/usr/bin/python3", "-c",
                             "import ctypes\n"
                             "libc = ctypes.CDLL(None, use_errno=True)\n"
                             "PR_CAP_AMBIENT, RAISE, CAP_SYS_ADMIN = 47, 2, 21\n"
                             "r = libc.prctl(PR_CAP_AMBIENT, RAISE, CAP_SYS_ADMIN, 0, 0)\n"
                             "print(r, ctypes.get_errno())\n"});
    plan.keep_caps = {CAP_NET_BIND_SERVICE};
    CHECK(run_box(plan).out == "-1 1\n");  // EPERM: not in permitted or inheritable
}

TEST_CASE("basic level as root keeps the capability through the id switch") {
    BoxPlan plan = shell_plan(caps_script);
    plan.isolate = false;
    plan.cwd = "/";
    plan.keep_caps = {CAP_NET_BIND_SERVICE};
    BoxRun run = run_box(plan);
    CHECK(run.out.find(caps_line("Eff", only_net_bind_service)) != std::string::npos);
    CHECK(run.out.find(caps_line("Amb", only_net_bind_service)) != std::string::npos);
    CHECK(run.out.find(caps_line("Bnd", only_net_bind_service)) != std::string::npos);
}

TEST_CASE("a capability number the kernel does not know is refused before launch") {
    BoxPlan plan = shell_plan("true");
    plan.keep_caps = {200};
    CHECK_THROWS_WITH_AS(run_box(plan), doctest::Contains("capability 200"), std::exception);
}
