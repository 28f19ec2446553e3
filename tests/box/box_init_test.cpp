// The box's first process is box-init executed from the library's memfd, or a copy of the
// supervisor, whichever is cheaper for the supervisor's size; both work the same; box-init
// refuses a payload it cannot read.
#include "box_harness.hpp"
#include "init_image.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <string>

using namespace box_test;

namespace {

std::string exe_of(pid_t pid) {
    char target[PATH_MAX] = {};
    ssize_t n = ::readlink(("/proc/" + std::to_string(pid) + "/exe").c_str(), target, sizeof target - 1);
    return n > 0 ? std::string(target, static_cast<std::size_t>(n)) : "";
}

std::string own_exe() { return exe_of(::getpid()); }

}  // namespace

TEST_CASE("the box's first process is box-init, executed from its memfd") {
    REQUIRE(sandbox::linux_box::box_init_fd() >= 0);
    CHECK(sandbox::linux_box::box_init_unavailable_reason().empty());
    for (bool isolate : {true, false}) {
        CAPTURE(isolate);
        BoxPlan plan = shell_plan("echo $$; cat /proc/self/uid_map | wc -l");
        plan.isolate = isolate;
        plan.first_process = BoxPlan::FirstProcess::box_init;
        std::string init_exe;
        if (isolate) {
            plan.before_release = [&](pid_t pid) { init_exe = exe_of(pid); };
        }
        BoxRun run = run_box(plan);
        CHECK(run.target_status() == 0);
        if (isolate) {
            CHECK(init_exe.rfind("/memfd:rusty-sandbox-box-init", 0) == 0);
            CHECK(run.out == "2\n1\n");  // pid 2 under the init, one uid mapped
        }
    }
}

TEST_CASE("supervisor_copy: the box starts in a copy of the supervisor and works the same") {
    BoxPlan plan = shell_plan("echo $$; cat /proc/self/uid_map; echo in > /work/x; cat /work/x");
    plan.first_process = BoxPlan::FirstProcess::supervisor_copy;
    std::string init_exe;
    plan.before_release = [&](pid_t pid) { init_exe = exe_of(pid); };
    BoxRun run = run_box(plan);
    CHECK(init_exe == own_exe());
    CHECK(run.out == "2\n      1000      65534          1\nin\n");
    CHECK(run.target_status() == 0);

    BoxPlan basic = plan_for({"/bin/sh", "-c", "exit 3"});
    basic.isolate = false;
    basic.first_process = BoxPlan::FirstProcess::supervisor_copy;
    BoxRun basic_run = run_box(basic);
    CHECK(WIFEXITED(basic_run.target_status()));
    CHECK(WEXITSTATUS(basic_run.target_status()) == 3);
}

TEST_CASE("cheaper: a small supervisor is copied, one with more private memory starts box-init") {
    auto init_exe_for_plan = [] {
        BoxPlan plan = plan_for({"/bin/true"});
        std::string exe;
        plan.before_release = [&](pid_t pid) { exe = exe_of(pid); };
        BoxRun run = run_box(plan);
        CHECK(run.target_status() == 0);
        return exe;
    };
    CHECK(init_exe_for_plan() == own_exe());  // this test binary is small
    std::string ballast(64u << 20, 'x');      // touched: private memory
    CHECK(init_exe_for_plan().rfind("/memfd:rusty-sandbox-box-init", 0) == 0);
    CHECK(ballast[ballast.size() - 1] == 'x');
}

TEST_CASE("box-init given a payload it cannot decode reports setup_failed and exits 126") {
    const int image = sandbox::linux_box::box_init_fd();
    REQUIRE(image >= 0);
    int status[2];
    REQUIRE(::pipe2(status, O_CLOEXEC) == 0);
    for (const std::string& garbage : {std::string("\x01\x00\x00\x00garbage", 11), std::string(4096, '\xff')}) {
        int payload = ::memfd_create("garbage", 0);
        REQUIRE(payload >= 0);
        REQUIRE(::write(payload, garbage.data(), garbage.size()) == static_cast<ssize_t>(garbage.size()));
        pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::fcntl(status[1], F_SETFD, 0);
            std::string payload_arg = std::to_string(payload), status_arg = std::to_string(status[1]);
            char* argv[] = {const_cast<char*>("box-init"), payload_arg.data(), status_arg.data(), nullptr};
            char* envp[] = {nullptr};
            ::syscall(SYS_execveat, image, "", argv, envp, AT_EMPTY_PATH);
            ::_exit(99);
        }
        ::close(payload);
        StatusRecord record{};
        REQUIRE(::read(status[0], &record, sizeof record) == static_cast<ssize_t>(sizeof record));
        int wait_status = 0;
        REQUIRE(::waitpid(child, &wait_status, 0) == child);
        CHECK(record.kind == StatusRecord::setup_failed);
        CHECK(std::string(record.message) == "box-init: cannot read the launch payload");
        CHECK(WIFEXITED(wait_status));
        CHECK(WEXITSTATUS(wait_status) == 126);
    }
    ::close(status[0]);
    ::close(status[1]);
}
