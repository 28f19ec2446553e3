// Sandbox::set_monitor: the supervisor samples its own boxes, from their cgroups.
#include "monitor_run.hpp"
#include "../open_fds.hpp"

#include <sandbox/sandbox.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

using namespace std::chrono_literals;

namespace {

sandbox::Sandbox monitored_box(const sandbox::MonitorOptions& options, monitor_test::EventLog& log,
                               std::vector<std::string> readonly_paths = {}) {
    auto policy = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::standard);
    policy.readonly_paths = std::move(readonly_paths);
    policy.limits.wall_timeout_ms = 20'000;
    policy.limits.memory_bytes = 512ull << 20;
    sandbox::Sandbox box(policy);
    box.add_sink(log.sink());
    box.set_monitor(options);
    return box;
}

sandbox::Result python(const sandbox::Sandbox& box, const std::string& source) {
    sandbox::Command cmd;
    cmd.argv = {"/usr/bin/python3", "-c", source};
    return box.run(cmd);
}

}  // namespace

TEST_CASE("a monitored box: samples to the sinks, history in the result, peak from the cgroup") {
    monitor_test::EventLog log;
    sandbox::MonitorOptions options;
    options.interval = 20ms;
    options.keep_history = true;
    options.history_capacity = 16;
    auto box = monitored_box(options, log);
    auto r = python(box, "import time\nb = b'\\x01' * (100 << 20)\ntime.sleep(0.3)\n");
    INFO(r.to_report());
    REQUIRE(r.status == sandbox::Status::ok);

    auto samples = std::count_if(log.events.begin(), log.events.end(),
                                 [](const sandbox::Event& e) { return e.name == "sample"; });
    CHECK(samples >= 10);
    CHECK(std::none_of(r.events.begin(), r.events.end(), [](const sandbox::Event& e) { return e.name == "sample"; }));
    for (const auto& e : log.events)
        if (e.name == "sample") CHECK(e.run_id == r.events.front().run_id);

    const double peak = log.max_value("memory_peak_bytes");
    MESSAGE("monitor peak " << peak / 1048576 << " MiB, result peak " << r.peak_memory_bytes / 1048576.0 << " MiB");
    CHECK(peak >= 100.0 * 1048576);
    CHECK(std::abs(peak - static_cast<double>(r.peak_memory_bytes)) / static_cast<double>(r.peak_memory_bytes) < 0.03);
    CHECK(log.max_value("processes") >= 2);  // the init and python

    auto history = std::find_if(r.events.begin(), r.events.end(),
                                [](const sandbox::Event& e) { return e.name == "resource_history"; });
    REQUIRE(history != r.events.end());
    auto json = boost::json::parse(history->detail).as_object();
    const auto& memory = json.at("memory_bytes").as_array();
    CHECK(memory.size() <= 16);
    double max = 0;
    std::uint64_t count = 0;
    for (const auto& b : memory) {
        max = std::max(max, b.at("max").to_number<double>());
        count += b.at("count").to_number<std::uint64_t>();
    }
    CHECK(max >= 100.0 * 1048576);
    CHECK(static_cast<double>(count) == history->values.at("samples"));
}

TEST_CASE("a box's peak is the cgroup's: exact at the default interval for a program that exits at once") {
    monitor_test::EventLog log;
    const std::string helper = HELPER_TOUCH_MEMORY;
    // One sample per 100 ms; the helper is bound into the box where it is on the host.
    auto box = monitored_box(sandbox::MonitorOptions{}, log, {helper.substr(0, helper.rfind('/'))});
    sandbox::Command cmd;
    cmd.argv = {helper, "100", "0"};  // touches 100 MiB and exits
    auto r = box.run(cmd);
    INFO(r.to_report());
    REQUIRE(r.status == sandbox::Status::ok);
    REQUIRE(r.usage_source == "cgroup");
    const double mib = 1048576.0;
    const double peak = log.max_value("memory_peak_bytes");
    MESSAGE("monitor peak " << peak / mib << " MiB, result peak " << r.peak_memory_bytes / mib << " MiB, "
                            << r.wall_time_s * 1000 << " ms run");
    CHECK(std::abs(peak - 100 * mib) / (100 * mib) < 0.03);
    CHECK(peak == static_cast<double>(r.peak_memory_bytes));
}

