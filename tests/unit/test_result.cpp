#include <doctest/doctest.h>
#include <sandbox/sandbox.hpp>

#include <csignal>

using namespace sandbox;

TEST_CASE("status names round-trip") {
    for (auto s : {Status::ok, Status::nonzero_exit, Status::signaled, Status::timeout, Status::cpu_limit,
                   Status::memory_limit, Status::pids_limit, Status::output_limit, Status::security_violation,
                   Status::killed, Status::setup_error, Status::internal_error})
        CHECK(status_from_string(to_string(s)) == s);
    CHECK_THROWS_AS(status_from_string("fine"), PolicyError);
}

TEST_CASE("CLI exit codes: the child's, 128+signal, 125 for set-up errors") {
    Result r;
    r.status = Status::nonzero_exit;
    r.exit_code = 3;
    CHECK(r.cli_exit_code() == 3);
    r = Result{};
    r.status = Status::signaled;
    r.signal = SIGSEGV;
    CHECK(r.cli_exit_code() == 128 + SIGSEGV);
    r = Result{};
    r.status = Status::setup_error;
    CHECK(r.cli_exit_code() == 125);
}

TEST_CASE("result JSON carries the documented keys and survives binary output") {
    Result r;
    r.status = Status::output_limit;
    r.exit_code = -1;
    r.signal = 9;
    r.stdout_data = std::string("ok\xff\xfe\x00tail", 9);
    r.stdout_truncated = true;
    r.peak_memory_bytes = 12345;
    r.degraded = {"no cgroup"};
    std::string json = r.to_json();
    for (const char* key : {"\"status\":\"output_limit\"", "\"exit_code\":-1", "\"signal\":9", "\"wall_time_s\"",
                            "\"cpu_user_s\"", "\"cpu_sys_s\"", "\"peak_memory_bytes\":12345", "\"stdout\"",
                            "\"stderr\"", "\"stdout_truncated\":true", "\"stderr_truncated\":false", "\"message\"",
                            "\"degraded\":[\"no cgroup\"]"})
        CHECK_MESSAGE(json.find(key) != std::string::npos, key);
    Result back = Result::from_json(json);
    CHECK(back.status == Status::output_limit);
    CHECK(back.stdout_data == std::string("ok\xEF\xBF\xBD\xEF\xBF\xBD\0tail", 13));
    CHECK(back.peak_memory_bytes == 12345);
}

TEST_CASE("result JSON readers ignore unknown keys") {
    Result r = Result::from_json(R"({"status":"ok","exit_code":0,"future_key":{"x":1}})");
    CHECK(r.status == Status::ok);
    CHECK(r.exit_code == 0);
}

TEST_CASE("the report names status, usage and output") {
    Result r;
    r.status = Status::nonzero_exit;
    r.exit_code = 3;
    r.stdout_data = "hello\n";
    std::string report = r.to_report();
    CHECK(report.find("nonzero_exit (exit code 3)") != std::string::npos);
    CHECK(report.find("hello") != std::string::npos);
    CHECK(report.find("peak memory") != std::string::npos);
}
