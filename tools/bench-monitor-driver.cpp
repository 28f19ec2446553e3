// The in-process half of tools/bench-monitor (built by tests/monitor/meson.build).
//
//   bench-monitor-driver idle N HZ SECONDS [host]
//     Starts N idle trees (boxes running `sleep`, or with `host` plain host trees `sh -c
//     'sleep & wait'`, two processes each like a box's init and target), then measures this
//     process's CPU for SECONDS unmonitored, and for SECONDS monitored at HZ (boxes: N new
//     boxes of a Sandbox with set_monitor; host trees: one ResourceMonitor each). Prints one
//     JSON line, then the monitored trees' pids on one line, and keeps them alive until stdin
//     closes (so that other tools can poll the same processes).
//   bench-monitor-driver peak INTERVAL_MS ARGV...
//     Runs ARGV on the host under monitor_pid and prints the peak memory it saw, in bytes.
//   bench-monitor-driver box-peak INTERVAL_MS ARGV...
//     Runs ARGV in a box (standard level, ARGV[0]'s directory bound read-only) under
//     Sandbox::set_monitor and prints the largest memory_peak_bytes of its samples.
#include <sandbox/sandbox.hpp>

#include <boost/asio/executor_work_guard.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

double cpu_self_s() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return s(u.ru_utime) + s(u.ru_stime);
}

// Drives `io` for `for_ms`. With boxes it is driven from inside libsandbox (wait_for on a run
// that does not end): asio's per-thread call stack is private to the shared library, and its
// socket handlers expect the thread to be registered there (see the report to the lead).
void drive(boost::asio::io_context& io, const std::vector<std::shared_ptr<sandbox::Execution>>& runs,
           std::chrono::milliseconds for_ms) {
    if (runs.empty())
        io.run_for(for_ms);
    else
        runs.front()->wait_for(for_ms);
}

// Percent of one core this process used while `io` ran for `seconds`.
double measure(boost::asio::io_context& io, const std::vector<std::shared_ptr<sandbox::Execution>>& runs,
               double seconds) {
    const double cpu0 = cpu_self_s();
    const auto t0 = Clock::now();
    drive(io, runs, std::chrono::milliseconds(static_cast<long>(seconds * 1000)));
    const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
    return 100.0 * (cpu_self_s() - cpu0) / wall;
}

