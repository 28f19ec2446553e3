#include "event_log.hpp"

#include <sandbox/error.hpp>

#include <boost/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace sandbox::telemetry {

namespace {

// RFC 3339 in UTC with microseconds: "2026-11-29T10:47:10.123456Z".
std::string rfc3339(std::chrono::system_clock::time_point at) {
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(us / 1000000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(us % 1000000));
    return text;
}

}  // namespace

std::string event_log_line(const StampedEvent& item) {
    boost::json::object obj = boost::json::parse(item.event.to_json()).as_object();
    obj["timestamp"] = rfc3339(item.at);
    return boost::json::serialize(obj);
}

EventLog::EventLog(std::string path, std::uint64_t max_bytes, unsigned rotations)
    : path_(std::move(path)), max_bytes_(max_bytes), rotations_(rotations) {
    open();
}

EventLog::~EventLog() {
    if (fd_ >= 0) ::close(fd_);
}

void EventLog::open() {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd_ < 0) throw SetupError("event log " + path_ + ": cannot open: " + std::strerror(errno));
    struct stat st{};
    size_ = ::fstat(fd_, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

void EventLog::rotate() {
    ::close(fd_);
    fd_ = -1;
    if (rotations_ == 0) {
        ::truncate(path_.c_str(), 0);
    } else {
        // path.(n-1) -> path.n, ..., path -> path.1; the oldest falls off.
        for (unsigned i = rotations_; i > 1; --i)
            ::rename((path_ + "." + std::to_string(i - 1)).c_str(), (path_ + "." + std::to_string(i)).c_str());
        ::rename(path_.c_str(), (path_ + ".1").c_str());
    }
    try {
        open();
    } catch (const SetupError&) {
        ++write_errors_;
    }
}

void EventLog::write(const StampedEvent& item) {
    std::string line = event_log_line(item);
    line.push_back('\n');
    if (size_ > 0 && size_ + line.size() > max_bytes_) rotate();
    if (fd_ < 0) {
        try {
            open();  // a failed rotation left no file: try again
        } catch (const SetupError&) {
            ++write_errors_;
            return;
        }
    }
    const char* p = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        ssize_t n = ::write(fd_, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ++write_errors_;
            return;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
        size_ += static_cast<std::uint64_t>(n);
    }
}

}  // namespace sandbox::telemetry
