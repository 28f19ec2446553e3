// Watchdog attack tests: escapes simulated from outside with root (a real escape must be
// impossible), each seen as a critical escape event, and with terminate_on_critical the box
// ends within 50 ms. Also: an honest box raises nothing.
#include "box_guard.hpp"
#include "escape_fixture.hpp"
#include "../open_fds.hpp"

#include <doctest/doctest.h>

#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

using namespace escape_test;
using sandbox::BreachResponse;

namespace {

bool have_root() { return ::geteuid() == 0; }

// CPU time of this process so far, user + system.
double cpu_seconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

struct Latency {
    std::vector<double> detect_ms, end_ms;
    void print(const char* what) {
        std::sort(detect_ms.begin(), detect_ms.end());
        std::sort(end_ms.begin(), end_ms.end());
        auto median = [](const std::vector<double>& v) { return v[v.size() / 2]; };
        std::printf("%s: %zu rounds, escape->event ms min %.1f median %.1f max %.1f; escape->box ended ms "
                    "min %.1f median %.1f max %.1f\n",
                    what, detect_ms.size(), detect_ms.front(), median(detect_ms), detect_ms.back(), end_ms.front(),
                    median(end_ms), end_ms.back());
        // The goal is 50 ms; under a loaded CI host a single round may be late, the median may not.
        CHECK(median(end_ms) <= 50.0);
    }
};

// A top-level pids group this test makes for one escape, removed when done.
struct ForeignCgroup {
    ForeignCgroup() : dir("/sys/fs/cgroup/pids/rsb-test-escape-" + std::to_string(::getpid())) {
        if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
            throw std::runtime_error("mkdir " + dir + ": " + std::strerror(errno));
    }
    ~ForeignCgroup() {
        // Its processes were killed with the box; rmdir succeeds once they are reaped.
        for (int i = 0; i < 200 && ::rmdir(dir.c_str()) != 0 && errno == EBUSY; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::string dir;
};

void check_escape_event(const sandbox::Event& e, const char* check) {
    CHECK(e.kind == sandbox::EventKind::security);
    CHECK(e.type == sandbox::SecurityEventType::escape);
    CHECK(e.severity == sandbox::Severity::critical);
    CHECK(e.labels.at("check") == check);
}

constexpr int rounds = 5;

// We are the tracer of `tracee`: its death is ours to reap before its pid namespace can end.
// Returns a step for WatchedBox::wait_result.
std::function<void()> reap_tracee(int tracee) {
    return [tracee, reaped = false]() mutable {
        int status = 0;
        if (!reaped && ::waitpid(tracee, &status, WNOHANG | __WALL) == tracee)
            reaped = WIFEXITED(status) || WIFSIGNALED(status);
    };
}

}  // namespace

TEST_CASE("an honest box raises no violation; forks are seen through the proc connector") {
    if (!have_root()) {
        MESSAGE("skipped: needs root (cgroups, proc connector)");
        return;
    }
    WatchedBox box(BreachResponse::terminate,
                   {}, {"/bin/sh", "-c", "/bin/sleep 0.1; for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true; done; exec /bin/sleep 30"});
    // The target is `sh`; once watched it forks ten times, then becomes sleep.
    CHECK(box.watchdog->degraded() == "");
    std::uint64_t scans_before = box.watchdog->scans();
    double cpu_before = cpu_seconds();
    auto until = Clock::now() + std::chrono::milliseconds(400);
    while (Clock::now() < until) box.io.run_one_for(std::chrono::milliseconds(5));
    std::uint64_t scans = box.watchdog->scans() - scans_before;
    std::printf("watchdog cost: %llu scans in 400 ms, %.2f ms CPU per scan (this process, proc connector "
                "included)\n",
                static_cast<unsigned long long>(scans), (cpu_seconds() - cpu_before) * 1000.0 / double(scans));
    CHECK(box.violations.empty());
    CHECK(scans >= 10);
    CHECK(box.forks >= 1);
    for (const auto& v : box.violations) MESSAGE(v.detail);
}

TEST_CASE("escape: a box process moved to another cgroup") {
    if (!have_root()) {
        MESSAGE("skipped: needs root");
        return;
    }
    if (!std::ifstream("/sys/fs/cgroup/pids/cgroup.procs")) {
        MESSAGE("skipped: no v1 pids hierarchy");
        return;
    }
    Latency latency;
    for (int round = 0; round < rounds; ++round) {
        ForeignCgroup elsewhere;
        WatchedBox box(BreachResponse::terminate_on_critical);
        REQUIRE(!box.pids_cgroup().empty());
        auto escape = Clock::now();
        move_to_cgroup(box.target_pid(), elsewhere.dir);
        REQUIRE(box.wait_violation(std::chrono::seconds(2)));
        check_escape_event(box.violations.front(), "cgroup");
        CHECK(box.violations.front().pid == box.target_pid());
        CHECK(box.violations.front().action == sandbox::EventAction::killed);
        CHECK(box.violations.front().detail.find("rsb-test-escape") != std::string::npos);
        sandbox::Result r = box.wait_result();
        CHECK(r.status == sandbox::Status::killed);
        REQUIRE(box.init_gone_at);
        latency.detect_ms.push_back(ms_between(escape, *box.detected_at));
        latency.end_ms.push_back(ms_between(escape, *box.init_gone_at));
        CHECK(box.detector.summary().decision == sandbox::BreachDecision::terminate);
    }
    latency.print("cgroup move");
}

TEST_CASE("escape: a tracer from outside the box") {
    if (!have_root()) {
        MESSAGE("skipped: needs root");
        return;
    }
    Latency latency;
    for (int round = 0; round < rounds; ++round) {
        WatchedBox box(BreachResponse::terminate_on_critical);
        int target = box.target_pid();
        auto escape = Clock::now();
        REQUIRE(::ptrace(PTRACE_SEIZE, target, nullptr, nullptr) == 0);
        REQUIRE(box.wait_violation(std::chrono::seconds(2)));
        check_escape_event(box.violations.front(), "tracer");
        CHECK(box.violations.front().detail.find("traced by pid " + std::to_string(::getpid())) != std::string::npos);
        sandbox::Result r = box.wait_result(reap_tracee(target));
        CHECK(r.status == sandbox::Status::killed);
        REQUIRE(box.init_gone_at);
        latency.detect_ms.push_back(ms_between(escape, *box.detected_at));
        latency.end_ms.push_back(ms_between(escape, *box.init_gone_at));
    }
    latency.print("outside tracer");
}

TEST_CASE("escape: a foreign host process put into the box's cgroup") {
    if (!have_root()) {
        MESSAGE("skipped: needs root");
        return;
    }
    Latency latency;
    for (int round = 0; round < rounds; ++round) {
        WatchedBox box(BreachResponse::terminate_on_critical);
        REQUIRE(!box.pids_cgroup().empty());
        pid_t stranger = ::fork();
        REQUIRE(stranger >= 0);
        if (stranger == 0) {
            ::execl("/bin/sleep", "sleep", "30", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        auto escape = Clock::now();
        move_to_cgroup(stranger, box.pids_cgroup());
        bool seen = box.wait_violation(std::chrono::seconds(2));
        ::kill(stranger, SIGKILL);
        ::waitpid(stranger, nullptr, 0);
        REQUIRE(seen);
        check_escape_event(box.violations.front(), "ancestry");
        CHECK(box.violations.front().pid == stranger);
        sandbox::Result r = box.wait_result();
        CHECK(r.status == sandbox::Status::killed);
        REQUIRE(box.init_gone_at);
        latency.detect_ms.push_back(ms_between(escape, *box.detected_at));
        latency.end_ms.push_back(ms_between(escape, *box.init_gone_at));
    }
    latency.print("foreign process");
}

TEST_CASE("under on_breach=report the escape is reported and the box goes on") {
    if (!have_root()) {
        MESSAGE("skipped: needs root");
        return;
    }
    WatchedBox box(BreachResponse::report);
    int target = box.target_pid();
    REQUIRE(::ptrace(PTRACE_SEIZE, target, nullptr, nullptr) == 0);
    REQUIRE(box.wait_violation(std::chrono::seconds(2)));
    CHECK(box.violations.front().action == sandbox::EventAction::allowed);
    CHECK(box.detector.summary().decision == sandbox::BreachDecision::alert);
    auto until = Clock::now() + std::chrono::milliseconds(200);
    while (Clock::now() < until) box.io.run_one_for(std::chrono::milliseconds(5));
    CHECK_FALSE(box.execution_->done());
    CHECK(box.violations.size() == 1);  // reported once, not at every scan
    box.execution_->kill();
    box.wait_result(reap_tracee(target));
}

TEST_CASE("without process events the interval alone still catches an escape") {
    if (!have_root()) {
        MESSAGE("skipped: needs root");
        return;
    }
    sandbox::linux_watchdog::WatchdogOptions options;
    options.use_proc_connector = false;
    WatchedBox box(BreachResponse::terminate_on_critical, options);
    CHECK(box.watchdog->degraded().find("every 20 ms only") != std::string::npos);
    int target = box.target_pid();
    REQUIRE(::ptrace(PTRACE_SEIZE, target, nullptr, nullptr) == 0);
    REQUIRE(box.wait_violation(std::chrono::seconds(2)));
    box.wait_result(reap_tracee(target));
    CHECK(box.forks == 0);
}

TEST_CASE("BoxGuard: an escape ends the box through the supervisor's callbacks, with a summary") {
    if (!have_root()) {
        MESSAGE("skipped: needs root");
        return;
    }
    boost::asio::io_context io;
    auto policy = policy_for(BreachResponse::terminate_on_critical);
    sandbox::Command cmd;
    cmd.argv = {"/bin/sleep", "30"};
    // The supervisor's own guard only reports: the guard under test acts.
    auto execution = sandbox::Sandbox(policy_for(BreachResponse::report)).start(io, cmd);
    int target = wait_for_target(io, execution->pid(), cmd.argv[0]);
    std::string members_dir = box_cgroup_dir(execution->pid(), "pids");

    std::vector<sandbox::Event> events;
    std::vector<std::string> reasons;
    std::unique_ptr<sandbox::linux_watchdog::BoxGuard> guard;
    guard = std::make_unique<sandbox::linux_watchdog::BoxGuard>(
        io, policy,
        [&](sandbox::Event e) {
            e.time_s = 0.5;  // the supervisor's emit() stamps the run's clock
            events.push_back(e);
            guard->observe(e);
        },
        [&](const std::string& reason) {
            reasons.push_back(reason);
            execution->kill();
        });
    std::vector<std::string> degraded;
    guard->start_watchdog(execution->pid(), [members_dir] { return cgroup_procs(members_dir); },
                          [] { return 0.5; }, degraded);
    CHECK(degraded.empty());

    REQUIRE(::ptrace(PTRACE_SEIZE, target, nullptr, nullptr) == 0);
    auto reap = reap_tracee(target);
    for (auto deadline = Clock::now() + std::chrono::seconds(10); !execution->done() && Clock::now() < deadline;) {
        io.run_one_for(std::chrono::milliseconds(1));
        reap();
    }
    guard->stop();
    REQUIRE(execution->done());
    REQUIRE(reasons.size() == 1);
    CHECK(reasons[0].find("critical escape event (killed)") != std::string::npos);
    auto terminated = std::find_if(events.begin(), events.end(),
                                   [](const sandbox::Event& e) { return e.name == "breach_terminate"; });
    REQUIRE(terminated != events.end());
    CHECK(terminated->kind == sandbox::EventKind::watchdog);
    CHECK(terminated->action == sandbox::EventAction::killed);
    CHECK(guard->summary().decision == sandbox::BreachDecision::terminate);
    CHECK(guard->summary().by_type.at(sandbox::SecurityEventType::escape) >= 1);
    CHECK(guard->summary_json().find("\"decision\":\"terminate\"") != std::string::npos);
    CHECK(execution->wait().status == sandbox::Status::killed);
}

TEST_CASE("escape: a box process moved up into the project's parent group") {
    if (!have_root()) {
        MESSAGE("skipped: needs root");
        return;
    }
    WatchedBox box(BreachResponse::terminate_on_critical);
    std::string run_group = box.pids_cgroup();
    REQUIRE(!run_group.empty());
    // The parent's path is a prefix of the run group's: only a whole-line comparison sees it.
    std::string parent = run_group.substr(0, run_group.rfind('/'));
    move_to_cgroup(box.target_pid(), parent);
    REQUIRE(box.wait_violation(std::chrono::seconds(2)));
    check_escape_event(box.violations.front(), "cgroup");
    CHECK(box.wait_result().status == sandbox::Status::killed);
}

TEST_CASE("a watched run leaves no descriptor behind") {
    if (!have_root()) {
        MESSAGE("skipped: needs root");
        return;
    }
    {
        WatchedBox warm_up(BreachResponse::report);  // opens the process-wide /proc listing once
    }
    const std::size_t before = open_fd_count();
    {
        WatchedBox box(BreachResponse::report);
        CHECK(box.watchdog->degraded() == "");
        box.execution_->kill();
        box.wait_result();
    }
    CHECK(open_fd_count() == before);
}
