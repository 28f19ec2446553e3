// The launcher's basic contract: output, wait statuses, exec failures, descriptors, bad plans.
#include "box_harness.hpp"

#include <sandbox/error.hpp>

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>

#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

using namespace box_test;

TEST_CASE("a box runs /bin/echo and its stdout arrives") {
    BoxRun run = run_box(plan_for({"/bin/echo", "hello", "box"}));
    CHECK(run.out == "hello box\n");
    CHECK(run.err.empty());
    REQUIRE(run.target_status() != -1);
    CHECK(WIFEXITED(run.target_status()));
    CHECK(WEXITSTATUS(run.target_status()) == 0);
    CHECK(WIFEXITED(run.init_status));
    CHECK(WEXITSTATUS(run.init_status) == 0);
}

TEST_CASE("target_started carries the target's pid as the init sees it, before target_exited") {
    BoxRun run = run_box(plan_for({"/bin/true"}));
    REQUIRE(run.records.size() == 2);
    CHECK(run.records[0].kind == StatusRecord::target_started);
    CHECK(run.records[0].value == 2);  // the init is 1
    CHECK(run.records[1].kind == StatusRecord::target_exited);
    BoxPlan basic = plan_for({"/bin/true"});
    basic.isolate = false;
    basic.cwd = "/";
    BoxRun host = run_box(basic);
    REQUIRE(host.find(StatusRecord::target_started) != nullptr);
    CHECK(host.find(StatusRecord::target_started)->value > 1);
}

TEST_CASE("before_release runs in the supervisor with the box's pid, before the program") {
    BoxPlan plan = shell_plan("cat /proc/self/uid_map | wc -l");
    pid_t seen = -1;
    int map_lines = -1;
    plan.before_release = [&](pid_t pid) {
        seen = pid;
        std::ifstream maps("/proc/" + std::to_string(pid) + "/uid_map");
        map_lines = 0;
        for (std::string line; std::getline(maps, line);) ++map_lines;
    };
    BoxRun run = run_box(plan);
    CHECK(seen == run.init_pid);
    CHECK(map_lines == 0);  // not released yet: no id maps
    CHECK(run.out == "1\n");
    plan.before_release = [](pid_t) { throw std::runtime_error("hook failed"); };
    CHECK_THROWS_WITH(sandbox::linux_box::launch(plan), "hook failed");
}

TEST_CASE("stdin reaches the program and stderr is separate") {
    BoxRun run = run_box(shell_plan("cat; echo oops >&2"), "from stdin\n");
    CHECK(run.out == "from stdin\n");
    CHECK(run.err == "oops\n");
}

TEST_CASE("the status pipe reports exit 3") {
    BoxRun run = run_box(shell_plan("exit 3"));
    REQUIRE(run.target_status() != -1);
    CHECK(WIFEXITED(run.target_status()));
    CHECK(WEXITSTATUS(run.target_status()) == 3);
}

TEST_CASE("the status pipe reports SIGSEGV") {
    BoxRun run = run_box(shell_plan("kill -SEGV $$"));
    REQUIRE(run.target_status() != -1);
    CHECK(WIFSIGNALED(run.target_status()));
    CHECK(WTERMSIG(run.target_status()) == SIGSEGV);
}

TEST_CASE("a missing program gives exec_failed naming it") {
    BoxRun run = run_box(plan_for({"/usr/bin/no-such-program"}));
    const StatusRecord* failed = run.find(StatusRecord::exec_failed);
    REQUIRE(failed != nullptr);
    CHECK(failed->err == ENOENT);
    CHECK(std::string(failed->message) == "execve: /usr/bin/no-such-program");
    CHECK(WEXITSTATUS(run.target_status()) == 127);
}

TEST_CASE("a failing set-up step is reported with its errno") {
    BoxPlan plan = plan_for({"/bin/true"});
    plan.cwd = "/no/such/dir";
    BoxRun run = run_box(plan);
    const StatusRecord* failed = run.find(StatusRecord::setup_failed);
    REQUIRE(failed != nullptr);
    CHECK(failed->err == ENOENT);
    CHECK(std::string(failed->message) == "chdir: /no/such/dir");
    CHECK(WEXITSTATUS(run.init_status) == 126);
}

TEST_CASE("the program sees no descriptor above 2") {
    BoxRun run = run_box(plan_for({"/bin/ls", "/proc/self/fd"}));
    // ls itself holds one more: the directory it is listing.
    CHECK(run.out == "0\n1\n2\n3\n");
}

TEST_CASE("basic level: no namespaces, the program runs as host_uid, no fd above 2") {
    BoxPlan plan = plan_for({"/bin/sh", "-c", "id -u; id -g; ls /proc/self/fd | wc -l"});
    plan.isolate = false;
    plan.cwd = "/";
    BoxRun run = run_box(plan);
    CHECK(run.out == "65534\n65534\n4\n");
    CHECK(WEXITSTATUS(run.target_status()) == 0);
}

TEST_CASE("plans that cannot be honoured are refused with SetupError") {
    BoxPlan plan = plan_for({"/bin/true"});
    SUBCASE("host root") {
        plan.host_uid = 0;
        CHECK_THROWS_WITH_AS(sandbox::linux_box::launch(plan),
                             doctest::Contains("never run as (or map to) host root"), sandbox::SetupError);
    }
    SUBCASE("relative program") {
        plan.argv = {"true"};
        CHECK_THROWS_WITH_AS(sandbox::linux_box::launch(plan), doctest::Contains("argv[0]"),
                             sandbox::SetupError);
    }
    SUBCASE("missing required bind") {
        plan.binds.push_back({"/no/such/source", "/x", false, false});
        CHECK_THROWS_WITH_AS(sandbox::linux_box::launch(plan), doctest::Contains("/no/such/source"),
                             sandbox::SetupError);
    }
    SUBCASE("file escaping the workdir") {
        plan.files = {{"../etc/passwd", "x"}};
        CHECK_THROWS_WITH_AS(sandbox::linux_box::launch(plan), doctest::Contains("../etc/passwd"),
                             sandbox::SetupError);
    }
    SUBCASE("hostname with a newline") {
        plan.hostname = "a\nb";
        CHECK_THROWS_WITH_AS(sandbox::linux_box::launch(plan), doctest::Contains("hostname"),
                             sandbox::SetupError);
    }
}

TEST_CASE("an optional bind whose source is missing is skipped") {
    BoxPlan plan = plan_for({"/bin/true"});
    plan.binds.push_back({"/no/such/source", "/x", false, true});
    CHECK(WEXITSTATUS(run_box(plan).target_status()) == 0);
}
