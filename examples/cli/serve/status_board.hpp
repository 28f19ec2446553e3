// StatusBoard: what the status endpoint serves. It keeps the runs of this supervisor (id, pid,
// argv, level, start time, status, latest resource sample) and a bounded ring of recent
// events, and hands every event to the live event streams. Everything happens on the
// supervisor's io_context thread, where the sinks are called: no locks.
#pragma once

#include <sandbox/event.hpp>
#include <sandbox/policy.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sandbox_cli::serve {

class StatusBoard : public std::enable_shared_from_this<StatusBoard> {
public:
    // Resource samples are not kept in the ring: each run holds its latest one.
    static constexpr std::size_t recent_event_capacity = 256;

    // Called with every event; with nullptr once the board is finished (no more events).
    using Subscriber = std::function<void(const sandbox::Event*)>;

    // The sink to attach with Sandbox::add_sink; it ignores events once the board is gone.
    sandbox::EventSink sink();

    void describe_run(std::uint64_t run_id, int pid, std::vector<std::string> argv, sandbox::SecurityLevel level,
                      std::optional<std::uint64_t> memory_limit_bytes);
    // `status` is the Result's status word.
    void end_run(std::uint64_t run_id, std::string status);
    // No more runs will come: subscribers get nullptr and are forgotten.
    void finish();
    bool finished() const { return finished_; }

    // {"finished": bool, "runs": [...], "events": [...]} (see serve/README.md).
    std::string snapshot_json() const;

    // A finished board calls `subscriber` with nullptr at once and returns 0.
    std::uint64_t subscribe(Subscriber subscriber);
    void unsubscribe(std::uint64_t token);

private:
    struct Run {
        std::uint64_t id = 0;
        int pid = 0;
        std::vector<std::string> argv;
        std::optional<sandbox::SecurityLevel> level;
        std::optional<std::uint64_t> memory_limit_bytes;
        std::chrono::system_clock::time_point started_at;
        std::string status = "running";
        std::optional<sandbox::Event> latest_sample;
    };

    void add(const sandbox::Event& event);
    Run& run(std::uint64_t run_id);

    std::map<std::uint64_t, Run> runs_;
    std::deque<sandbox::Event> recent_;
    std::map<std::uint64_t, Subscriber> subscribers_;
    std::uint64_t next_token_ = 1;
    bool finished_ = false;
};

}  // namespace sandbox_cli::serve
