// Escape attempts from inside a box: the host's files through /proc/1/root, privilege
// through setuid binaries and remounts, and signals to everything with kill(-1).
#include "box_harness.hpp"
#include "seccomp_filter.hpp"

#include <doctest/doctest.h>

#include <signal.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

using namespace box_test;

namespace {

const std::string probe_dir = PROBE_DIR;

// A temporary host directory holding a setuid-root copy of print_ids.
struct SetuidCopy {
    std::string dir;
    std::string path;
    SetuidCopy() {
        char templ[] = "/tmp/box-setuid-XXXXXX";
        REQUIRE(::mkdtemp(templ) != nullptr);
        dir = templ;
        ::chmod(dir.c_str(), 0755);
        path = dir + "/print_ids";
        std::string copy = "cp " + probe_dir + "/print_ids " + path;
        REQUIRE(std::system(copy.c_str()) == 0);
        REQUIRE(::chown(path.c_str(), 0, 0) == 0);
        REQUIRE(::chmod(path.c_str(), 04755) == 0);
    }
    ~SetuidCopy() {
        ::unlink(path.c_str());
        ::rmdir(dir.c_str());
    }
};

}  // namespace

TEST_CASE("/proc/1/root reaches only the box's own root") {
    BoxRun run = run_box(shell_plan("cat /proc/1/root/etc/shadow 2>&1; ls /proc/1/root/ 2>&1; "
                                    "ls /proc/self/root/; cat /proc/1/root/root/.bashrc 2>&1"));
    CHECK(run.out.find("root:") == std::string::npos);
    // Either PID 1's root is off limits (it is not dumpable) or it is the box's own /.
    const std::string own_root = "bin\ndev\netc\nlib\nlib32\nlib64\nproc\nsbin\ntmp\nusr\nwork\n";
    CHECK(run.out.find(own_root) != std::string::npos);
    CHECK(run.out.find(".bashrc: No such file") + run.out.find("Permission denied") != 2 * std::string::npos);
    CHECK(run.out.find("home") == std::string::npos);
}

TEST_CASE("a setuid-root binary does not give root (isolate: nosuid, root unmapped, NoNewPrivs)") {
    SetuidCopy copy;
    BoxPlan plan = plan_for({copy.path}, {copy.dir});
    CHECK(run_box(plan).out == "uid=1000 euid=1000\n");
}

TEST_CASE("a setuid-root binary does not give root at the basic level (NoNewPrivs)") {
    SetuidCopy copy;
    // Control: the bit works on this filesystem for an unconfined non-root caller.
    std::string control = "setpriv --reuid=65534 --regid=65534 --clear-groups " + copy.path + " > " +
                          copy.dir + "/out";
    REQUIRE(std::system(control.c_str()) == 0);
    BoxPlan plan = plan_for({copy.path});
    plan.isolate = false;
    plan.cwd = "/";
    CHECK(run_box(plan).out == "uid=65534 euid=65534\n");
    std::string control_out;
    {
        FILE* f = std::fopen((copy.dir + "/out").c_str(), "r");
        REQUIRE(f != nullptr);
        char line[128] = {};
        if (std::fgets(line, sizeof line, f)) control_out = line;
        std::fclose(f);
        ::unlink((copy.dir + "/out").c_str());
    }
    CHECK(control_out == "uid=65534 euid=0\n");
}

TEST_CASE("remounting the root read-write or mounting fails, even without the seccomp filter") {
    std::string probe = probe_dir + "/syscall_probe";
    BoxPlan plan = plan_for({"/bin/sh", "-c", probe + " remount_root_rw mount_tmpfs; touch /x 2>&1"}, {probe_dir});
    BoxRun run = run_box(plan);
    CHECK(run.out == "remount_root_rw errno=1\nmount_tmpfs errno=1\n"
                     "touch: cannot touch '/x': Read-only file system\n");
}

TEST_CASE("the program cannot reach the init's status pipe to forge a verdict") {
    BoxRun run = run_box(shell_plan("ls /proc/1/fd 2>&1; echo forged > /proc/1/fd/3 2>&1; exit 0"));
    CHECK(run.out.find("Permission denied") != std::string::npos);
    CHECK(run.out.find("forged") == std::string::npos);
    CHECK(run.records.size() == 2);  // only the init's own target_started and target_exited
}

TEST_CASE("basic level without root: the subreaper's fds are out of reach of the same uid") {
    // Run the supervisor itself as 65534, so the program shares the subreaper's uid.
    int out[2];
    REQUIRE(::pipe(out) == 0);
    pid_t supervisor = ::fork();
    REQUIRE(supervisor >= 0);
    if (supervisor == 0) {
        if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
        BoxPlan plan = shell_plan("ls /proc/$PPID/fd 2>&1 | head -1; echo forged > /proc/$PPID/fd/3 2>&1; exit 0");
        plan.isolate = false;
        plan.cwd = "/";
        try {
            BoxRun run = run_box(plan);
            std::string text = run.out + "records=" + std::to_string(run.records.size());
            if (::write(out[1], text.data(), text.size()) < 0) ::_exit(2);
            ::_exit(0);
        } catch (...) {
            ::_exit(1);
        }
    }
    ::close(out[1]);
    auto [text, status] = collect_child(out[0], supervisor);
    CHECK(status == 0);
    CHECK(text.find("Permission denied") != std::string::npos);
    CHECK(text.find("records=2") != std::string::npos);
}

TEST_CASE("kill -9 -1 in the box only kills box processes") {
    // A host process of the very uid the box maps to: the most exposed bystander.
    pid_t bystander = ::fork();
    REQUIRE(bystander >= 0);
    if (bystander == 0) {
        if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(1);
        ::execl("/bin/sleep", "sleep", "60", nullptr);
        ::_exit(1);
    }
    BoxRun run = run_box(shell_plan("sleep 100 & sleep 0.1; kill -9 -1; wait $!; echo bg=$?"));
    CHECK(run.out == "bg=137\n");
    int status = 0;
    CHECK(::waitpid(bystander, &status, WNOHANG) == 0);  // still running
    ::kill(bystander, SIGKILL);
    ::waitpid(bystander, &status, 0);
}
