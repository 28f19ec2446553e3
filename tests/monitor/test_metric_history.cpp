#include <sandbox/error.hpp>
#include <sandbox/monitor.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

using sandbox::MetricHistory;

TEST_CASE("history keeps one bucket per sample while there is room") {
    MetricHistory h(8);
    for (int i = 0; i < 8; ++i) h.add(i, i * 10.0);
    auto b = h.buckets();
    REQUIRE(b.size() == 8);
    CHECK(h.samples_per_bucket() == 1);
    CHECK(b[3].min == 30);
    CHECK(b[3].max == 30);
    CHECK(b[3].count == 1);
}

TEST_CASE("a full history merges pairs and still covers the whole run") {
    MetricHistory h(4);
    for (int i = 0; i < 5; ++i) h.add(i, i);
    auto b = h.buckets();
    // 4 buckets merged into 2 of 2 samples each, the 5th sample starts a new bucket.
    REQUIRE(b.size() == 3);
    CHECK(h.samples_per_bucket() == 2);
    CHECK(b[0].t_first == 0);
    CHECK(b[0].t_last == 1);
    CHECK(b[0].min == 0);
    CHECK(b[0].max == 1);
    CHECK(b[0].mean == doctest::Approx(0.5));
    CHECK(b[2].t_first == 4);
    CHECK(b[2].count == 1);
}

TEST_CASE("a long run stays within capacity with exact min, max and mean") {
    MetricHistory h(16);
    const int n = 100'000;
    double sum = 0;
    for (int i = 0; i < n; ++i) {
        double v = (i * 7919) % 1000;  // values 0..999 in a scrambled order
        sum += v;
        h.add(i * 0.01, v);
    }
    auto b = h.buckets();
    CHECK(b.size() <= 16);
    CHECK(b.front().t_first == 0);
    CHECK(b.back().t_last == doctest::Approx((n - 1) * 0.01));
    std::uint64_t count = 0;
    double weighted = 0, lo = 1e9, hi = -1;
    for (const auto& x : b) {
        count += x.count;
        weighted += x.mean * static_cast<double>(x.count);
        lo = std::min(lo, x.min);
        hi = std::max(hi, x.max);
        CHECK(x.min <= x.mean);
        CHECK(x.mean <= x.max);
    }
    CHECK(count == n);
    CHECK(weighted == doctest::Approx(sum));
    CHECK(lo == 0);
    CHECK(hi == 999);
}

TEST_CASE("a history capacity must be even and at least 2") {
    CHECK_THROWS_AS(MetricHistory(0), sandbox::PolicyError);
    CHECK_THROWS_AS(MetricHistory(1), sandbox::PolicyError);
    CHECK_THROWS_WITH_AS(MetricHistory(7), doctest::Contains("got 7"), sandbox::PolicyError);
}

TEST_CASE("resource history records every metric and serializes to JSON") {
    sandbox::ResourceHistory history(4);
    sandbox::ResourceSample s;
    s.time_s = 0.5;
    s.memory_bytes = 1234;
    s.process_count = 3;
    history.add(s);
    CHECK(history.metrics().size() == sandbox::resource_metric_names().size());
    auto json = boost::json::parse(history.to_json()).as_object();
    CHECK(json.at("memory_bytes").as_array().at(0).at("max").to_number<double>() == 1234);
    CHECK(json.at("processes").as_array().at(0).at("mean").to_number<double>() == 3);
    CHECK(json.at("processes").as_array().at(0).at("t_first").to_number<double>() == 0.5);
}

TEST_CASE("sample values carry every metric name") {
    sandbox::ResourceSample s;
    auto values = s.values();
    for (const auto& name : sandbox::resource_metric_names()) CHECK_MESSAGE(values.count(name) == 1, name);
    CHECK(values.size() == sandbox::resource_metric_names().size());
}
