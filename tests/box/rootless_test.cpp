// Without root: the supervisor maps the box user to its own ids and denies setgroups.
#include "box_harness.hpp"

#include <doctest/doctest.h>

#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

using namespace box_test;

namespace {

// Runs `plan` from a child process that has become uid/gid 65534 (the plan's host ids, as
// the lead sets them rootless). Returns the box's stdout plus "status=<target status>".
std::string run_rootless(const BoxPlan& plan) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    pid_t supervisor = ::fork();
    REQUIRE(supervisor >= 0);
    if (supervisor == 0) {
        if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
        std::string text;
        try {
            BoxRun run = run_box(plan);
            text = run.out + "status=" + std::to_string(run.target_status());
            if (const StatusRecord* failed = run.find(StatusRecord::setup_failed)) text += failed->message;
        } catch (const std::exception& e) {
            text = std::string("launch threw: ") + e.what();
        }
        if (::write(out[1], text.data(), text.size()) < 0) ::_exit(2);
        ::_exit(0);
    }
    ::close(out[1]);
    auto [text, status] = collect_child(out[0], supervisor);
    CHECK(status == 0);
    return text;
}

}  // namespace

TEST_CASE("rootless standard box: own ids mapped, setgroups denied, no capability, read-only root") {
    BoxPlan plan = shell_plan("id -u; cat /proc/self/uid_map /proc/self/setgroups; "
                              "grep CapEff /proc/self/status; touch /x 2>&1; exit 0");
    std::string text = run_rootless(plan);
    CHECK(text == "1000\n      1000      65534          1\ndeny\nCapEff:\t0000000000000000\n"
                  "touch: cannot touch '/x': Read-only file system\nstatus=0");
}

TEST_CASE("rootless basic level: the program keeps the caller's ids, NoNewPrivs set") {
    BoxPlan plan = shell_plan("id -u; grep NoNewPrivs /proc/self/status");
    plan.isolate = false;
    plan.cwd = "/";
    CHECK(run_rootless(plan) == "65534\nNoNewPrivs:\t1\nstatus=0");
}