TEST_CASE("a monitored box leaves no descriptor behind (the cgroup files kept open are closed)") {
    monitor_test::EventLog log;
    sandbox::MonitorOptions options;
    options.interval = 10ms;
    auto box = monitored_box(options, log);
    auto warm_up = python(box, "pass");  // what the library opens once per process
    REQUIRE(warm_up.status == sandbox::Status::ok);
    const std::size_t before = open_fd_count();
    auto r = python(box, "import time\ntime.sleep(0.3)\n");
    REQUIRE(r.status == sandbox::Status::ok);
    CHECK(log.max_value("processes") >= 2);
    CHECK(open_fd_count() == before);
}

TEST_CASE("without cgroup counters a box's samples are /proc sums, close to the cgroup's") {
    monitor_test::EventLog log;
    sandbox::MonitorOptions options;
    options.interval = 20ms;
    options.cgroup_counters = false;
    auto box = monitored_box(options, log);
    auto r = python(box, "import time\nb = b'\\x01' * (100 << 20)\nt = time.process_time()\n"
                         "while time.process_time() - t < 0.3: pass\n");
    INFO(r.to_report());
    REQUIRE(r.status == sandbox::Status::ok);
    const double peak = log.max_value("memory_peak_bytes");
    const double cpu = log.max_value("cpu_user_s") + log.max_value("cpu_sys_s");
    MESSAGE("/proc peak " << peak / 1048576 << " MiB, cgroup " << r.peak_memory_bytes / 1048576.0 << " MiB; /proc cpu "
                          << cpu << " s, cgroup " << r.cpu_user_s + r.cpu_sys_s << " s");
    // RSS counts the interpreter's shared file pages, which the cgroup charged elsewhere.
    CHECK(peak >= 100.0 * 1048576);
    CHECK(peak <= 1.15 * static_cast<double>(r.peak_memory_bytes));
    CHECK(cpu >= 0.3);
    CHECK(std::abs(cpu - (r.cpu_user_s + r.cpu_sys_s)) < 0.05);
}

TEST_CASE("a monitor limit ends the box with the matching status") {
    monitor_test::EventLog log;
    sandbox::MonitorOptions options;
    options.interval = 10ms;
    options.thresholds.warn("memory_bytes", 20 << 20).limit("memory_bytes", 60 << 20);
    auto box = monitored_box(options, log);
    auto r = python(box, "import time\nb = b'\\x01' * (100 << 20)\ntime.sleep(10)\n");
    INFO(r.to_report());
    CHECK(r.status == sandbox::Status::memory_limit);
    CHECK(r.message.find("memory_bytes") != std::string::npos);
    CHECK(r.wall_time_s < 5);
    auto has = [&](const char* name, sandbox::EventKind kind) {
        return std::any_of(r.events.begin(), r.events.end(),
                           [&](const sandbox::Event& e) { return e.name == name && e.kind == kind; });
    };
    CHECK(has("threshold_warning", sandbox::EventKind::resource_sample));
    CHECK(has("memory_limit", sandbox::EventKind::limit_violation));
}

TEST_CASE("attack: a fork bomb in a box shows every process it made, from the cgroup") {
    monitor_test::EventLog log;
    sandbox::MonitorOptions options;
    options.interval = 10ms;
    options.thresholds.limit("processes", 20);
    auto box = monitored_box(options, log);
    // Double forks: every child is orphaned to the box's init at once, out of its parent's tree.
    auto r = python(box, "import os, time\n"
                         "for _ in range(40):\n"
                         "    if os.fork() == 0:\n"
                         "        if os.fork() == 0: time.sleep(10)\n"
                         "        os._exit(0)\n"
                         "time.sleep(10)\n");
    INFO(r.to_report());
    CHECK(r.status == sandbox::Status::pids_limit);
    CHECK(log.max_value("processes") >= 20);
    CHECK(r.wall_time_s < 5);
}

TEST_CASE("set_monitor refuses invalid options") {
    sandbox::Sandbox box;
    sandbox::MonitorOptions options;
    options.interval = 1ms;
    CHECK_THROWS_AS(box.set_monitor(options), sandbox::PolicyError);
    options.interval = 100ms;
    options.thresholds.limit("sockets", 3);
    CHECK_THROWS_WITH_AS(box.set_monitor(options), doctest::Contains("sockets"), sandbox::PolicyError);
}
