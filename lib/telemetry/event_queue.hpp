// The bounded queue between the run's sink (producer, on the supervisor thread) and the
// telemetry thread (consumer). Pushing never waits for the consumer: when the queue is full
// the event is dropped and counted.
#pragma once

#include <sandbox/event.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>

namespace sandbox::telemetry {

struct StampedEvent {
    Event event;
    std::chrono::system_clock::time_point at;  // when the sink received it
};

class EventQueue {
public:
    explicit EventQueue(std::size_t capacity) : capacity_(capacity) {}

    // False when the queue was full (or closed) and the event was dropped.
    bool push(StampedEvent item);
    // Waits up to `timeout` for events; takes all of them. Empty when closed or timed out.
    std::deque<StampedEvent> take(std::chrono::milliseconds timeout);
    // Marks `n` taken events as fully handled (see wait_handled).
    void mark_handled(std::size_t n);
    // Waits until every event pushed before this call has been handled; false on timeout.
    bool wait_handled(std::chrono::steady_clock::time_point deadline);
    void close();
    bool closed() const;

    std::uint64_t accepted() const;
    std::uint64_t dropped() const;

private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable ready_, handled_;
    std::deque<StampedEvent> items_;
    std::uint64_t accepted_ = 0, dropped_ = 0, handled_count_ = 0;
    bool closed_ = false;
};

}  // namespace sandbox::telemetry
