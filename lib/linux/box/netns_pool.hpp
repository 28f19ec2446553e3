// A network namespace made ahead of each launch. Creating one is most of what clone(2)
// costs a box (about 0.55 ms of 0.85 ms on the 2-core VM we measure on), so a launch that
// finds one ready borrows it for its clone instead of asking for CLONE_NEWNET.
//
// Each namespace is fresh (only lo, brought up here) and handed out once: no state of one
// box ever reaches another. They belong to the supervisor's user namespace, not the box's:
// the box drops every capability anyway, and even a capability it regained would give it no
// say over its network (routes, addresses, rules, sysctls).
#pragma once

#include "unique_fd.hpp"

#include <unistd.h>

#include <mutex>

namespace sandbox::linux_box {

class NetnsPool {
public:
    static NetnsPool& instance();

    // The namespace made by the last refill(), or an empty fd: none made yet, the host
    // refuses to make one, or this process is a fork of the one that made it.
    UniqueFd take();

    // Makes a namespace for the next launch if none is waiting, on the calling thread
    // (which visits the new namespace meanwhile). The supervisor calls it once its box
    // runs (prepare_next_launch), so the work overlaps the box's own set-up. Never throws:
    // where the thread may not leave or may not come back (no CAP_SYS_ADMIN over the user
    // namespace that owns either namespace) the pool stays empty for good, and boxes clone
    // their own namespace.
    void refill();

    NetnsPool(const NetnsPool&) = delete;
    NetnsPool& operator=(const NetnsPool&) = delete;

private:
    NetnsPool() : owner_(::getpid()) {}
    bool in_owner() const { return ::getpid() == owner_; }

    // A fork of the process (which may have copied the mutex held) leaves the pool alone.
    const pid_t owner_;
    std::mutex mutex_;
    UniqueFd ready_;
    bool making_ = false;  // a refill is under way on some thread
    bool unavailable_ = false;
};

// Makes the calling thread's clone(2) put the child in a namespace from the pool: the
// thread joins it until the object is dropped, then returns to its own. Nothing but the
// clone may run in between.
class BorrowedNetns {
public:
    BorrowedNetns() = default;
    // False, the thread staying where it is, if it cannot join `netns`.
    bool join(int netns);
    // After a join(): back to the thread's own namespace. The pool only holds namespaces
    // made where the way back was open, so this cannot fail while the process keeps its
    // privileges; if it does, the process aborts rather than go on supervising from
    // inside a box's network.
    ~BorrowedNetns();

    BorrowedNetns(const BorrowedNetns&) = delete;
    BorrowedNetns& operator=(const BorrowedNetns&) = delete;

private:
    UniqueFd own_;
};

}  // namespace sandbox::linux_box
