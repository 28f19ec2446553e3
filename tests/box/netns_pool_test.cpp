// Network namespaces prepared ahead (netns_pool.hpp): each box gets a fresh one it cannot
// reconfigure, and the launching thread comes back to its own.
#include "box_harness.hpp"
#include "netns_pool.hpp"

#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <string>

using namespace box_test;
using sandbox::linux_box::NetnsPool;
using sandbox::linux_box::UniqueFd;

namespace {

ino_t inode_of(int fd) {
    struct stat st{};
    REQUIRE(::fstat(fd, &st) == 0);
    return st.st_ino;
}

ino_t thread_netns() {
    struct stat st{};
    REQUIRE(::stat("/proc/thread-self/ns/net", &st) == 0);
    return st.st_ino;
}

// Asks who owns the box's network namespace (NS_GET_USERNS), then tries to set lo down
// (SIOCSIFFLAGS). Prints the errno name, or "ok" for a step that worked.
const char* const probe_network = R"(
import errno, fcntl, os, socket, struct
def attempt(step):
    try:
        step()
        return "ok"
    except OSError as e:
        return errno.errorcode[e.errno]
ns = os.open("/proc/self/ns/net", os.O_RDONLY)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print(attempt(lambda: fcntl.ioctl(ns, 0xb701)),
      attempt(lambda: fcntl.ioctl(s, 0x8914, struct.pack("16sh", b"lo", 0x8))))
)";

}  // namespace

TEST_CASE("the pool hands out each network namespace once, none of them the host's") {
    if (::geteuid() != 0) return;  // the pool needs CAP_SYS_ADMIN; rootless boxes clone their own
    NetnsPool& pool = NetnsPool::instance();
    const ino_t home = thread_netns();
    pool.refill();
    UniqueFd first = pool.take();
    REQUIRE(first.get() >= 0);
    CHECK(pool.take().get() < 0);  // taken means gone
    pool.refill();
    UniqueFd second = pool.take();
    REQUIRE(second.get() >= 0);
    CHECK(thread_netns() == home);  // refill() came back to the thread's own namespace
    // Both are alive, so their inodes cannot have been recycled.
    CHECK(inode_of(first.get()) != inode_of(second.get()));
    CHECK(inode_of(first.get()) != home);
    CHECK(inode_of(second.get()) != home);
}

TEST_CASE("a box in a prepared network namespace has lo up and does not own the namespace") {
    if (::geteuid() != 0) return;
    NetnsPool::instance().refill();
    const ino_t before = thread_netns();
    BoxRun run = run_box(plan_for({"/usr/bin/python3", "-c", probe_network}));
    CHECK(thread_netns() == before);  // the launching thread is back in its own namespace
    INFO(run.err);
    // The owner is the supervisor's user namespace, out of the box's sight; lo stays up.
    CHECK(run.out == "EPERM EPERM\n");

    BoxRun interfaces = run_box(shell_plan("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; "
                                           "grep -c . /proc/net/if_inet6"));
    CHECK(interfaces.out == "lo\n1\n");  // lo only, up: its ::1 exists only while it is up
}

TEST_CASE("a box that keeps a capability clones its own network namespace") {
    // CAP_NET_BIND_SERVICE acts only on a namespace the box's user namespace owns.
    if (::geteuid() != 0) return;
    NetnsPool::instance().refill();
    BoxPlan plan = plan_for({"/usr/bin/python3", "-c", probe_network});
    plan.keep_caps = {10};  // CAP_NET_BIND_SERVICE
    BoxRun run = run_box(plan);
    INFO(run.err);
    CHECK(run.out.rfind("ok ", 0) == 0);  // NS_GET_USERNS answers: the box owns its network
    NetnsPool::instance().take();  // leave the pool as the other tests found it: empty
}
