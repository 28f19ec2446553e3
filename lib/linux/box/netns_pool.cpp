#include "netns_pool.hpp"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sandbox::linux_box {
namespace {

UniqueFd open_thread_netns() {
    return UniqueFd(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
}

[[noreturn]] void abort_outside_home() {
    std::fprintf(stderr, "rusty-sandbox: cannot return to the supervisor's network namespace: %s\n",
                 std::strerror(errno));
    std::abort();
}

bool bring_up_loopback() {
    UniqueFd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (sock.get() < 0) return false;
    ifreq ifr{};
    std::strcpy(ifr.ifr_name, "lo");
    ifr.ifr_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
    return ::ioctl(sock.get(), SIOCSIFFLAGS, &ifr) == 0;
}

// A new namespace with lo up, made from this thread, which then goes back home. Empty if
// the host refuses, or if the way back would be closed: root in a user namespace of its own
// that shares the host's network (a container with host networking) may create a namespace
// but not return to one its user namespace does not own. Joining the namespace the thread
// is already in needs the same privilege as coming back to it, and changes nothing.
UniqueFd make_netns() {
    UniqueFd home = open_thread_netns();
    if (home.get() < 0 || ::setns(home.get(), CLONE_NEWNET) != 0 || ::unshare(CLONE_NEWNET) != 0) return {};
    UniqueFd made = bring_up_loopback() ? open_thread_netns() : UniqueFd();
    if (::setns(home.get(), CLONE_NEWNET) != 0) abort_outside_home();
    return made;
}

}  // namespace

// Never destroyed: a supervisor thread may still launch while the process exits.
NetnsPool& NetnsPool::instance() {
    static NetnsPool* pool = new NetnsPool;
    return *pool;
}

UniqueFd NetnsPool::take() {
    if (!in_owner()) return {};
    std::lock_guard lock(mutex_);
    return std::move(ready_);
}

void NetnsPool::refill() {
    if (!in_owner()) return;
    {
        std::lock_guard lock(mutex_);
        if (unavailable_ || making_ || ready_.get() >= 0) return;
        making_ = true;
    }
    UniqueFd made = make_netns();
    std::lock_guard lock(mutex_);
    making_ = false;
    if (made.get() < 0)
        unavailable_ = true;
    else
        ready_ = std::move(made);
}

bool BorrowedNetns::join(int netns) {
    own_ = open_thread_netns();
    if (own_.get() >= 0 && ::setns(netns, CLONE_NEWNET) == 0) return true;
    own_.reset();
    return false;
}

BorrowedNetns::~BorrowedNetns() {
    if (own_.get() >= 0 && ::setns(own_.get(), CLONE_NEWNET) != 0) abort_outside_home();
}

}  // namespace sandbox::linux_box
