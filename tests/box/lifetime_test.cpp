// Nothing of a box outlives its run or its supervisor.
#include "box_harness.hpp"

#include <doctest/doctest.h>

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using namespace box_test;

namespace {

// Host pids of live processes whose command line is "[/bin/]sleep <marker>".
std::vector<pid_t> sleepers(const std::string& marker) {
    std::vector<pid_t> found;
    DIR* proc = ::opendir("/proc");
    while (dirent* e = ::readdir(proc)) {
        pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
        if (pid <= 0) continue;
        std::ifstream in(std::string("/proc/") + e->d_name + "/cmdline");
        std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string tail = std::string("sleep\0", 6) + marker + '\0';
        bool match = cmdline.size() >= tail.size() &&
                     cmdline.compare(cmdline.size() - tail.size(), tail.size(), tail) == 0 &&
                     (cmdline.size() == tail.size() || cmdline[cmdline.size() - tail.size() - 1] == '/');
        if (match && process_alive(pid)) found.push_back(pid);
    }
    ::closedir(proc);
    return found;
}

bool wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace

TEST_CASE("a background child that outlives the target is dead after the run") {
    REQUIRE(sleepers("4242.5").empty());
    // The daemon double-forks into its own session to escape.
    BoxRun run = run_box(shell_plan("setsid sh -c 'sleep 4242.5 & :' ; sleep 0.2; pgrep -c sleep"));
    CHECK(run.out == "1\n");
    CHECK(sleepers("4242.5").empty());
}

TEST_CASE("basic level: the subreaper kills what the target left behind") {
    REQUIRE(sleepers("4343.5").empty());
    BoxPlan plan = shell_plan("setsid sh -c 'sleep 4343.5 & :' ; sleep 0.2; echo started");
    plan.isolate = false;
    plan.cwd = "/";
    BoxRun run = run_box(plan);
    CHECK(run.out == "started\n");
    CHECK(sleepers("4343.5").empty());
}

namespace {

// Both ways a box's first process can start (box-init or a copy of the supervisor).
constexpr BoxPlan::FirstProcess first_processes[] = {BoxPlan::FirstProcess::box_init,
                                                     BoxPlan::FirstProcess::supervisor_copy};

// Launches `plan` from a forked supervisor, waits until `started` holds, SIGKILLs that
// supervisor and reaps it. Returns the box's first process (host pid), or -1 if it never
// started.
pid_t launch_then_kill_supervisor(const BoxPlan& plan, const std::function<bool()>& started) {
    int report[2];
    REQUIRE(::pipe(report) == 0);
    pid_t supervisor = ::fork();
    REQUIRE(supervisor >= 0);
    if (supervisor == 0) {
        try {
            auto box = sandbox::linux_box::launch(plan);
            if (::write(report[1], &box.pid, sizeof box.pid) != sizeof box.pid) ::_exit(2);
            ::pause();
        } catch (...) {
        }
        ::_exit(1);
    }
    ::close(report[1]);
    pid_t first = -1;
    bool launched = ::read(report[0], &first, sizeof first) == sizeof first;
    ::close(report[0]);
    bool running = launched && wait_until(started, std::chrono::seconds(5));
    ::kill(supervisor, SIGKILL);
    int status = 0;
    ::waitpid(supervisor, &status, 0);
    return running ? first : -1;
}

}  // namespace

TEST_CASE("the box dies with its supervisor") {
    for (BoxPlan::FirstProcess first : first_processes) {
        CAPTURE(static_cast<int>(first));
        REQUIRE(sleepers("4444.5").empty());
        BoxPlan plan = plan_for({"/bin/sleep", "4444.5"});
        plan.first_process = first;
        pid_t init = launch_then_kill_supervisor(plan, [] { return sleepers("4444.5").size() == 1; });
        CHECK(init > 0);
        CHECK(wait_until([&] { return sleepers("4444.5").empty() && !process_alive(init); },
                         std::chrono::seconds(5)));
    }
}

TEST_CASE("basic level: the target's children die with the supervisor too") {
    for (BoxPlan::FirstProcess first : first_processes) {
        CAPTURE(static_cast<int>(first));
        REQUIRE(sleepers("4545.5").empty());
        // A child in the target's group and one in a session of its own: neither has a
        // parent-death signal, and no cgroup or pid namespace holds them.
        BoxPlan plan = shell_plan("sleep 4545.5 & setsid sleep 4545.5 & sleep 4545.5");
        plan.isolate = false;
        plan.cwd = "/";
        plan.first_process = first;
        pid_t subreaper = launch_then_kill_supervisor(plan, [] { return sleepers("4545.5").size() == 3; });
        CHECK(subreaper > 0);
        CHECK(wait_until([&] { return sleepers("4545.5").empty() && !process_alive(subreaper); },
                         std::chrono::seconds(5)));
        for (pid_t left : sleepers("4545.5")) ::kill(left, SIGKILL);  // a failed check leaves none behind
    }
}
