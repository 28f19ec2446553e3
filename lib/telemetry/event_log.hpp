// The JSON-lines event log: one object per event (Event::to_json plus "timestamp"), appended
// by the telemetry thread, rotated by size to <path>.1 ... <path>.<rotations>.
#pragma once

#include "event_queue.hpp"

#include <cstdint>
#include <string>

namespace sandbox::telemetry {

class EventLog {
public:
    // Throws SetupError when the file cannot be opened for appending.
    EventLog(std::string path, std::uint64_t max_bytes, unsigned rotations);
    ~EventLog();
    EventLog(const EventLog&) = delete;
    EventLog& operator=(const EventLog&) = delete;

    void write(const StampedEvent& item);
    std::uint64_t write_errors() const { return write_errors_; }

private:
    void open();
    void rotate();

    const std::string path_;
    const std::uint64_t max_bytes_;
    const unsigned rotations_;
    int fd_ = -1;
    std::uint64_t size_ = 0;
    std::uint64_t write_errors_ = 0;
};

// The line written for an event, without the newline.
std::string event_log_line(const StampedEvent& item);

}  // namespace sandbox::telemetry
