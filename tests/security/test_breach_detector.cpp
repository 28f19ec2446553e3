// BreachDetector: every per-event rule, threshold and pattern, and the summary.
#include <sandbox/breach.hpp>
#include <sandbox/error.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

using namespace sandbox;

namespace {

Event security(SecurityEventType type, Severity severity, EventAction action, std::string target, double t,
               std::string syscall = "") {
    Event e;
    e.kind = EventKind::security;
    e.type = type;
    e.severity = severity;
    e.action = action;
    e.labels["target"] = std::move(target);
    e.time_s = t;
    e.syscall = std::move(syscall);
    return e;
}

Event denied_connect(const std::string& target, double t) {
    return security(SecurityEventType::network, Severity::medium, EventAction::denied, target, t, "connect");
}

Event denied_open(const std::string& path, double t) {
    return security(SecurityEventType::file_access, Severity::high, EventAction::denied, path, t, "openat");
}

// Rules with every threshold and pattern off, so one rule is tested at a time.
BreachRules quiet_rules() {
    BreachRules r;
    r.alert.count = 0;
    r.terminate.count = 0;
    r.port_scan_targets = 0;
    r.probing_paths = 0;
    r.forks_per_second = 0;
    r.kill_attempts = 0;
    return r;
}

}  // namespace

TEST_CASE("classify_syscall: types and severities of DESIGN.md") {
    CHECK(classify_syscall("setns").type == SecurityEventType::escape);
    CHECK(classify_syscall("setns").severity == Severity::critical);
    CHECK(classify_syscall("init_module").type == SecurityEventType::privilege);
    CHECK(classify_syscall("ptrace").severity == Severity::high);
    CHECK(classify_syscall("connect").type == SecurityEventType::network);
    CHECK(classify_syscall("kill").type == SecurityEventType::process);
    CHECK(classify_syscall("prlimit64").type == SecurityEventType::resource);
    CHECK(classify_syscall("openat", "/tmp/x").type == SecurityEventType::file_access);
    CHECK(classify_syscall("openat", "/tmp/x").severity == Severity::low);
    CHECK(classify_syscall("openat", "/etc/shadow").severity == Severity::high);
    CHECK(classify_syscall("getrandom").type == SecurityEventType::syscall);
    CHECK(classify_syscall("getrandom").severity == Severity::low);
    // A sensitive target never lowers a severity.
    CHECK(classify_syscall("setns", "/proc/1/ns/mnt").severity == Severity::critical);
}

TEST_CASE("is_sensitive_path") {
    for (const char* p : {"/etc/shadow", "/root", "/root/.ssh/id_rsa", "/home/alice", "/sys/kernel", "/proc/1/mem",
                          "/proc/self/environ", "/proc/thread-self/root", "/dev/mem", "/boot/vmlinuz"})
        CHECK_MESSAGE(is_sensitive_path(p), p);
    for (const char* p : {"/etc/passwd", "/rooted", "/homework", "/system", "/proc/cpuinfo", "/proc/1/stat",
                          "/proc/x/mem", "/tmp/etc/shadow", ""})
        CHECK_MESSAGE(!is_sensitive_path(p), p);
}

TEST_CASE("non-security events are ignored") {
    BreachDetector d(BreachResponse::terminate);
    Event e;
    e.kind = EventKind::lifecycle;
    e.severity = Severity::critical;
    e.action = EventAction::killed;
    CHECK(d.observe(e).decision == BreachDecision::none);
    CHECK(d.summary().total_events == 0);
}

TEST_CASE("per-event decision follows the BreachResponse") {
    Event critical_allowed = security(SecurityEventType::escape, Severity::critical, EventAction::allowed, "pid 7", 1);
    Event low_denied = security(SecurityEventType::syscall, Severity::low, EventAction::denied, "mount", 1, "mount");
    Event high_allowed = security(SecurityEventType::network, Severity::high, EventAction::allowed, "1.2.3.4:80", 1);

    SUBCASE("report never terminates") {
        BreachDetector d(BreachResponse::report, quiet_rules());
        CHECK(d.observe(critical_allowed).decision == BreachDecision::alert);
        CHECK(d.observe(low_denied).decision == BreachDecision::none);
        CHECK(d.summary().decision == BreachDecision::alert);
    }
    SUBCASE("terminate_on_critical terminates on critical only") {
        BreachDetector d(BreachResponse::terminate_on_critical, quiet_rules());
        CHECK(d.observe(low_denied).decision == BreachDecision::none);
        CHECK(d.observe(high_allowed).decision == BreachDecision::none);
        auto o = d.observe(critical_allowed);
        CHECK(o.decision == BreachDecision::terminate);
        CHECK(o.reason.find("critical escape") != std::string::npos);
        CHECK(d.summary().decision == BreachDecision::terminate);
        CHECK(d.summary().reason == o.reason);
    }
    SUBCASE("terminate terminates on any denial") {
        BreachDetector d(BreachResponse::terminate, quiet_rules());
        CHECK(d.observe(high_allowed).decision == BreachDecision::none);
        CHECK(d.observe(low_denied).decision == BreachDecision::terminate);
    }
}

