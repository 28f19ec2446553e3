#include "proc_connector.hpp"

#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sandbox::linux_watchdog {

using linux_box::UniqueFd;

UniqueFd open_proc_connector(std::string& why_not) {
    UniqueFd fd(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_CONNECTOR));
    if (fd.get() < 0) {
        why_not = std::string("netlink connector socket: ") + std::strerror(errno);
        return {};
    }
    sockaddr_nl addr{};
    addr.nl_family = AF_NETLINK;
    addr.nl_groups = CN_IDX_PROC;
    if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        why_not = std::string("binding the process events connector: ") + std::strerror(errno);
        return {};
    }
    // nlmsghdr, then cn_msg, then the operation in cn_msg's trailing data.
    const proc_cn_mcast_op op = PROC_CN_MCAST_LISTEN;
    alignas(nlmsghdr) char request[NLMSG_SPACE(sizeof(cn_msg) + sizeof op)] = {};
    auto* header = reinterpret_cast<nlmsghdr*>(request);
    header->nlmsg_len = NLMSG_LENGTH(sizeof(cn_msg) + sizeof op);
    header->nlmsg_type = NLMSG_DONE;
    auto* message = static_cast<cn_msg*>(NLMSG_DATA(header));
    message->id = {CN_IDX_PROC, CN_VAL_PROC};
    message->len = sizeof op;
    std::memcpy(message->data, &op, sizeof op);
    if (::send(fd.get(), request, header->nlmsg_len, 0) != static_cast<ssize_t>(header->nlmsg_len)) {
        why_not = std::string("subscribing to process events: ") + std::strerror(errno);
        return {};
    }
    return fd;
}

std::vector<ProcEvent> read_proc_events(int fd) {
    std::vector<ProcEvent> events;
    alignas(nlmsghdr) char buffer[16384];
    for (;;) {
        ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == ENOBUFS) {
                events.push_back({});
                continue;
            }
            break;  // EAGAIN: drained
        }
        for (auto* h = reinterpret_cast<nlmsghdr*>(buffer); NLMSG_OK(h, static_cast<unsigned>(n));
             h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type != NLMSG_DONE) continue;
            auto* message = static_cast<cn_msg*>(NLMSG_DATA(h));
            if (message->id.idx != CN_IDX_PROC || message->len < sizeof(proc_event)) continue;
            auto* event = reinterpret_cast<proc_event*>(message->data);
            ProcEvent e;
            switch (event->what) {
                case proc_event::PROC_EVENT_FORK:
                    // A new thread is no new process.
                    if (event->event_data.fork.child_pid != event->event_data.fork.child_tgid) continue;
                    e = {ProcEvent::fork, event->event_data.fork.child_tgid, event->event_data.fork.parent_tgid};
                    break;
                case proc_event::PROC_EVENT_EXEC:
                    e = {ProcEvent::exec, event->event_data.exec.process_tgid, 0};
                    break;
                case proc_event::PROC_EVENT_EXIT:
                    e = {ProcEvent::exit, event->event_data.exit.process_tgid, 0};
                    break;
                case proc_event::PROC_EVENT_PTRACE:
                    e = {ProcEvent::ptrace, event->event_data.ptrace.process_tgid,
                         event->event_data.ptrace.tracer_tgid};
                    break;
                default:
                    continue;
            }
            events.push_back(e);
        }
    }
    return events;
}

}  // namespace sandbox::linux_watchdog
