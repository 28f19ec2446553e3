// Real runs through the public API of a library built with the portable fallback only.
#include "../open_fds.hpp"

#include <sandbox/sandbox.hpp>

#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace sandbox;

namespace {

SecurityPolicy basic() {
    SecurityPolicy p = SecurityPolicy::for_level(SecurityLevel::basic);
    p.limits.wall_timeout_ms = 5000;
    return p;
}

Result run(std::vector<std::string> argv, SecurityPolicy policy = basic()) {
    Command c;
    c.argv = std::move(argv);
    return Sandbox(policy).run(c);
}

std::size_t workdirs() {
    std::size_t n = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/tmp"))
        if (entry.path().filename().string().starts_with("rusty-sandbox-")) ++n;
    return n;
}

// Process `pid` started at `start_ticks` still runs (not a zombie waiting for whoever it was
// reparented to, and not a new process that reused the pid).
bool alive(pid_t pid, const std::string& start_ticks) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return false;
    std::istringstream fields(line.substr(line.find(") ") + 2));
    std::string field, state;
    fields >> state;
    for (int i = 4; i <= 22; ++i) fields >> field;  // field 22: start time
    return state != "Z" && field == start_ticks;
}

}  // namespace

TEST_CASE("statuses from real programs") {
    CHECK(run({"/bin/true"}).status == Status::ok);
    auto exit3 = run({"/bin/sh", "-c", "exit 3"});
    CHECK(exit3.status == Status::nonzero_exit);
    CHECK(exit3.exit_code == 3);
    auto segv = run({"/bin/sh", "-c", "kill -SEGV $$"});
    CHECK(segv.status == Status::signaled);
    CHECK(segv.signal == 11);  // SIGSEGV
}

TEST_CASE("a wall timeout ends the whole process group, grandchildren included") {
    SecurityPolicy p = basic();
    p.limits.wall_timeout_ms = 300;
    Command c;
    // The grandchild's pid and start time are written, then everyone sleeps past the timeout.
    c.argv = {"/bin/sh", "-c", "sleep 60 & echo $! $(cut -d' ' -f22 /proc/$!/stat); wait"};
    auto r = Sandbox(p).run(c);
    CHECK(r.status == Status::timeout);
    std::istringstream out(r.stdout_data);
    pid_t grandchild = 0;
    std::string start_ticks;
    out >> grandchild >> start_ticks;
    REQUIRE(grandchild > 0);
    for (int i = 0; i < 100 && alive(grandchild, start_ticks); ++i) ::usleep(10'000);
    CHECK_FALSE(alive(grandchild, start_ticks));
}

TEST_CASE("CPU time limit through RLIMIT_CPU") {
    SecurityPolicy p = basic();
    p.limits.cpu_time_ms = 1000;
    auto r = run({"/bin/sh", "-c", "while :; do :; done"}, p);
    CHECK(r.status == Status::cpu_limit);
    CHECK(r.cpu_user_s + r.cpu_sys_s >= 0.9);
    CHECK(r.usage_source == "rusage");
}

TEST_CASE("output over its cap ends the run with the first bytes kept") {
    SecurityPolicy p = basic();
    p.limits.stdout_max_bytes = 1000;
    auto r = run({"/bin/sh", "-c", "yes"}, p);
    CHECK(r.status == Status::output_limit);
    CHECK(r.stdout_data.size() == 1000);
    CHECK(r.stdout_truncated);
}

TEST_CASE("stdin, an empty environment, files in a private workdir and no inherited fd") {
    Command c;
    c.argv = {"/bin/sh", "-c", "cat; env | wc -l; cat data.txt; pwd; ls /proc/self/fd | wc -l"};
    c.stdin_data = "from stdin\n";
    c.files = {{"data.txt", "from a file\n"}};
    auto r = Sandbox(basic()).run(c);
    REQUIRE(r.status == Status::ok);
    // env itself shows PWD (set by sh) only; ls sees 0-2 and its own directory fd.
    CHECK(r.stdout_data.starts_with("from stdin\n"));
    CHECK(r.stdout_data.find("from a file\n") != std::string::npos);
    CHECK(r.stdout_data.find("/rusty-sandbox-") != std::string::npos);
    CHECK(r.stdout_data.ends_with("4\n"));
}

TEST_CASE("a missing program and an isolated level are setup errors that say why") {
    auto missing = run({"no-such-program-anywhere"});
    CHECK(missing.status == Status::setup_error);
    CHECK(missing.message.find("no-such-program-anywhere") != std::string::npos);
    auto standard = run({"/bin/true"}, SecurityPolicy::for_level(SecurityLevel::standard));
    CHECK(standard.status == Status::setup_error);
    CHECK(standard.message.find("portable fallback") != std::string::npos);
}

TEST_CASE("as root the program runs as the policy's unprivileged ids") {
    if (::geteuid() != 0) return;
    auto r = run({"/usr/bin/id", "-u"});
    REQUIRE(r.status == Status::ok);
    CHECK(r.stdout_data == "65534\n");
}

TEST_CASE("100 runs, some killed or failing, leave no fd, child or workdir behind") {
    std::size_t fds = open_fd_count(), dirs = workdirs();
    SecurityPolicy quick = basic();
    quick.limits.wall_timeout_ms = 50;
    for (int i = 0; i < 100; ++i) {
        switch (i % 4) {
            case 0: CHECK(run({"/bin/true"}).status == Status::ok); break;
            case 1: CHECK(run({"/bin/sleep", "5"}, quick).status == Status::timeout); break;
            case 2: CHECK(run({"/nonexistent"}).status == Status::setup_error); break;
            default: CHECK(run({"/bin/sh", "-c", "exit 1"}).status == Status::nonzero_exit); break;
        }
    }
    CHECK(open_fd_count() == fds);
    CHECK(workdirs() == dirs);
    CHECK(::waitpid(-1, nullptr, WNOHANG) == -1);  // ECHILD: nothing left to reap
}

TEST_CASE("many concurrent runs on one io_context keep their own results") {
    boost::asio::io_context io;
    Sandbox box(basic());
    std::vector<std::shared_ptr<Execution>> runs;
    for (int i = 0; i < 10; ++i) {
        Command c;
        c.argv = {"/bin/sh", "-c", "sleep 0.1; exit " + std::to_string(i)};
        runs.push_back(box.start(io, c));
    }
    io.run();
    for (int i = 0; i < 10; ++i) {
        auto r = runs[i]->wait_for(std::chrono::milliseconds(0));
        REQUIRE(r);
        CHECK(r->exit_code == i);
    }
}
