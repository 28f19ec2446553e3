// The descendants of a host pid, thresholds on a live tree, and bad arguments.
#include "host_child.hpp"
#include "monitor_run.hpp"

#include <sandbox/error.hpp>
#include <sandbox/monitor.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using namespace std::chrono_literals;
using monitor_test::EventLog;
using monitor_test::HostChild;

TEST_CASE("the tree of a host pid includes children and grandchildren") {
    boost::asio::io_context io;
    EventLog log;
    // sh -> (sh -> sleep) and sleep: four processes, two levels below the root.
    HostChild child({"/bin/sh", "-c", "(sleep 0.6; :) & sleep 0.6 & echo ready; wait"});
    REQUIRE(child.read_line() == "ready");
    auto monitor = sandbox::monitor_pid(io, child.pid(), 10ms, log.sink());
    io.run_for(150ms);
    const auto& s = monitor->last_sample();
    CHECK(s.process_count == 4);
    auto sleeps = std::count_if(s.processes.begin(), s.processes.end(),
                                [](const sandbox::ProcessSample& p) { return p.cmdline == "sleep 0.6"; });
    CHECK(sleeps == 2);
    for (const auto& p : s.processes) CHECK(p.rss_bytes > 0);
    monitor_test::run_until_ended(io, *monitor);
    child.reap();
}

TEST_CASE("a warning and then a limit on memory, reported to the limit handler") {
    boost::asio::io_context io;
    EventLog log;
    HostChild child({HELPER_TOUCH_MEMORY, "64", "300"});
    sandbox::MonitorOptions options;
    options.interval = 10ms;
    options.thresholds.warn("memory_bytes", 16 << 20).limit("memory_bytes", 48 << 20);
    std::vector<std::pair<sandbox::Status, std::string>> limits;
    sandbox::ResourceMonitor monitor(io, child.pid(), options, log.sink(), {},
                                     [&](sandbox::Status s, const std::string& m) { limits.emplace_back(s, m); });
    monitor_test::run_until_ended(io, monitor);
    child.reap();
    REQUIRE(limits.size() == 1);
    CHECK(limits[0].first == sandbox::Status::memory_limit);
    CHECK(limits[0].second.find("memory_bytes") != std::string::npos);
    auto warnings = std::count_if(log.events.begin(), log.events.end(),
                                  [](const sandbox::Event& e) { return e.name == "threshold_warning"; });
    CHECK(warnings == 1);
    // The handler owns the report: the monitor sent no violation of its own.
    CHECK(std::none_of(log.events.begin(), log.events.end(), [](const sandbox::Event& e) {
        return e.kind == sandbox::EventKind::limit_violation;
    }));
}

TEST_CASE("without a limit handler the monitor reports the violation itself") {
    boost::asio::io_context io;
    EventLog log;
    HostChild child({HELPER_BUSY_LOOP, "300"});
    sandbox::MonitorOptions options;
    options.interval = 10ms;
    options.thresholds.limit("cpu_user_s", 0.1);
    sandbox::ResourceMonitor monitor(io, child.pid(), options, log.sink());
    monitor_test::run_until_ended(io, monitor);
    child.reap();
    auto it = std::find_if(log.events.begin(), log.events.end(), [](const sandbox::Event& e) {
        return e.kind == sandbox::EventKind::limit_violation;
    });
    REQUIRE(it != log.events.end());
    CHECK(it->name == "cpu_limit");
    CHECK(it->values.at("cpu_user_s") >= 0.1);
}

TEST_CASE("history covers the run when asked for") {
    boost::asio::io_context io;
    EventLog log;
    HostChild child({HELPER_BUSY_LOOP, "200"});
    sandbox::MonitorOptions options;
    options.interval = 10ms;
    options.keep_history = true;
    options.history_capacity = 8;
    sandbox::ResourceMonitor monitor(io, child.pid(), options, log.sink());
    monitor_test::run_until_ended(io, monitor);
    child.reap();
    REQUIRE(monitor.history());
    const auto& cpu = monitor.history()->metrics().at("cpu_user_s");
    auto buckets = cpu.buckets();
    CHECK(buckets.size() <= 8);
    std::uint64_t count = 0;
    for (const auto& b : buckets) count += b.count;
    CHECK(count == monitor.sample_count());
    CHECK(buckets.back().max >= 0.15);
}

TEST_CASE("a sink may destroy its monitor") {
    boost::asio::io_context io;
    HostChild child({HELPER_HOLD_FDS, "0"});
    std::unique_ptr<sandbox::ResourceMonitor> monitor;
    int samples = 0;
    monitor = sandbox::monitor_pid(io, child.pid(), 10ms, [&](const sandbox::Event&) {
        if (++samples == 3) monitor.reset();
    });
    io.run_for(100ms);
    CHECK(samples == 3);
}

TEST_CASE("bad arguments are refused with a clear error") {
    boost::asio::io_context io;
    auto sink = [](const sandbox::Event&) {};
    CHECK_THROWS_WITH_AS(sandbox::monitor_pid(io, 1, 5ms, sink), doctest::Contains("10 ms"), sandbox::PolicyError);
    CHECK_THROWS_WITH_AS(sandbox::monitor_pid(io, 0, 10ms, sink), doctest::Contains("process id"),
                         sandbox::PolicyError);
    CHECK_THROWS_AS(sandbox::monitor_pid(io, 1, 10ms, nullptr), sandbox::PolicyError);
}

TEST_CASE("a pid that does not exist ends the monitor at once") {
    boost::asio::io_context io;
    EventLog log;
    HostChild child({HELPER_HOLD_FDS, "0"});
    const int gone = child.pid();
    child.close_stdin();
    child.reap();
    auto monitor = sandbox::monitor_pid(io, gone, 10ms, log.sink());
    CHECK_FALSE(monitor->running());
    CHECK(monitor->last_sample().process_count == 0);
    CHECK(log.events.back().name == "monitor_ended");
}
