#include "monitor/threshold_watch.hpp"

#include <sandbox/error.hpp>
#include <sandbox/monitor.hpp>

#include <doctest/doctest.h>

using sandbox::PolicyError;
using sandbox::Thresholds;
using sandbox::monitor_detail::Crossing;
using sandbox::monitor_detail::ThresholdWatch;

TEST_CASE("thresholds reject what cannot work, naming the metric") {
    CHECK_THROWS_WITH_AS(Thresholds().warn("memroy_bytes", 1).validate(), doctest::Contains("memroy_bytes"),
                         PolicyError);
    CHECK_THROWS_WITH_AS(Thresholds().warn("fds", -1).validate(), doctest::Contains("fds"), PolicyError);
    CHECK_THROWS_WITH_AS(Thresholds().warn("threads", 10).limit("threads", 5).validate(),
                         doctest::Contains("above limit"), PolicyError);
    // No run status matches a limit on open fds: warn only.
    CHECK_THROWS_WITH_AS(Thresholds().limit("fds", 100).validate(), doctest::Contains("'fds'"), PolicyError);
    CHECK_NOTHROW(Thresholds().warn("fds", 100).limit("memory_bytes", 1e9).limit("processes", 50).validate());
}

TEST_CASE("each limited metric ends the run with its own status") {
    using sandbox::Status;
    CHECK(sandbox::status_for_metric_limit("memory_bytes") == Status::memory_limit);
    CHECK(sandbox::status_for_metric_limit("cpu_user_s") == Status::cpu_limit);
    CHECK(sandbox::status_for_metric_limit("processes") == Status::pids_limit);
    CHECK(sandbox::status_for_metric_limit("net_tx_bytes") == Status::output_limit);
    CHECK_THROWS_AS(sandbox::status_for_metric_limit("sockets"), PolicyError);
}

TEST_CASE("monitor options refuse an interval under 10 ms and an odd history") {
    sandbox::MonitorOptions o;
    o.interval = std::chrono::milliseconds(9);
    CHECK_THROWS_WITH_AS(o.validate(), doctest::Contains("9 ms"), PolicyError);
    o.interval = std::chrono::milliseconds(10);
    CHECK_NOTHROW(o.validate());
    o.keep_history = true;
    o.history_capacity = 3;
    CHECK_THROWS_AS(o.validate(), PolicyError);
}

TEST_CASE("a warning fires on each rise through its level, a limit only once") {
    ThresholdWatch watch(Thresholds().warn("memory_bytes", 100).limit("memory_bytes", 200));
    sandbox::ResourceSample s;
    auto at = [&](std::uint64_t bytes) {
        s.memory_bytes = bytes;
        return watch.check(s.values());
    };
    CHECK(at(50).empty());
    auto c = at(150);
    REQUIRE(c.size() == 1);
    CHECK(c[0].level == Crossing::Level::warn);
    CHECK(c[0].value == 150);
    CHECK(c[0].message.find("memory_bytes") != std::string::npos);
    CHECK(at(160).empty());  // still above: no repeat
    CHECK(at(90).empty());   // fell back: re-armed
    CHECK(at(120).size() == 1);
    c = at(250);
    REQUIRE(c.size() == 1);
    CHECK(c[0].level == Crossing::Level::limit);
    CHECK(c[0].threshold == 200);
    CHECK(at(300).empty());
}
