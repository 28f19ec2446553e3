// Where clone3 answers ENOSYS (old kernels, container seccomp profiles, our own denylist),
// the launcher falls back to clone(2) and the box works the same.
#include "box_harness.hpp"

#include <doctest/doctest.h>

#include <seccomp.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

using namespace box_test;

TEST_CASE("clone3 missing: the box still runs, isolated") {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    pid_t supervisor = ::fork();
    REQUIRE(supervisor >= 0);
    if (supervisor == 0) {
        scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
        if (!ctx || seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0) != 0 ||
            ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || seccomp_load(ctx) != 0) {
            ::_exit(3);
        }
        try {
            BoxRun run = run_box(shell_plan("echo $$; cat /proc/self/uid_map"));
            std::string text = run.out + "status=" + std::to_string(run.target_status());
            if (::write(out[1], text.data(), text.size()) < 0) ::_exit(2);
            ::_exit(0);
        } catch (...) {
            ::_exit(1);
        }
    }
    ::close(out[1]);
    auto [text, status] = collect_child(out[0], supervisor);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(text == "2\n      1000      65534          1\nstatus=0");
}