int spawn_host_tree() {
    pid_t pid = ::fork();
    if (pid == 0) {
        ::setpgid(0, 0);  // so that one kill ends the shell and its sleep
        ::execl("/bin/sh", "sh", "-c", "sleep 3600 & wait", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    return pid;
}

struct Trees {
    std::vector<std::shared_ptr<sandbox::Execution>> runs;  // boxes
    std::vector<int> pids;                                  // their inits, or the host roots
};

// Starts n idle trees: boxes of `box`, or host trees when box is null. Empty on failure.
std::optional<Trees> start_trees(boost::asio::io_context& io, const sandbox::Sandbox* box, int n) {
    Trees t;
    for (int i = 0; i < n; ++i) {
        if (!box) {
            t.pids.push_back(spawn_host_tree());
            continue;
        }
        sandbox::Command cmd;
        cmd.argv = {"/bin/sleep", "3600"};
        t.runs.push_back(box->start(io, cmd));
        t.pids.push_back(t.runs.back()->pid());
    }
    drive(io, t.runs, 300ms);  // let the trees settle
    for (const auto& run : t.runs)
        if (run->done()) {
            std::cerr << "a box ended instead of idling: " << run->wait().message << "\n";
            for (auto& r : t.runs) r->kill();
            for (auto& r : t.runs) r->wait();
            return std::nullopt;
        }
    return t;
}

void end_trees(Trees& t) {
    for (auto& run : t.runs) run->kill();
    for (auto& run : t.runs) run->wait();
    if (t.runs.empty())
        for (int pid : t.pids) {
            ::kill(-pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
}

// Boxes are sampled by their supervisor (Sandbox::set_monitor: cgroup counters and members);
// host trees by one ResourceMonitor each (descendants from /proc).
int idle(int n, double hz, double seconds, bool host) {
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);  // idle host trees give io nothing to wait on
    auto policy = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::standard);
    policy.limits.wall_timeout_ms = 0;
    sandbox::MonitorOptions options;
    options.interval = std::chrono::milliseconds(static_cast<int>(1000.0 / hz));
    std::uint64_t samples = 0;
    std::map<std::uint64_t, double> processes;  // run id (or root pid) -> processes in its last sample
    auto count = [&](const sandbox::Event& e) {
        if (e.name != "sample") return;
        ++samples;
        processes[e.run_id ? e.run_id : static_cast<std::uint64_t>(e.pid)] = e.values.at("processes");
    };

    sandbox::Sandbox plain_box(policy);
    auto trees = start_trees(io, host ? nullptr : &plain_box, n);
    if (!trees) return 1;
    const double idle_percent = measure(io, trees->runs, seconds);

    std::vector<std::unique_ptr<sandbox::ResourceMonitor>> monitors;
    sandbox::Sandbox monitored_box(policy);
    if (host) {
        for (int pid : trees->pids) monitors.push_back(std::make_unique<sandbox::ResourceMonitor>(io, pid, options, count));
    } else {
        end_trees(*trees);
        monitored_box.add_sink(count);
        monitored_box.set_monitor(options);
        trees = start_trees(io, &monitored_box, n);
        if (!trees) return 1;
        samples = 0;
    }
    const double monitored_percent = measure(io, trees->runs, seconds);
    double total_processes = 0;
    for (const auto& [id, count] : processes) total_processes += count;

    std::printf("{\"trees\":%d,\"kind\":\"%s\",\"hz\":%g,\"seconds\":%g,\"idle_cpu_percent\":%.3f,"
                "\"monitored_cpu_percent\":%.3f,\"samples\":%llu,\"processes_per_sample\":%g}\n",
                n, host ? "host" : "box", hz, seconds, idle_percent, monitored_percent,
                static_cast<unsigned long long>(samples), total_processes);
    for (std::size_t i = 0; i < trees->pids.size(); ++i) std::printf("%s%d", i ? "," : "", trees->pids[i]);
    std::printf("\n");
    std::fflush(stdout);
    char c;
    while (::read(0, &c, 1) > 0) {
    }
    monitors.clear();
    end_trees(*trees);
    return 0;
}

int peak(int interval_ms, std::vector<std::string> argv) {
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid == 0) {
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    boost::asio::io_context io;
    auto monitor = sandbox::monitor_pid(io, pid, std::chrono::milliseconds(interval_ms), [](const sandbox::Event&) {});
    while (monitor->running()) io.run_for(5ms);
    ::waitpid(pid, nullptr, 0);
    std::printf("%llu\n", static_cast<unsigned long long>(monitor->last_sample().memory_peak_bytes));
    return 0;
}

int box_peak(int interval_ms, std::vector<std::string> argv) {
    auto policy = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::standard);
    policy.readonly_paths = {argv[0].substr(0, argv[0].rfind('/'))};
    sandbox::Sandbox box(policy);
    sandbox::MonitorOptions options;
    options.interval = std::chrono::milliseconds(interval_ms);
    double peak = 0;
    box.add_sink([&](const sandbox::Event& e) {
        if (e.name == "sample") peak = std::max(peak, e.values.at("memory_peak_bytes"));
    });
    box.set_monitor(options);
    sandbox::Command cmd;
    cmd.argv = std::move(argv);
    auto r = box.run(cmd);
    if (r.status != sandbox::Status::ok) {
        std::cerr << "the box run did not end ok: " << r.message << "\n";
        return 1;
    }
    std::printf("%.0f\n", peak);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() >= 4 && args[0] == "idle")
        return idle(std::atoi(args[1].c_str()), std::atof(args[2].c_str()), std::atof(args[3].c_str()),
                    args.size() > 4 && args[4] == "host");
    if (args.size() >= 3 && args[0] == "peak")
        return peak(std::atoi(args[1].c_str()), std::vector<std::string>(args.begin() + 2, args.end()));
    if (args.size() >= 3 && args[0] == "box-peak")
        return box_peak(std::atoi(args[1].c_str()), std::vector<std::string>(args.begin() + 2, args.end()));
    std::cerr << "usage: bench-monitor-driver idle N HZ SECONDS [host] | peak INTERVAL_MS ARGV... | "
                 "box-peak INTERVAL_MS ARGV...\n";
    return 2;
}
