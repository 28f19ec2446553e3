// The kernel's process events connector (NETLINK_CONNECTOR, CN_IDX_PROC): fork, exec, exit and
// ptrace events of every process on the host, as they happen. Needs CAP_NET_ADMIN in the
// initial user namespace; without it the watchdog scans on its interval only.
#pragma once

#include "../box/unique_fd.hpp"

#include <string>
#include <vector>

namespace sandbox::linux_watchdog {

struct ProcEvent {
    enum What { fork, exec, exit, ptrace, other } what = other;
    int pid = 0;     // the process (thread group id) it is about: the child of a fork
    int other_pid = 0;  // fork: the parent; ptrace: the tracer (0 on detach)
};

// A subscribed, non-blocking connector socket. On failure returns an invalid fd and says why
// in `why_not`.
linux_box::UniqueFd open_proc_connector(std::string& why_not);

// Reads every queued message (non-blocking) and decodes the process events in them. Empty once
// drained. A lost-message error (ENOBUFS: the socket overflowed) appends an `other` event so
// the caller re-scans.
std::vector<ProcEvent> read_proc_events(int fd);

}  // namespace sandbox::linux_watchdog
