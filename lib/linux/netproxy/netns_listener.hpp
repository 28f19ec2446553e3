// A listening TCP socket on 127.0.0.1:<port> inside another process's network namespace.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace sandbox::linux_netproxy {

// Opens /proc/<pid>/ns/net, brings that namespace's `lo` up if it is down (the box's init does
// it too, but may not have got there yet) and returns a non-blocking, close-on-exec listening
// socket bound to 127.0.0.1:`port` there, owned by the caller. Throws SetupError naming the
// step that failed. Needs CAP_SYS_ADMIN and CAP_NET_ADMIN over the namespace (root, or the
// owner of the box's user namespace).
int listen_in_netns(pid_t pid, std::uint16_t port, int backlog);

}  // namespace sandbox::linux_netproxy
