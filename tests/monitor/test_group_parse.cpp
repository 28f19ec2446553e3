// The cgroup counter parsers of the monitor's per-sample path, on fixed file texts.
#include "linux/monitor/group_parse.hpp"

#include <doctest/doctest.h>

using namespace sandbox::linux_monitor;

TEST_CASE("a counter file: one number and a newline") {
    CHECK(parse_group_number("104857600\n") == 104857600u);
    CHECK(parse_group_number("18446744073709551615\n") == 18446744073709551615ull);
    CHECK(parse_group_number("0") == 0u);
    CHECK_FALSE(parse_group_number("max\n"));
    CHECK_FALSE(parse_group_number(""));
    CHECK_FALSE(parse_group_number("12 34\n"));
    CHECK_FALSE(parse_group_number("-5\n"));
    CHECK_FALSE(parse_group_number("18446744073709551616\n"));  // one past 2^64 - 1
}

TEST_CASE("v2 cpu.stat: user and system microseconds, in any order, among other keys") {
    auto s = parse_cpu_stat_usec("usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 0\n"
                                 "core_sched.force_idle_usec 0\n");
    REQUIRE(s);
    CHECK(s->user == 1000);
    CHECK(s->system == 500);
    s = parse_cpu_stat_usec("system_usec 7\nuser_usec 9");
    REQUIRE(s);
    CHECK(s->user == 9);
    CHECK(s->system == 7);
    // v1's cpu.stat (throttling only) has no usage.
    CHECK_FALSE(parse_cpu_stat_usec("nr_periods 10\nnr_throttled 2\nthrottled_time 300\n"));
    CHECK_FALSE(parse_cpu_stat_usec("user_usec x\nsystem_usec 5\n"));
    CHECK_FALSE(parse_cpu_stat_usec(""));
}

TEST_CASE("cgroup.procs: one pid a line, anything else refused") {
    std::vector<int> pids{99};
    CHECK(parse_group_pids("12\n345\n6789\n", pids));
    CHECK(pids == std::vector<int>{12, 345, 6789});
    CHECK(parse_group_pids("", pids));
    CHECK(pids.empty());
    CHECK(parse_group_pids("42", pids));
    CHECK(pids == std::vector<int>{42});
    CHECK_FALSE(parse_group_pids("12\nabc\n", pids));
    CHECK(pids.empty());
    CHECK_FALSE(parse_group_pids("0\n", pids));
    CHECK_FALSE(parse_group_pids("12 13\n", pids));
}
