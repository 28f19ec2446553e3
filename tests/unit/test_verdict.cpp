#include "verdict.hpp"

#include <doctest/doctest.h>

#include <csignal>

using namespace sandbox;

namespace {
int exited(int code) { return code << 8; }
int killed_by(int sig) { return sig; }
}  // namespace

TEST_CASE("plain exits and signals") {
    Observations o;
    o.wait_status = exited(0);
    CHECK(decide(o).status == Status::ok);
    o.wait_status = exited(3);
    auto v = decide(o);
    CHECK(v.status == Status::nonzero_exit);
    CHECK(v.exit_code == 3);
    o.wait_status = killed_by(SIGSEGV);
    v = decide(o);
    CHECK(v.status == Status::signaled);
    CHECK(v.signal == SIGSEGV);
    CHECK(v.message.find("SIGSEGV") != std::string::npos);
}

TEST_CASE("the first recorded cause is never overwritten by kernel counters") {
    Observations o;
    o.cause = Status::timeout;
    o.cause_message = "wall time limit";
    o.wait_status = killed_by(SIGKILL);
    o.oom_kills = 1;
    o.pids_max_hits = 4;
    CHECK(decide(o).status == Status::timeout);
}

TEST_CASE("an OOM kill is memory_limit, a plain SIGKILL is not") {
    Observations o;
    o.wait_status = killed_by(SIGKILL);
    o.oom_kills = 1;
    CHECK(decide(o).status == Status::memory_limit);
    o.oom_kills = 0;
    CHECK(decide(o).status == Status::signaled);
}

TEST_CASE("pids hits make pids_limit unless the program still exited 0") {
    Observations o;
    o.pids_max_hits = 3;
    o.wait_status = exited(1);
    CHECK(decide(o).status == Status::pids_limit);
    o.wait_status = exited(0);
    CHECK(decide(o).status == Status::ok);
}

TEST_CASE("CPU limit from SIGXCPU, or SIGKILL past the limit") {
    Observations o;
    o.cpu_limit_ms = 1000;
    o.wait_status = killed_by(SIGXCPU);
    CHECK(decide(o).status == Status::cpu_limit);
    o.wait_status = killed_by(SIGKILL);
    o.cpu_total_s = 1.2;
    CHECK(decide(o).status == Status::cpu_limit);
    o.cpu_total_s = 0.2;
    CHECK(decide(o).status == Status::signaled);
}

TEST_CASE("set-up failures and a missing status") {
    Observations o;
    o.setup_failure = "cannot execute /nope: No such file or directory";
    auto v = decide(o);
    CHECK(v.status == Status::setup_error);
    CHECK(v.message.find("/nope") != std::string::npos);
    CHECK(decide(Observations{}).status == Status::internal_error);
}
