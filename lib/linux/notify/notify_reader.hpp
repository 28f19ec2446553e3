// The supervisor side of a box's seccomp user notifications, on the run's Asio loop (no
// thread per run): receives the listener fd the program sends before its execve, then reads
// each notification, gathers its arguments, asks judge() and answers.
//
// The box never hangs on us: when the reader stops (or the supervisor dies) the listener
// closes and the kernel fails every pending and later watched call with ENOSYS; the box's
// own death-with-parent then ends it.
#pragma once

#include "notify_judge.hpp"

#include <sandbox/event.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <functional>
#include <memory>
#include <vector>

namespace sandbox::linux_notify {

class NotifyReader : public std::enable_shared_from_this<NotifyReader> {
public:
    using EventFn = std::function<void(Event)>;
    // Called for a violation (maximum) before the call is answered: end the box there.
    using ViolationFn = std::function<void(const Event&)>;

    // Takes ownership of `socket_fd` (LaunchedBox::notify_socket).
    static std::shared_ptr<NotifyReader> start(boost::asio::io_context& io, int socket_fd, WatchContext context,
                                               EventFn on_event, ViolationFn on_violation);

    // Events reported one by one per run; past this, calls are still judged and answered but
    // only counted, and stop() reports the count in one event (a loop of denied calls must
    // not fill the Result).
    static constexpr std::size_t max_reported_events = 256;

    // Closes the socket and the listener, reports the unreported count (if any); no callback
    // runs afterwards. Idempotent.
    void stop();

    NotifyReader(boost::asio::io_context& io, int socket_fd, WatchContext context, EventFn on_event,
                 ViolationFn on_violation);

private:
    void wait_for_listener();
    void take_listener();
    void wait_for_notification();
    void handle_pending();
    bool answer_one();

    boost::asio::posix::stream_descriptor socket_, listener_;
    WatchContext context_;
    EventFn on_event_;
    ViolationFn on_violation_;
    std::vector<char> request_, response_;  // sized by SECCOMP_GET_NOTIF_SIZES
    std::size_t reported_ = 0, unreported_ = 0;
    bool program_started_ = false;
    bool stopped_ = false;
};

}  // namespace sandbox::linux_notify
