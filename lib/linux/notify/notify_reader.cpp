#include "notify_reader.hpp"

#include "tracee_memory.hpp"

#include <sandbox/error.hpp>

#include <linux/seccomp.h>
#include <poll.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace sandbox::linux_notify {
namespace {

namespace asio = boost::asio;

constexpr std::size_t max_sockaddr = 128;  // sizeof(sockaddr_storage)

seccomp_notif_sizes notif_sizes() {
    static const seccomp_notif_sizes sizes = [] {
        seccomp_notif_sizes s{};
        if (::syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &s) != 0)
            throw SetupError(std::string("seccomp notify: SECCOMP_GET_NOTIF_SIZES: ") + std::strerror(errno));
        return s;
    }();
    return sizes;
}

std::string syscall_name(int nr) {
    char* name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
    if (!name) return "syscall " + std::to_string(nr);
    std::string out(name);
    std::free(name);
    return out;
}

// Where the path argument of a path-taking watched call is (index into args), or -1.
int path_argument(const std::string& name) {
    if (name == "open" || name == "execve") return 0;
    if (name == "openat" || name == "openat2" || name == "execveat") return 1;
    return -1;
}

// The O_* flags of an open: an argument, or the first field of openat2's struct open_how.
std::optional<std::uint64_t> open_flags(const std::string& name, const seccomp_data& data, pid_t pid) {
    if (name == "open") return data.args[1];
    if (name == "openat") return data.args[2];
    if (name != "openat2") return std::nullopt;
    auto bytes = read_bytes(pid, data.args[2], sizeof(std::uint64_t));
    if (!bytes) return std::nullopt;
    std::uint64_t flags = 0;
    std::memcpy(&flags, bytes->data(), sizeof flags);
    return flags;
}

}  // namespace

NotifyReader::NotifyReader(asio::io_context& io, int socket_fd, WatchContext context, EventFn on_event,
                           ViolationFn on_violation)
    : socket_(io, socket_fd),
      listener_(io),
      context_(std::move(context)),
      on_event_(std::move(on_event)),
      on_violation_(std::move(on_violation)) {
    const seccomp_notif_sizes sizes = notif_sizes();
    request_.resize(std::max<std::size_t>(sizes.seccomp_notif, sizeof(seccomp_notif)));
    response_.resize(std::max<std::size_t>(sizes.seccomp_notif_resp, sizeof(seccomp_notif_resp)));
}

std::shared_ptr<NotifyReader> NotifyReader::start(asio::io_context& io, int socket_fd, WatchContext context,
                                                  EventFn on_event, ViolationFn on_violation) {
    try {
        notif_sizes();  // before the descriptor is owned by a stream_descriptor
    } catch (...) {
        ::close(socket_fd);
        throw;
    }
    auto reader = std::make_shared<NotifyReader>(io, socket_fd, std::move(context), std::move(on_event),
                                                 std::move(on_violation));
    reader->wait_for_listener();
    return reader;
}

void NotifyReader::stop() {
    if (!stopped_ && unreported_ > 0) {
        Event e;
        e.kind = EventKind::security;
        e.name = "seccomp";
        e.type = SecurityEventType::syscall;
        e.severity = Severity::info;
        e.action = EventAction::denied;
        e.detail = std::to_string(unreported_) + " further seccomp decisions not reported one by one (limit " +
                   std::to_string(max_reported_events) + " per run)";
        e.values["unreported"] = static_cast<double>(unreported_);
        on_event_(std::move(e));
    }
    stopped_ = true;
    boost::system::error_code ignored;
    socket_.close(ignored);
    listener_.close(ignored);
}

void NotifyReader::wait_for_listener() {
    socket_.async_wait(asio::posix::stream_descriptor::wait_read, [self = shared_from_this()](boost::system::error_code ec) {
        if (ec || self->stopped_) return;
        self->take_listener();
    });
}

// One message with one SCM_RIGHTS fd; EOF means the program died (or failed) before its
// filter was installed.
void NotifyReader::take_listener() {
    char byte = 0;
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n = ::recvmsg(socket_.native_handle(), &msg, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return wait_for_listener();
    int fd = -1;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); n > 0 && c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS && c->cmsg_len == CMSG_LEN(sizeof(int)))
            std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
    }
    boost::system::error_code ignored;
    socket_.close(ignored);
    if (fd < 0) return;
    listener_.assign(fd);
    wait_for_notification();
}

void NotifyReader::wait_for_notification() {
    listener_.async_wait(asio::posix::stream_descriptor::wait_read,
                         [self = shared_from_this()](boost::system::error_code ec) {
                             if (ec || self->stopped_) return;
                             self->handle_pending();
                         });
}

// RECV blocks while nothing is pending, so it is only called after poll() says POLLIN (a
// request withdrawn in between makes it fail with ENOENT, not block). POLLHUP alone: every
// process of the filter is gone.
void NotifyReader::handle_pending() {
    for (;;) {
        pollfd p{listener_.native_handle(), POLLIN, 0};
        if (::poll(&p, 1, 0) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (!(p.revents & POLLIN)) {
            if (p.revents & (POLLHUP | POLLERR | POLLNVAL)) {
                boost::system::error_code ignored;
                listener_.close(ignored);
                return;
            }
            break;
        }
        if (!answer_one() || stopped_) return;
    }
    wait_for_notification();
}

// Returns false when the listener is unusable (closed under us).
bool NotifyReader::answer_one() {
    const int fd = listener_.native_handle();
    std::fill(request_.begin(), request_.end(), 0);  // RECV refuses a buffer that is not zeroed
    auto* req = reinterpret_cast<seccomp_notif*>(request_.data());
    if (::ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, req) != 0) return errno == ENOENT || errno == EINTR;

    CallFacts call;
    call.syscall = syscall_name(req->data.nr);
    call.pid = static_cast<int>(req->pid);
    std::copy(std::begin(req->data.args), std::end(req->data.args), call.args.begin());
    if (int index = path_argument(call.syscall); index >= 0) {
        call.path = read_c_string(req->pid, req->data.args[index]);
        call.open_flags = open_flags(call.syscall, req->data, static_cast<pid_t>(req->pid));
    } else if (call.syscall == "connect" || call.syscall == "bind") {
        std::size_t length = std::min<std::uint64_t>(req->data.args[2], max_sockaddr);
        if (auto bytes = read_bytes(req->pid, req->data.args[1], length)) call.address = decode_sockaddr(*bytes);
    }
    // What we read is only about this request if it is still pending (the pid may have been
    // reused by now); a dead request gets no answer and no event.
    std::uint64_t id = req->id;
    if (::ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) != 0) return true;
    if (call.syscall.starts_with("execve") && !program_started_) {
        call.program_exec = true;
        program_started_ = true;
    }

    Ruling ruling = judge(call, context_);
    if (ruling.violation && ruling.event) on_violation_(*ruling.event);
    if (ruling.event && !stopped_) {
        if (reported_ < max_reported_events || ruling.violation) {
            ++reported_;
            on_event_(std::move(*ruling.event));
        } else {
            ++unreported_;
        }
    }

    std::fill(response_.begin(), response_.end(), 0);
    auto* resp = reinterpret_cast<seccomp_notif_resp*>(response_.data());
    resp->id = req->id;
    if (ruling.proceed) {
        resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
    } else {
        resp->error = -ruling.error;
    }
    // ENOENT: the caller was interrupted or killed meanwhile; nothing to answer.
    if (::ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, resp) != 0 && errno != ENOENT) return false;
    return true;
}

}  // namespace sandbox::linux_notify
