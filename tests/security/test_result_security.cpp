// The security keys of the result JSON: security_events, breach_summary, lint_findings.
#include <sandbox/breach.hpp>
#include <sandbox/lint.hpp>
#include <sandbox/result.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

using namespace sandbox;

TEST_CASE("result JSON: security events, breach summary and lint findings") {
    Result r;
    r.status = Status::security_violation;
    Event started;
    started.name = "started";
    Event escape;
    escape.kind = EventKind::security;
    escape.type = SecurityEventType::escape;
    escape.severity = Severity::critical;
    escape.action = EventAction::killed;
    escape.pid = 42;
    escape.detail = "process 42 traced by pid 7, outside the box";
    escape.time_s = 0.25;
    r.events = {started, escape};
    BreachDetector detector(BreachResponse::terminate_on_critical);
    detector.observe(escape);
    r.breach_summary_json = detector.summary().to_json();
    r.lint_findings = lint_source("python", "import os\nos.system('x')");

    auto obj = boost::json::parse(r.to_json()).as_object();
    const auto& security = obj.at("security_events").as_array();
    REQUIRE(security.size() == 1);
    CHECK(security[0].at("type").as_string() == "escape");
    CHECK(security[0].at("severity").as_string() == "critical");
    CHECK(security[0].at("action").as_string() == "killed");
    CHECK(security[0].at("pid").to_number<int>() == 42);
    CHECK(security[0].at("time").as_double() == doctest::Approx(0.25));
    CHECK(security[0].as_object().contains("syscall"));
    CHECK(security[0].as_object().contains("detail"));
    CHECK(obj.at("events").as_array().size() == 2);
    CHECK(obj.at("breach_summary").at("decision").as_string() == "terminate");
    CHECK(obj.at("lint_findings").as_array().size() == 1);
    CHECK(obj.at("lint_findings").at(0).at("rule").as_string() == "os.system");

    Result back = Result::from_json(r.to_json());
    CHECK(boost::json::parse(back.breach_summary_json) == boost::json::parse(r.breach_summary_json));
}

TEST_CASE("result JSON: every result carries a breach summary, empty when nothing was seen") {
    auto obj = boost::json::parse(Result{}.to_json()).as_object();
    CHECK(obj.at("breach_summary").at("decision").as_string() == "none");
    CHECK(obj.at("breach_summary").at("total_events").to_number<int>() == 0);
    CHECK(obj.at("security_events").as_array().empty());
    CHECK(obj.at("lint_findings").as_array().empty());
}
