// TelemetryConfig: JSON form and validation; the parsers behind it.
#include "listen_address.hpp"
#include "trace_context.hpp"

#include <sandbox/error.hpp>
#include <sandbox/telemetry.hpp>

#include <doctest/doctest.h>

#include <set>

using namespace sandbox;

TEST_CASE("a JSON config sets every field") {
    auto c = TelemetryConfig::from_json(R"({
        "prometheus_listen": "127.0.0.1:0", "pushgateway_url": "http://127.0.0.1:9091",
        "pushgateway_job": "ci", "otlp_endpoint": "http://127.0.0.1:4318/prefix/",
        "otlp_headers": {"authorization": "Bearer x"}, "otlp_timeout_ms": 1500, "export_interval_ms": 250,
        "event_log_path": "/tmp/events.jsonl", "event_log_max_bytes": 4096, "event_log_rotations": 2,
        "queue_size": 64, "service_name": "judge",
        "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})");
    CHECK(c.prometheus_listen == "127.0.0.1:0");
    CHECK(c.pushgateway_job == "ci");
    CHECK(c.otlp_headers.at("authorization") == "Bearer x");
    CHECK(c.otlp_timeout.count() == 1500);
    CHECK(c.export_interval.count() == 250);
    CHECK(c.event_log_max_bytes == 4096);
    CHECK(c.event_log_rotations == 2);
    CHECK(c.queue_size == 64);
    CHECK(c.service_name == "judge");
}

TEST_CASE("bad JSON configs are refused with the offending key named") {
    auto refused = [](const char* json, const char* needle) {
        try {
            TelemetryConfig::from_json(json);
        } catch (const PolicyError& e) {
            CHECK_MESSAGE(std::string(e.what()).find(needle) != std::string::npos, e.what());
            return;
        }
        FAIL("accepted: " << std::string(json));
    };
    refused(R"({"prometheus": "x"})", "$.prometheus");
    refused(R"({"queue_size": -1})", "$.queue_size");
    refused(R"({"queue_size": 0})", "queue_size");
    refused(R"({"otlp_endpoint": "https://collector:4318"})", "otlp_endpoint");
    refused(R"({"otlp_endpoint": "http://:4318"})", "otlp_endpoint");
    refused(R"({"pushgateway_url": "http://gw:99999"})", "pushgateway_url");
    refused(R"({"traceparent": "00-00000000000000000000000000000000-00f067aa0ba902b7-01"})", "trace-id");
    refused(R"({"otlp_headers": {"bad name": "x"}})", "otlp_headers");
    refused(R"({"otlp_headers": {"x-a": "1\r\nInjected: yes"}})", "line break");
    refused(R"({"prometheus_listen": ":9464"})", "0.0.0.0 explicitly");
    refused(R"({"event_log_path": "/tmp/x", "event_log_max_bytes": 10})", "event_log_max_bytes");
    refused(R"([1])", "expected an object");
    refused(R"({"queue_size": )", "malformed JSON");
}

TEST_CASE("a bare port listens on loopback, never on every interface") {
    auto a = telemetry::parse_listen_address("9464");
    CHECK(a.host == "127.0.0.1");
    CHECK(a.port == 9464);
    CHECK(telemetry::parse_listen_address("0.0.0.0:80").host == "0.0.0.0");
    CHECK(telemetry::parse_listen_address("[::1]:9464").host == "[::1]");
    CHECK_THROWS_AS(telemetry::parse_listen_address("::1:9464"), PolicyError);
    CHECK_THROWS_AS(telemetry::parse_listen_address("127.0.0.1:http"), PolicyError);
    CHECK_THROWS_AS(telemetry::parse_listen_address("127.0.0.1:70000"), PolicyError);
}

TEST_CASE("traceparent follows W3C trace context") {
    auto p = telemetry::parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    CHECK(p.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736");
    CHECK(p.parent_id == "00f067aa0ba902b7");
    CHECK(p.sampled);
    CHECK_FALSE(telemetry::parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").sampled);
    // A future version may append fields.
    CHECK(telemetry::parse_traceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra").sampled);
    for (const char* bad : {"", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
                            "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01"})
        CHECK_THROWS_AS(telemetry::parse_traceparent(bad), PolicyError);
}

TEST_CASE("new ids are lowercase hex of the OTLP sizes and differ") {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        std::string t = telemetry::new_trace_id(), s = telemetry::new_span_id();
        CHECK(t.size() == 32);
        CHECK(s.size() == 16);
        CHECK(t.find_first_not_of("0123456789abcdef") == std::string::npos);
        seen.insert(t);
    }
    CHECK(seen.size() == 100);
}
