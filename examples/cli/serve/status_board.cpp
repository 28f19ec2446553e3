#include "status_board.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <ctime>

namespace sandbox_cli::serve {

namespace json = boost::json;

namespace {

// "2026-11-29T13:40:02.125Z"
std::string utc_iso8601(std::chrono::system_clock::time_point at) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
    std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[40];
    std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(ms % 1000));
    return text;
}

bool is_sample(const sandbox::Event& event) {
    return event.kind == sandbox::EventKind::resource_sample && event.name == "sample";
}

}  // namespace

sandbox::EventSink StatusBoard::sink() {
    std::weak_ptr<StatusBoard> weak = shared_from_this();
    return [weak](const sandbox::Event& event) {
        if (auto board = weak.lock()) board->add(event);
    };
}

StatusBoard::Run& StatusBoard::run(std::uint64_t run_id) {
    auto [it, inserted] = runs_.try_emplace(run_id);
    if (inserted) {
        it->second.id = run_id;
        it->second.started_at = std::chrono::system_clock::now();
    }
    return it->second;
}

void StatusBoard::add(const sandbox::Event& event) {
    if (finished_) return;
    Run& r = run(event.run_id);
    if (r.pid == 0) r.pid = event.pid;
    if (is_sample(event)) {
        r.latest_sample = event;
    } else {
        recent_.push_back(event);
        if (recent_.size() > recent_event_capacity) recent_.pop_front();
    }
    // A subscriber may unsubscribe itself (a slow client is dropped) or another: walk a copy
    // of the keys, and call a copy of each, which outlives its erasure from the map.
    std::vector<std::uint64_t> tokens;
    for (const auto& [token, subscriber] : subscribers_) tokens.push_back(token);
    for (auto token : tokens) {
        auto it = subscribers_.find(token);
        if (it == subscribers_.end()) continue;
        Subscriber subscriber = it->second;
        subscriber(&event);
    }
}

void StatusBoard::describe_run(std::uint64_t run_id, int pid, std::vector<std::string> argv,
                               sandbox::SecurityLevel level, std::optional<std::uint64_t> memory_limit_bytes) {
    Run& r = run(run_id);
    if (pid != 0) r.pid = pid;
    r.argv = std::move(argv);
    r.level = level;
    r.memory_limit_bytes = memory_limit_bytes;
}

void StatusBoard::end_run(std::uint64_t run_id, std::string status) { run(run_id).status = std::move(status); }

void StatusBoard::finish() {
    if (finished_) return;
    finished_ = true;
    auto subscribers = std::move(subscribers_);
    subscribers_.clear();
    for (auto& [token, subscriber] : subscribers) subscriber(nullptr);
}

std::uint64_t StatusBoard::subscribe(Subscriber subscriber) {
    if (finished_) {
        subscriber(nullptr);
        return 0;
    }
    std::uint64_t token = next_token_++;
    subscribers_.emplace(token, std::move(subscriber));
    return token;
}

void StatusBoard::unsubscribe(std::uint64_t token) { subscribers_.erase(token); }

std::string StatusBoard::snapshot_json() const {
    json::array runs;
    for (const auto& [id, r] : runs_) {
        json::array argv;
        for (const auto& word : r.argv) argv.emplace_back(word);
        json::object entry{
            {"id", r.id},
            {"pid", r.pid},
            {"argv", std::move(argv)},
            {"level", r.level ? json::value(sandbox::to_string(*r.level)) : json::value(nullptr)},
            {"started_at", utc_iso8601(r.started_at)},
            {"memory_limit_bytes", r.memory_limit_bytes ? json::value(*r.memory_limit_bytes) : json::value(nullptr)},
            {"status", r.status},
            {"sample", r.latest_sample ? json::parse(r.latest_sample->to_json()) : json::value(nullptr)},
        };
        runs.push_back(std::move(entry));
    }
    json::array events;
    for (const auto& event : recent_) events.push_back(json::parse(event.to_json()));
    return json::serialize(json::object{{"finished", finished_}, {"runs", std::move(runs)}, {"events", std::move(events)}});
}

}  // namespace sandbox_cli::serve
