// The standard level's promises, checked from inside a box through the public API.
#include "run_helpers.hpp"

#include <doctest/doctest.h>

using namespace sandbox;
using namespace test_support;

TEST_CASE("only the box's own processes are visible") {
    auto r = sh("ls /proc | grep -c '^[0-9]*$'");
    REQUIRE(r.status == Status::ok);
    // init, sh, ls, grep at most
    CHECK(std::stoi(r.stdout_data) <= 4);
    auto pid = sh("echo $$");
    CHECK(std::stoi(pid.stdout_data) <= 3);
}

TEST_CASE("no network interface but lo") {
    auto r = sh("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '");
    REQUIRE(r.status == Status::ok);
    CHECK(r.stdout_data == "lo\n");
}

TEST_CASE("host files are absent or read-only") {
    auto r = sh("touch /usr/x 2>&1; touch /x 2>&1; ls /home /root /sys 2>&1 | head -3; cat /etc/shadow 2>&1");
    CHECK(r.stdout_data.find("Read-only file system") != std::string::npos);
    CHECK(r.stdout_data.find("/usr/x") != std::string::npos);
    CHECK(r.stdout_data.find("root:") == std::string::npos);
    auto w = py("open('/usr/lib/evil', 'w')");
    CHECK(w.status == Status::nonzero_exit);
    CHECK(w.stderr_data.find("Read-only file system") != std::string::npos);
}

TEST_CASE("the workdir and /tmp are writable, /tmp is size-capped") {
    auto p = policy();
    p.limits.tmp_size_bytes = 1 << 20;
    auto r = sh("echo a > /work/f && echo b > /tmp/f && cat /work/f /tmp/f; "
                "head -c 2000000 /dev/zero > /tmp/big 2>/dev/null; echo $?", p);
    CHECK(r.stdout_data == "a\nb\n1\n");
}

TEST_CASE("no capability, NoNewPrivs set, seccomp on") {
    auto r = sh("grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' /proc/self/status");
    REQUIRE(r.status == Status::ok);
    CHECK(r.stdout_data.find("CapInh:\t0000000000000000") != std::string::npos);
    CHECK(r.stdout_data.find("CapPrm:\t0000000000000000") != std::string::npos);
    CHECK(r.stdout_data.find("CapEff:\t0000000000000000") != std::string::npos);
    CHECK(r.stdout_data.find("CapBnd:\t0000000000000000") != std::string::npos);
    CHECK(r.stdout_data.find("CapAmb:\t0000000000000000") != std::string::npos);
    CHECK(r.stdout_data.find("NoNewPrivs:\t1") != std::string::npos);
    CHECK(r.stdout_data.find("Seccomp:\t2") != std::string::npos);
}

TEST_CASE("no inherited file descriptor beyond 0-2") {
    // Python lists its fds; the only extra one is the directory it is reading.
    auto r = py("import os\nfds = sorted(int(f) for f in os.listdir('/proc/self/fd'))\nprint(fds)");
    REQUIRE(r.status == Status::ok);
    CHECK(r.stdout_data == "[0, 1, 2, 3]\n");
}

TEST_CASE("the box maps to an unprivileged host user, never host root") {
    auto r = sh("cat /proc/self/uid_map /proc/self/gid_map; id -u");
    REQUIRE(r.status == Status::ok);
    CHECK(r.stdout_data.find("1000") != std::string::npos);
    if (::geteuid() == 0) CHECK(r.stdout_data.find(" 65534 ") != std::string::npos);
    CHECK(r.stdout_data.find("         0          0") == std::string::npos);
}

TEST_CASE("hostname is the policy's") {
    auto r = sh("hostname");
    CHECK(r.stdout_data == "sandbox\n");
}

TEST_CASE("a daemonized child does not outlive the run") {
    auto r = sh("(setsid sleep 60 >/dev/null 2>&1 &); echo started");
    CHECK(r.status == Status::ok);
    // The box's pid namespace died with its init: nothing of it runs on the host.
    auto check = run({"/bin/sh", "-c", "pgrep -x -f 'sleep 60' || echo none"}, policy(SecurityLevel::basic));
    CHECK(check.stdout_data.find("none") != std::string::npos);
}