TEST_CASE("alert threshold: N events at or above a severity within the window") {
    BreachRules r = quiet_rules();
    r.alert = {3, Severity::medium, 10};
    BreachDetector d(BreachResponse::terminate_on_critical, r);
    auto ev = [](Severity s, double t) {
        return security(SecurityEventType::syscall, s, EventAction::denied, "x", t);
    };
    CHECK(d.observe(ev(Severity::medium, 0)).decision == BreachDecision::none);
    CHECK(d.observe(ev(Severity::low, 1)).decision == BreachDecision::none);  // below the severity
    CHECK(d.observe(ev(Severity::high, 2)).decision == BreachDecision::none);
    // The first event left the window: only two count at t=10.5.
    CHECK(d.observe(ev(Severity::medium, 10.5)).decision == BreachDecision::none);
    auto o = d.observe(ev(Severity::medium, 11));
    CHECK(o.decision == BreachDecision::alert);
    CHECK(o.reason.find("3 security events at or above medium") != std::string::npos);
    // Consumed: the next event alone does not fire again.
    CHECK(d.observe(ev(Severity::medium, 11.5)).decision == BreachDecision::none);
}

TEST_CASE("terminate threshold is an alert under report") {
    BreachRules r = quiet_rules();
    r.terminate = {2, Severity::high, 5};
    auto ev = [](double t) { return security(SecurityEventType::privilege, Severity::high, EventAction::denied, "p", t); };
    {
        BreachDetector d(BreachResponse::terminate_on_critical, r);
        CHECK(d.observe(ev(0)).decision == BreachDecision::none);
        CHECK(d.observe(ev(1)).decision == BreachDecision::terminate);
    }
    {
        BreachDetector d(BreachResponse::report, r);
        CHECK(d.observe(ev(0)).decision == BreachDecision::none);
        CHECK(d.observe(ev(1)).decision == BreachDecision::alert);
    }
}

TEST_CASE("port scan: distinct denied network targets") {
    BreachRules r = quiet_rules();
    r.port_scan_targets = 3;
    BreachDetector d(BreachResponse::report, r);
    CHECK(d.observe(denied_connect("10.0.0.1:22", 0)).decision == BreachDecision::none);
    CHECK(d.observe(denied_connect("10.0.0.1:22", 0.1)).decision == BreachDecision::none);  // same target
    CHECK(d.observe(security(SecurityEventType::network, Severity::medium, EventAction::allowed, "10.0.0.1:80", 0.2))
              .decision == BreachDecision::none);  // allowed ones are no scan
    CHECK(d.observe(denied_connect("10.0.0.1:23", 0.3)).decision == BreachDecision::none);
    auto o = d.observe(denied_connect("10.0.0.1:25", 0.4));
    CHECK(o.decision == BreachDecision::alert);
    CHECK(o.reason.find("port scan") != std::string::npos);
    REQUIRE(d.summary().patterns.size() == 1);
    CHECK(d.summary().patterns[0].name == "port_scan");
    CHECK(d.summary().patterns[0].severity == Severity::high);
    CHECK(d.summary().patterns[0].time_s == doctest::Approx(0.4));
    // Detected once.
    CHECK(d.observe(denied_connect("10.0.0.1:26", 0.5)).decision == BreachDecision::none);
    CHECK(d.summary().patterns.size() == 1);
}

TEST_CASE("a pattern terminates under on_breach=terminate") {
    BreachRules r = quiet_rules();
    r.forks_per_second = 2;
    BreachDetector d(BreachResponse::terminate, r);
    CHECK(d.observe_fork(0.0).decision == BreachDecision::none);
    CHECK(d.observe_fork(0.1).decision == BreachDecision::none);
    CHECK(d.observe_fork(0.2).decision == BreachDecision::terminate);
}

TEST_CASE("probing: distinct denied sensitive paths, others do not count") {
    BreachRules r = quiet_rules();
    r.probing_paths = 2;
    BreachDetector d(BreachResponse::report, r);
    CHECK(d.observe(denied_open("/tmp/a", 0)).decision == BreachDecision::none);
    CHECK(d.observe(denied_open("/etc/passwd", 0)).decision == BreachDecision::none);
    CHECK(d.observe(denied_open("/etc/shadow", 0)).decision == BreachDecision::none);
    CHECK(d.observe(denied_open("/etc/shadow", 0)).decision == BreachDecision::none);
    auto o = d.observe(denied_open("/proc/1/mem", 1));
    CHECK(o.decision == BreachDecision::alert);
    CHECK(d.summary().patterns.at(0).name == "probing");
}

