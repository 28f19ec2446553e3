// The JSON-lines event log and the bounded queue.
#include "event_log.hpp"
#include "event_queue.hpp"

#include <sandbox/error.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

using namespace sandbox;
using namespace sandbox::telemetry;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("telemetry-test-" + std::to_string(::getpid()) + "-" +
                                                 std::to_string(std::rand()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

StampedEvent event(std::uint64_t run_id, std::string detail = "x") {
    StampedEvent s;
    s.event.kind = EventKind::lifecycle;
    s.event.name = "exited";
    s.event.run_id = run_id;
    s.event.detail = std::move(detail);
    s.event.labels = {{"status", "ok"}};
    s.at = std::chrono::system_clock::now();
    return s;
}

std::vector<std::string> lines_of(const fs::path& p) {
    std::ifstream in(p);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("each event is one JSON object on one line with stable field names") {
    TempDir dir;
    fs::path log_path = dir.path / "events.jsonl";
    {
        EventLog log(log_path.string(), 1 << 20, 2);
        log.write(event(1, "line\nbreak and \"quotes\""));
        log.write(event(2));
    }
    auto lines = lines_of(log_path);
    REQUIRE(lines.size() == 2);
    auto obj = boost::json::parse(lines[0]).as_object();
    for (const char* key : {"kind", "time", "run_id", "name", "detail", "pid", "labels", "timestamp"})
        CHECK_MESSAGE(obj.contains(key), key);
    CHECK(obj.at("detail") == "line\nbreak and \"quotes\"");
    CHECK(obj.at("labels").at("status") == "ok");
    std::string ts(obj.at("timestamp").as_string());
    CHECK(ts.size() == 27);
    CHECK(ts.back() == 'Z');
}

TEST_CASE("the log rotates by size and keeps only the configured number of old files") {
    TempDir dir;
    fs::path log_path = dir.path / "events.jsonl";
    const std::uint64_t max_bytes = 2048;
    {
        EventLog log(log_path.string(), max_bytes, 2);
        for (std::uint64_t i = 0; i < 200; ++i) log.write(event(i, std::string(40, 'a')));
        CHECK(log.write_errors() == 0);
    }
    CHECK(fs::exists(log_path));
    CHECK(fs::exists(log_path.string() + ".1"));
    CHECK(fs::exists(log_path.string() + ".2"));
    CHECK_FALSE(fs::exists(log_path.string() + ".3"));
    for (const auto& p : {log_path.string(), log_path.string() + ".1", log_path.string() + ".2"}) {
        CHECK(fs::file_size(p) <= max_bytes);
        for (const auto& line : lines_of(p)) CHECK_NOTHROW(boost::json::parse(line));
    }
    // The newest event is in the live file, the older ones in .1.
    auto live = lines_of(log_path);
    CHECK(boost::json::parse(live.back()).at("run_id").as_int64() == 199);
    auto older = lines_of(log_path.string() + ".1");
    CHECK(boost::json::parse(older.back()).at("run_id").as_int64() ==
          boost::json::parse(live.front()).at("run_id").as_int64() - 1);
}

TEST_CASE("an event log that cannot be opened is a setup error naming the path") {
    try {
        EventLog log("/nonexistent-dir/events.jsonl", 4096, 1);
        FAIL("opened");
    } catch (const SetupError& e) {
        CHECK(std::string(e.what()).find("/nonexistent-dir/events.jsonl") != std::string::npos);
    }
}

TEST_CASE("the queue drops and counts what does not fit, and never waits for its consumer") {
    EventQueue queue(4);
    auto t0 = std::chrono::steady_clock::now();
    int accepted = 0;
    for (int i = 0; i < 1000; ++i) accepted += queue.push(event(i)) ? 1 : 0;
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(100));
    CHECK(accepted == 4);
    CHECK(queue.accepted() == 4);
    CHECK(queue.dropped() == 996);
    auto batch = queue.take(std::chrono::milliseconds(0));
    CHECK(batch.size() == 4);
    CHECK(batch.front().event.run_id == 0);
    CHECK_FALSE(queue.wait_handled(std::chrono::steady_clock::now() + std::chrono::milliseconds(10)));
    queue.mark_handled(batch.size());
    CHECK(queue.wait_handled(std::chrono::steady_clock::now()));
    queue.close();
    CHECK_FALSE(queue.push(event(5)));
    CHECK(queue.take(std::chrono::seconds(5)).empty());  // closed: returns at once
}
