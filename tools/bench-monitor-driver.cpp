// The in-process half of tools/bench-monitor (built by tests/monitor/meson.build).
//
//   bench-monitor-driver idle N HZ SECONDS [host]
//     Starts N idle trees (boxes running `sleep`, or with `host` plain host trees `sh -c
//     'sleep & wait'`, two processes each like a box's init and target), then measures this
//     process's CPU for SECONDS with no monitor and for SECONDS with one ResourceMonitor per
//     tree at HZ. Prints one JSON line, then the trees' pids on one line, and keeps them alive
//     until stdin closes (so that other tools can poll the same processes).
//   bench-monitor-driver peak INTERVAL_MS ARGV...
//     Runs ARGV on the host under monitor_pid and prints the peak memory it saw, in bytes.
#include <sandbox/sandbox.hpp>

#include <boost/asio/executor_work_guard.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
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

int idle(int n, double hz, double seconds, bool host) {
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);  // idle host trees give io nothing to wait on
    auto policy = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::standard);
    policy.limits.wall_timeout_ms = 0;
    sandbox::Sandbox box(policy);
    std::vector<std::shared_ptr<sandbox::Execution>> runs;
    std::vector<int> pids;
    for (int i = 0; i < n; ++i) {
        if (host) {
            pids.push_back(spawn_host_tree());
            continue;
        }
        sandbox::Command cmd;
        cmd.argv = {"/bin/sleep", "3600"};
        runs.push_back(box.start(io, cmd));
        pids.push_back(runs.back()->pid());
    }
    drive(io, runs, 300ms);  // let the trees settle
    for (const auto& run : runs)
        if (run->done()) {
            std::cerr << "a box ended instead of idling: " << run->wait().message << "\n";
            for (auto& r : runs) r->kill();
            for (auto& r : runs) r->wait();
            return 1;
        }
    const double idle_percent = measure(io, runs, seconds);

    std::uint64_t samples = 0;
    std::vector<std::unique_ptr<sandbox::ResourceMonitor>> monitors;
    sandbox::MonitorOptions options;
    options.interval = std::chrono::milliseconds(static_cast<int>(1000.0 / hz));
    for (int pid : pids)
        monitors.push_back(std::make_unique<sandbox::ResourceMonitor>(
            io, pid, options, [&](const sandbox::Event& e) { samples += e.name == "sample"; }));
    const double monitored_percent = measure(io, runs, seconds);
    std::uint64_t processes = 0;
    for (const auto& m : monitors) processes += m->last_sample().process_count;

    std::printf("{\"trees\":%d,\"kind\":\"%s\",\"hz\":%g,\"seconds\":%g,\"idle_cpu_percent\":%.3f,"
                "\"monitored_cpu_percent\":%.3f,\"samples\":%llu,\"processes_per_sample\":%llu}\n",
                n, host ? "host" : "box", hz, seconds, idle_percent, monitored_percent,
                static_cast<unsigned long long>(samples), static_cast<unsigned long long>(processes));
    monitors.clear();
    for (std::size_t i = 0; i < pids.size(); ++i) std::printf("%s%d", i ? "," : "", pids[i]);
    std::printf("\n");
    std::fflush(stdout);
    char c;
    while (::read(0, &c, 1) > 0) {
    }
    for (auto& run : runs) run->kill();
    for (auto& run : runs) run->wait();
    if (host)
        for (int pid : pids) {
            ::kill(-pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
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

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() >= 4 && args[0] == "idle")
        return idle(std::atoi(args[1].c_str()), std::atof(args[2].c_str()), std::atof(args[3].c_str()),
                    args.size() > 4 && args[4] == "host");
    if (args.size() >= 3 && args[0] == "peak")
        return peak(std::atoi(args[1].c_str()), std::vector<std::string>(args.begin() + 2, args.end()));
    std::cerr << "usage: bench-monitor-driver idle N HZ SECONDS [host] | peak INTERVAL_MS ARGV...\n";
    return 2;
}
