// The supervisor's answer to one seccomp user notification: proceed (only where a kernel
// layer already guarantees the outcome) or fail with an errno, the security event it is
// worth, and whether it ends the box (maximum). Pure: tests feed it facts directly.
#pragma once

#include "path_scope.hpp"
#include "socket_target.hpp"

#include <sandbox/event.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace sandbox::linux_notify {

struct WatchContext {
    bool end_on_violation = false;  // allowlist_kill (maximum)
    PathScope files;                // what the box's mount namespace holds
    std::optional<std::uint16_t> proxy_port;  // the egress proxy on the box's loopback
};

// One notification, with what could be read of its arguments from the box's memory.
struct CallFacts {
    std::string syscall;  // its name on this architecture ("syscall 999" when unknown)
    int pid = 0;          // host pid of the calling thread
    std::array<std::uint64_t, 6> args{};
    std::optional<std::string> path;      // open*, exec*: nullopt when unreadable
    std::optional<std::uint64_t> open_flags;  // open*: O_* flags; nullopt when unreadable (openat2)
    std::optional<SocketTarget> address;  // connect, bind
    bool program_exec = false;            // the box's own program being started
};

struct Ruling {
    bool proceed = false;  // SECCOMP_USER_NOTIF_FLAG_CONTINUE
    int error = 0;         // the call's errno when it does not proceed
    bool violation = false;  // ends the box (maximum): the caller kills before answering
    std::optional<Event> event;  // a security event (kind, type, severity, action, syscall, pid)
};

Ruling judge(const CallFacts& call, const WatchContext& context);

}  // namespace sandbox::linux_notify
