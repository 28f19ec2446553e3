#include <doctest/doctest.h>
#include <sandbox/sandbox.hpp>

using namespace sandbox;

TEST_CASE("sizes parse with binary units") {
    CHECK(parse_size("4096", "x") == 4096);
    CHECK(parse_size("512K", "x") == 512 * 1024);
    CHECK(parse_size("256M", "x") == 256ull << 20);
    CHECK(parse_size("1.5G", "x") == 3ull << 29);
    CHECK(parse_size("2GiB", "x") == 2ull << 30);
}

TEST_CASE("bad sizes are rejected with the field named") {
    CHECK_THROWS_WITH_AS(parse_size("-5", "--memory"), doctest::Contains("--memory: must not be negative"), PolicyError);
    CHECK_THROWS_WITH_AS(parse_size("abc", "--memory"), doctest::Contains("not a number"), PolicyError);
    CHECK_THROWS_WITH_AS(parse_size("5Q", "--memory"), doctest::Contains("unknown size unit 'Q'"), PolicyError);
    CHECK_THROWS_WITH_AS(parse_size("99999999T", "--memory"), doctest::Contains("absurdly large"), PolicyError);
    CHECK_THROWS_AS(parse_size("", "--memory"), PolicyError);
    CHECK_THROWS_AS(parse_size("inf", "--memory"), PolicyError);
}

TEST_CASE("durations parse, bare numbers are seconds") {
    CHECK(parse_duration_ms("2", "x") == 2000);
    CHECK(parse_duration_ms("2s", "x") == 2000);
    CHECK(parse_duration_ms("1.5s", "x") == 1500);
    CHECK(parse_duration_ms("250ms", "x") == 250);
    CHECK(parse_duration_ms("1m", "x") == 60000);
    CHECK_THROWS_WITH_AS(parse_duration_ms("5 parsecs", "--timeout"), doctest::Contains("--timeout"), PolicyError);
    CHECK_THROWS_AS(parse_duration_ms("-1s", "--timeout"), PolicyError);
    CHECK_THROWS_AS(parse_duration_ms("1e20s", "--timeout"), PolicyError);
}
