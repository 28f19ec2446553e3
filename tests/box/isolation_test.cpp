// What the program can see from inside: processes, network, ids, filesystem.
#include "box_harness.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

using namespace box_test;

TEST_CASE("only the box's processes are visible") {
    // The shell's own glob (no extra process): the init (1) and the shell (2), no host pid.
    BoxRun run = run_box(shell_plan("cd /proc && echo [0-9]*; echo $$"));
    CHECK(run.out == "1 2\n2\n");
}

TEST_CASE("the only network interface is lo, and it is up") {
    BoxRun run = run_box(shell_plan("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; "
                                    "cat /proc/net/if_inet6 2>/dev/null | wc -l"));
    CHECK(run.out.rfind("lo\n", 0) == 0);
}

TEST_CASE("no /sys, no host /etc, /proc/sys read-only") {
    BoxRun run = run_box(shell_plan("ls /sys 2>&1; ls /etc; grep ' /proc/sys ' /proc/self/mountinfo "
                                    "| cut -d' ' -f6; cat /etc/shadow 2>&1"));
    CHECK(run.out.find("ls: cannot access '/sys': No such file or directory") != std::string::npos);
    CHECK(run.out.find("group\nhosts\nld.so.cache\npasswd\n") != std::string::npos);
    CHECK(run.out.find("\nro,nosuid,nodev,noexec,relatime\n") != std::string::npos);
    CHECK(run.out.find("/etc/shadow: No such file or directory") != std::string::npos);
}

TEST_CASE("the user namespace maps the box user to host 65534 only") {
    BoxRun run = run_box(shell_plan("cat /proc/self/uid_map /proc/self/gid_map; id -u; id -g; id -G"));
    CHECK(run.out == "      1000      65534          1\n      1000      65534          1\n1000\n1000\n1000\n");
}

TEST_CASE("writing / and /usr fails with EROFS") {
    BoxRun run = run_box(shell_plan("touch /x 2>&1; touch /usr/x 2>&1; mkdir /etc/d 2>&1; exit 0"));
    CHECK(run.out.find("touch: cannot touch '/x': Read-only file system") != std::string::npos);
    CHECK(run.out.find("touch: cannot touch '/usr/x': Read-only file system") != std::string::npos);
    CHECK(run.out.find("mkdir: cannot create directory '/etc/d': Read-only file system") != std::string::npos);
}

TEST_CASE("workdir files, /tmp and the workdir are writable and size-capped") {
    BoxPlan plan = shell_plan("cat /work/in.txt /work/sub/dir/x.py; stat -c '%U %a' /work/in.txt /work/sub; "
                              "echo a > /work/new && echo b > /tmp/new && cat /work/new /tmp/new; "
                              "head -c 2000000 /dev/zero > /tmp/big 2>/dev/null; echo tmp=$?; "
                              "head -c 3000000 /dev/zero > /work/big 2>/dev/null; echo work=$?");
    plan.files = {{"in.txt", "input\n"}, {"sub/dir/x.py", "print(1)\n"}};
    plan.tmp_size_bytes = 1 << 20;
    plan.workdir_size_bytes = 2 << 20;
    BoxRun run = run_box(plan);
    CHECK(run.out == "input\nprint(1)\nsandbox 644\nsandbox 755\na\nb\ntmp=1\nwork=1\n");
}

TEST_CASE("hostname and /etc/hosts come from the plan") {
    BoxPlan plan = shell_plan("hostname; grep -c box-7 /etc/hosts");
    plan.hostname = "box-7";
    CHECK(run_box(plan).out == "box-7\n1\n");
}

TEST_CASE("a writable bind is writable, a read-only one is not") {
    char dir[] = "/tmp/box-test-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    std::string rw = dir;
    BoxPlan plan = shell_plan("echo x > " + rw + "/f && echo wrote; "
                              "grep -e ' /etc/ld.so.cache ' -e ' " + rw + " ' /proc/self/mountinfo "
                              "| cut -d' ' -f6");
    plan.binds.push_back({rw, rw, true, false});
    ::chown(dir, 65534, 65534);
    BoxRun run = run_box(plan);
    CHECK(run.out == "wrote\nro,nosuid,nodev,relatime\nrw,nosuid,nodev,relatime\n");
    ::unlink((rw + "/f").c_str());
    ::rmdir(dir);
}

TEST_CASE("a bind source that is an absolute symlink binds what it points to") {
    char dir[] = "/tmp/box-link-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    std::string real = std::string(dir) + "/real";
    std::string link = std::string(dir) + "/link";
    {
        std::ofstream(real) << "linked contents\n";
    }
    REQUIRE(::symlink(real.c_str(), link.c_str()) == 0);
    ::chmod(dir, 0755);
    BoxPlan plan = plan_for({"/bin/cat", "/etc/linked"});
    plan.binds.push_back({link, "/etc/linked", false, false});
    BoxRun run = run_box(plan);
    CHECK(run.out == "linked contents\n");
    ::unlink(link.c_str());
    ::unlink(real.c_str());
    ::rmdir(dir);
}
