#include "event_queue.hpp"

namespace sandbox::telemetry {

bool EventQueue::push(StampedEvent item) {
    {
        std::lock_guard lock(mutex_);
        if (closed_ || items_.size() >= capacity_) {
            ++dropped_;
            return false;
        }
        items_.push_back(std::move(item));
        ++accepted_;
    }
    ready_.notify_one();
    return true;
}

std::deque<StampedEvent> EventQueue::take(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    ready_.wait_for(lock, timeout, [&] { return closed_ || !items_.empty(); });
    std::deque<StampedEvent> out;
    out.swap(items_);
    return out;
}

void EventQueue::mark_handled(std::size_t n) {
    {
        std::lock_guard lock(mutex_);
        handled_count_ += n;
    }
    handled_.notify_all();
}

bool EventQueue::wait_handled(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    std::uint64_t target = accepted_;
    return handled_.wait_until(lock, deadline, [&] { return handled_count_ >= target; });
}

void EventQueue::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    ready_.notify_all();
}

bool EventQueue::closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
}

std::uint64_t EventQueue::accepted() const {
    std::lock_guard lock(mutex_);
    return accepted_;
}

std::uint64_t EventQueue::dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
}

}  // namespace sandbox::telemetry
