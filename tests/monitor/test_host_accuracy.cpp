// Accuracy of the /proc path against exact references: a program touching a known amount of
// memory, the kernel's rusage for CPU, a known number of open descriptors.
#include "host_child.hpp"
#include "monitor_run.hpp"

#include <sandbox/monitor.hpp>

#include <doctest/doctest.h>

#include <unistd.h>

#include <cmath>

using namespace std::chrono_literals;
using monitor_test::EventLog;
using monitor_test::HostChild;

TEST_CASE("a program touching exactly 100 MiB reports its peak within 3%") {
    boost::asio::io_context io;
    EventLog log;
    HostChild child({HELPER_TOUCH_MEMORY, "100", "100"});
    auto monitor = sandbox::monitor_pid(io, child.pid(), 10ms, log.sink());
    monitor_test::run_until_ended(io, *monitor);
    child.reap();
    const double mib = 1024.0 * 1024.0;
    const double peak = static_cast<double>(monitor->last_sample().memory_peak_bytes);
    MESSAGE("peak " << peak / mib << " MiB, kernel maxrss " << child.usage().ru_maxrss / 1024.0 << " MiB");
    CHECK(std::fabs(peak - 100 * mib) / (100 * mib) < 0.03);
    CHECK(log.max_value("memory_bytes") >= 100 * mib);
}

TEST_CASE("a 1 s busy loop reports CPU time within 5% of the kernel's rusage") {
    boost::asio::io_context io;
    EventLog log;
    HostChild child({HELPER_BUSY_LOOP, "1000"});
    auto monitor = sandbox::monitor_pid(io, child.pid(), 10ms, log.sink());
    monitor_test::run_until_ended(io, *monitor);
    // The monitor ended on seeing the zombie: its last sample read the final counters.
    child.reap();
    const auto& s = monitor->last_sample();
    const double seen = s.cpu_user_s + s.cpu_sys_s;
    MESSAGE("monitor " << seen << " s, rusage " << child.cpu_s() << " s");
    CHECK(child.cpu_s() >= 0.99);
    CHECK(std::fabs(seen - child.cpu_s()) / child.cpu_s() < 0.05);
    // Busy on one core: the percentages in between hover near 100.
    CHECK(log.max_value("cpu_percent") > 50);
}

namespace {

// The descriptors a hold_fds child shows in the monitor once it is ready.
std::uint64_t monitored_fds(HostChild& child, sandbox::ResourceSample* out = nullptr) {
    boost::asio::io_context io;
    EventLog log;
    REQUIRE(child.read_line() == "ready");
    auto monitor = sandbox::monitor_pid(io, child.pid(), 10ms, log.sink());
    io.run_for(50ms);
    if (out) *out = monitor->last_sample();
    return monitor->last_sample().fds;
}

}  // namespace

TEST_CASE("a program holding 50 open descriptors shows at least 50") {
    // What the child inherits (stdio, and whatever this test's runner left open) is the baseline.
    HostChild baseline({HELPER_HOLD_FDS, "0"});
    const std::uint64_t inherited = monitored_fds(baseline);
    HostChild child({HELPER_HOLD_FDS, "50"});
    sandbox::ResourceSample s;
    CHECK(monitored_fds(child, &s) == inherited + 50);
    CHECK(s.fds >= 50);
    REQUIRE(s.processes.size() == 1);
    CHECK(s.processes[0].fds == s.fds);
    CHECK(s.processes[0].comm == "monitor-hold_fd");  // comm is cut at 15 bytes
    CHECK(s.processes[0].cmdline == std::string(HELPER_HOLD_FDS) + " 50");
}

TEST_CASE("the monitor of a host pid ends when the process is gone") {
    boost::asio::io_context io;
    EventLog log;
    HostChild child({HELPER_HOLD_FDS, "0"});
    REQUIRE(child.read_line() == "ready");
    auto monitor = sandbox::monitor_pid(io, child.pid(), 10ms, log.sink());
    io.run_for(30ms);
    CHECK(monitor->running());
    child.close_stdin();
    monitor_test::run_until_ended(io, *monitor);
    CHECK_FALSE(monitor->running());
    CHECK(log.events.back().name == "monitor_ended");
}

TEST_CASE("samples come at the configured interval without drift") {
    boost::asio::io_context io;
    EventLog log;
    HostChild child({HELPER_HOLD_FDS, "0"});
    REQUIRE(child.read_line() == "ready");
    auto monitor = sandbox::monitor_pid(io, child.pid(), 20ms, log.sink());
    io.run_for(1000ms);
    // One at start, then one per 20 ms: 51 in 1 s, give or take a late wake-up.
    CHECK(monitor->sample_count() >= 48);
    CHECK(monitor->sample_count() <= 52);
}

TEST_CASE("attack: a process renaming itself to fool the stat parser is read correctly") {
    boost::asio::io_context io;
    EventLog log;
    HostChild child({HELPER_SPOOF_COMM, "300"});
    sandbox::MonitorOptions options;
    options.interval = 10ms;
    sandbox::ResourceMonitor monitor(io, child.pid(), options, log.sink());
    bool saw_spoofed = false;
    while (monitor.running()) {
        io.run_for(10ms);
        const auto& s = monitor.last_sample();
        if (s.processes.size() == 1 && s.processes[0].comm == "x) Z 1 9 9 9 9" && s.processes[0].state != 'Z') {
            saw_spoofed = true;
            CHECK(s.processes[0].ppid == ::getpid());  // not the "1" planted in the name
        }
    }
    child.reap();
    CHECK(saw_spoofed);
    const auto& s = monitor.last_sample();
    CHECK(std::fabs(s.cpu_user_s + s.cpu_sys_s - child.cpu_s()) < 0.05);
}
