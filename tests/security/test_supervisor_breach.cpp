// The supervisor's hook: a run under terminate_on_critical whose process gets an outside tracer
// ends as security_violation, with the escape in security_events and the breach summary.
#include "escape_fixture.hpp"

#include <sandbox/sandbox.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace escape_test;

TEST_CASE("supervisor: an outside tracer ends a terminate_on_critical run as security_violation") {
    if (::geteuid() != 0) {
        MESSAGE("skipped: needs root");
        return;
    }
    boost::asio::io_context io;
    sandbox::Command cmd;
    cmd.argv = {"/bin/sleep", "30"};
    auto execution = sandbox::Sandbox(policy_for(sandbox::BreachResponse::terminate_on_critical)).start(io, cmd);
    int target = wait_for_target(io, execution->pid(), cmd.argv[0]);
    auto escape = Clock::now();
    REQUIRE(::ptrace(PTRACE_SEIZE, target, nullptr, nullptr) == 0);
    bool reaped = false;
    for (auto deadline = Clock::now() + std::chrono::seconds(10); !execution->done() && Clock::now() < deadline;) {
        io.run_one_for(std::chrono::milliseconds(1));
        int status = 0;
        if (!reaped && ::waitpid(target, &status, WNOHANG | __WALL) == target)
            reaped = WIFEXITED(status) || WIFSIGNALED(status);
    }
    REQUIRE(execution->done());
    std::printf("supervisor: outside tracer -> run ended in %.1f ms\n",
                std::chrono::duration<double, std::milli>(Clock::now() - escape).count());
    sandbox::Result r = execution->wait();
    CHECK(r.status == sandbox::Status::security_violation);
    CHECK(r.message.find("breach: critical escape event") != std::string::npos);
    auto json = boost::json::parse(r.to_json()).as_object();
    const auto& security = json.at("security_events").as_array();
    REQUIRE(!security.empty());
    CHECK(security[0].at("type").as_string() == "escape");
    CHECK(security[0].at("action").as_string() == "killed");
    CHECK(json.at("breach_summary").at("decision").as_string() == "terminate");
    bool terminated = false;
    for (const auto& e : r.events) terminated = terminated || (e.name == "breach_terminate" && e.action == sandbox::EventAction::killed);
    CHECK(terminated);
}

TEST_CASE("supervisor: an honest standard run has an empty breach summary and no watchdog complaint") {
    if (::geteuid() != 0) {
        MESSAGE("skipped: needs root");
        return;
    }
    auto policy = policy_for(sandbox::BreachResponse::report);
    sandbox::Command cmd;
    cmd.argv = {"/bin/sh", "-c", "for i in 1 2 3; do /bin/true; done; /bin/sleep 0.3"};
    sandbox::Result r = sandbox::Sandbox(policy).run(cmd);
    CHECK(r.status == sandbox::Status::ok);
    auto json = boost::json::parse(r.to_json()).as_object();
    CHECK(json.at("security_events").as_array().empty());
    CHECK(json.at("breach_summary").at("decision").as_string() == "none");
    for (const auto& d : r.degraded) CHECK_MESSAGE(d.find("watchdog") == std::string::npos, d);
}
