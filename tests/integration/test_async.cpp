// The asynchronous form: many runs on one io_context, handles, kill and wait_for.
#include "run_helpers.hpp"

#include <doctest/doctest.h>

#include <thread>

using namespace sandbox;
using namespace test_support;

TEST_CASE("20 concurrent runs on one io_context return correct, independent results") {
    boost::asio::io_context io;
    Sandbox box(policy());
    std::vector<std::shared_ptr<Execution>> runs;
    std::vector<Result> results(20);
    for (int i = 0; i < 20; ++i) {
        Command c;
        c.argv = {"/bin/sh", "-c", "echo run-$1; sleep 0.2; exit $1", "sh", std::to_string(i)};
        runs.push_back(box.start(io, c));
        runs.back()->async_wait([&results, i](const Result& r) { results[i] = r; });
    }
    for (auto& r : runs) CHECK(r->pid() > 0);
    auto t0 = std::chrono::steady_clock::now();
    io.run();  // one thread drives them all
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (int i = 0; i < 20; ++i) {
        CHECK(results[i].stdout_data == "run-" + std::to_string(i) + "\n");
        CHECK(results[i].exit_code == i);
        CHECK(results[i].status == (i == 0 ? Status::ok : Status::nonzero_exit));
    }
    CHECK(elapsed < 4.0);  // they ran at once, not 20 x 0.2 s one after the other
}

TEST_CASE("kill ends a run with status killed; wait_for times out first") {
    boost::asio::io_context io;
    auto h = Sandbox(policy()).start(io, Command{.argv = {"/bin/sleep", "100"}});
    CHECK(h->pid() > 0);
    CHECK_FALSE(h->wait_for(std::chrono::milliseconds(200)).has_value());
    CHECK_FALSE(h->done());
    h->kill();
    auto r = h->wait_for(std::chrono::seconds(10));
    REQUIRE(r.has_value());
    CHECK(r->status == Status::killed);
    CHECK(h->done());
    CHECK(h->pid() == 0);
}

TEST_CASE("wait_for works while another thread runs the io_context") {
    boost::asio::io_context io;
    auto guard = boost::asio::make_work_guard(io);
    std::thread runner([&io] { io.run(); });
    auto h = Sandbox(policy()).start(io, Command{.argv = {"/bin/sh", "-c", "sleep 0.3; echo late"}});
    auto r = h->wait_for(std::chrono::seconds(10));
    guard.reset();
    runner.join();
    REQUIRE(r.has_value());
    CHECK(r->stdout_data == "late\n");
}

TEST_CASE("events reach a sink: started, then exited") {
    Sandbox box(policy());
    std::vector<std::string> names;
    box.add_sink([&names](const Event& e) { names.push_back(e.name); });
    auto r = box.run(Command{.argv = {"/bin/true"}});
    CHECK(r.status == Status::ok);
    REQUIRE(names.size() >= 2);
    CHECK(names.front() == "started");
    CHECK(names.back() == "exited");
    CHECK(r.events.size() == names.size());
}

TEST_CASE("a timeout kill stays timeout even when the box was near its memory limit") {
    auto p = policy();
    p.limits.wall_timeout_ms = 700;
    p.limits.memory_bytes = 64ull << 20;
    auto r = py("a = b'x' * (40 << 20)\nimport time\ntime.sleep(100)", p);
    CHECK(r.status == Status::timeout);
}