TEST_CASE("fork storm: forks within one second, or the pids limit") {
    BreachRules r = quiet_rules();
    r.forks_per_second = 3;
    SUBCASE("spread forks are no storm") {
        BreachDetector d(BreachResponse::report, r);
        for (int i = 0; i < 20; ++i) CHECK(d.observe_fork(i * 0.5).decision == BreachDecision::none);
        CHECK(d.summary().patterns.empty());
    }
    SUBCASE("a burst is") {
        BreachDetector d(BreachResponse::report, r);
        for (int i = 0; i < 3; ++i) CHECK(d.observe_fork(5 + i * 0.01).decision == BreachDecision::none);
        CHECK(d.observe_fork(5.05).decision == BreachDecision::alert);
        CHECK(d.summary().patterns.at(0).name == "fork_storm");
        CHECK(d.summary().patterns.at(0).severity == Severity::medium);
    }
    SUBCASE("the pids limit is one") {
        BreachDetector d(BreachResponse::terminate_on_critical, r);
        CHECK(d.observe_pids_limit(2).decision == BreachDecision::alert);
        CHECK(d.observe_pids_limit(3).decision == BreachDecision::none);  // once
    }
}

TEST_CASE("kill attempts outside the box") {
    BreachRules r = quiet_rules();
    r.kill_attempts = 2;
    BreachDetector d(BreachResponse::report, r);
    auto kill_ev = [](EventAction a, const char* call) {
        return security(SecurityEventType::process, Severity::medium, a, "pid 1 on the host", 0, call);
    };
    CHECK(d.observe(kill_ev(EventAction::allowed, "kill")).decision == BreachDecision::none);
    CHECK(d.observe(kill_ev(EventAction::denied, "kill")).decision == BreachDecision::none);
    CHECK(d.observe(kill_ev(EventAction::denied, "openat")).decision == BreachDecision::none);
    CHECK(d.observe(kill_ev(EventAction::denied, "tgkill")).decision == BreachDecision::alert);
    CHECK(d.summary().patterns.at(0).name == "kill_attempts");
}

TEST_CASE("aggregation by type and target, counts and summary JSON") {
    BreachDetector d(BreachResponse::report, quiet_rules());
    d.observe(denied_open("/etc/shadow", 1.5));
    d.observe(denied_connect("10.0.0.1:22", 2));
    Event again = denied_open("/etc/shadow", 4);
    again.severity = Severity::critical;
    d.observe(again);
    Event by_detail = security(SecurityEventType::syscall, Severity::low, EventAction::denied, "", 5, "mount");
    by_detail.labels.clear();
    by_detail.detail = "mount denied";
    d.observe(by_detail);

    const BreachSummary& s = d.summary();
    CHECK(s.total_events == 4);
    CHECK(s.by_type.at(SecurityEventType::file_access) == 2);
    CHECK(s.by_type.at(SecurityEventType::network) == 1);
    CHECK(s.by_severity.at(Severity::high) == 1);
    CHECK(s.by_severity.at(Severity::critical) == 1);
    REQUIRE(s.entries.size() == 3);
    CHECK(s.entries[0].target == "/etc/shadow");
    CHECK(s.entries[0].count == 2);
    CHECK(s.entries[0].first_seen_s == doctest::Approx(1.5));
    CHECK(s.entries[0].last_seen_s == doctest::Approx(4));
    CHECK(s.entries[0].max_severity == Severity::critical);
    CHECK(s.entries[2].target == "mount denied");  // no target label: the detail

    auto json = boost::json::parse(s.to_json()).as_object();
    CHECK(json.at("total_events").to_number<std::uint64_t>() == 4);
    CHECK(json.at("by_type").at("file_access").to_number<std::uint64_t>() == 2);
    CHECK(json.at("by_severity").at("critical").to_number<std::uint64_t>() == 1);
    CHECK(json.at("entries").as_array().size() == 3);
    CHECK(json.at("entries").at(0).at("first_seen").as_double() == doctest::Approx(1.5));
    CHECK(json.at("entries").at(0).at("max_severity").as_string() == "critical");
    CHECK(json.at("decision").as_string() == "alert");  // the critical event under report
    CHECK(json.at("patterns").as_array().empty());
}

TEST_CASE("summary JSON replaces invalid UTF-8 in targets") {
    BreachDetector d(BreachResponse::report, quiet_rules());
    d.observe(denied_open(std::string("/tmp/\xff\xfe"), 0));
    CHECK_NOTHROW(boost::json::parse(d.summary().to_json()));
}

TEST_CASE("invalid rules are refused by name") {
    BreachRules r;
    r.terminate.window_s = 0;
    CHECK_THROWS_WITH_AS(BreachDetector(BreachResponse::report, r),
                         doctest::Contains("breach rule 'terminate': window_s"), PolicyError);
}
