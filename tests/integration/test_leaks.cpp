// Nothing leaks: 200 sequential runs leave no process, cgroup, mount, fd or temp dir behind.
#include "run_helpers.hpp"

#include <doctest/doctest.h>

#include <ostream>

#include <dirent.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using namespace sandbox;
using namespace test_support;
namespace fs = std::filesystem;

namespace {

struct Footprint {
    int fds = 0;
    int mounts = 0;
    int children = 0;
    int cgroups = 0;
    int temp_dirs = 0;
    bool operator==(const Footprint&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Footprint& f) {
    return out << "{fds " << f.fds << ", mounts " << f.mounts << ", children " << f.children << ", cgroups "
               << f.cgroups << ", temp dirs " << f.temp_dirs << "}";
}

int count_entries(const fs::path& dir) {
    std::error_code ec;
    int n = 0;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) ++n;
    return n;
}

int count_lines(const char* path) {
    std::ifstream in(path);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) ++n;
    return n;
}

// Processes whose parent is this test process.
int count_children() {
    int n = 0;
    std::string me = std::to_string(::getpid());
    for (const auto& entry : fs::directory_iterator("/proc")) {
        std::ifstream stat(entry.path() / "stat");
        std::string line;
        if (!std::getline(stat, line)) continue;
        auto close = line.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(line.substr(close + 2));
        std::string state, ppid;
        rest >> state >> ppid;
        if (ppid == me) ++n;
    }
    return n;
}

int count_run_cgroups() {
    int n = 0;
    std::error_code ec;
    for (auto it = fs::directory_iterator("/sys/fs/cgroup", ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        fs::path ours = it->path() / "rusty-sandbox";
        std::error_code ec2;
        for (auto g = fs::directory_iterator(ours, ec2); !ec2 && g != fs::directory_iterator(); g.increment(ec2))
            if (g->is_directory()) ++n;
    }
    return n;
}

int count_temp_dirs() {
    int n = 0;
    for (const auto& entry : fs::directory_iterator("/tmp"))
        if (entry.path().filename().string().starts_with("rusty-sandbox-")) ++n;
    return n;
}

Footprint footprint() {
    return Footprint{count_entries("/proc/self/fd"), count_lines("/proc/self/mountinfo"), count_children(),
                     count_run_cgroups(), count_temp_dirs()};
}

}  // namespace

TEST_CASE("200 sequential runs leave nothing behind") {
    // Warm up once so lazily made state (seccomp filter, stale cleanup) is not counted.
    REQUIRE(sh("true").status == Status::ok);
    Footprint before = footprint();
    int ok = 0;
    for (int i = 0; i < 200; ++i) {
        SecurityLevel level = i % 4 == 0 ? SecurityLevel::basic : SecurityLevel::standard;
        Command c;
        c.argv = {"/bin/sh", "-c", i % 10 == 0 ? "sleep 0.01 & exit 1" : "echo x > f; cat f"};
        c.files["in.txt"] = "data";
        auto r = Sandbox(policy(level)).run(c);
        ok += (r.status == Status::ok || r.status == Status::nonzero_exit) ? 1 : 0;
    }
    CHECK(ok == 200);
    Footprint after = footprint();
    CHECK(after.fds == before.fds);
    CHECK(after.mounts == before.mounts);
    CHECK(after.children == before.children);
    CHECK(after.cgroups == before.cgroups);
    CHECK(after.temp_dirs == before.temp_dirs);
}

TEST_CASE("killed, timed-out and failed runs leave nothing behind either") {
    REQUIRE(sh("true").status == Status::ok);
    Footprint before = footprint();
    auto p = policy();
    p.limits.wall_timeout_ms = 200;
    sh("sleep 10 & sleep 10", p);
    run({"/nonexistent"});
    sh("head -c 10000000 /dev/zero");
    {
        boost::asio::io_context io;  // its own epoll, eventfd and timerfd close with it
        auto h = Sandbox(policy()).start(io, Command{.argv = {"/bin/sleep", "30"}});
        h->kill();
        CHECK(h->wait().status == Status::killed);
    }
    CHECK(footprint() == before);
}
