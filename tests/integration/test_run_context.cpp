// Sandbox::run drives its runs on one io_context per thread, kept between runs: runs nested
// in a sink, a run whose sink threw, and runs on several threads stay correct.
#include "run_helpers.hpp"
#include "../open_fds.hpp"

#include <doctest/doctest.h>


#include <stdexcept>
#include <thread>

using namespace sandbox;
using namespace test_support;

namespace {

Command echo(const std::string& text) {
    Command c;
    c.argv = {"/bin/echo", text};
    return c;
}

}  // namespace

TEST_CASE("a run started from a sink of a run on the same thread completes, and so does the outer run") {
    Sandbox outer_box(policy());
    Sandbox inner_box(policy());
    Result inner;
    outer_box.add_sink([&](const Event& e) {
        if (e.name == "started") inner = inner_box.run(echo("inner"));
    });
    Result outer = outer_box.run(echo("outer"));
    CHECK(outer.status == Status::ok);
    CHECK(outer.stdout_data == "outer\n");
    CHECK(inner.status == Status::ok);
    CHECK(inner.stdout_data == "inner\n");
    // The thread's io_context serves the next run as before.
    CHECK(inner_box.run(echo("again")).stdout_data == "again\n");
}

TEST_CASE("after a sink threw out of a run, the thread's next run is not disturbed by what it left") {
    Sandbox throwing(policy());
    throwing.add_sink([](const Event& e) {
        if (e.name == "exited") throw std::runtime_error("sink failure");
    });
    CHECK_THROWS_WITH_AS(throwing.run(echo("x")), "sink failure", std::runtime_error);
    Result next = Sandbox(policy()).run(echo("next"));
    CHECK(next.status == Status::ok);
    CHECK(next.stdout_data == "next\n");
}

TEST_CASE("runs on a thread reuse its io_context: no descriptor more after 20 runs than after one") {
    std::thread worker([] {
        Sandbox box(policy());
        REQUIRE(box.run(echo("warm-up")).status == Status::ok);
        const std::size_t before = open_fd_count();
        for (int i = 0; i < 20; ++i) REQUIRE(box.run(echo(std::to_string(i))).stdout_data == std::to_string(i) + "\n");
        CHECK(open_fd_count() == before);
    });
    worker.join();
}
