#include "netns_listener.hpp"

#include "../box/unique_fd.hpp"

#include <sandbox/error.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <thread>

namespace sandbox::linux_netproxy {
namespace {

using linux_box::UniqueFd;

struct Outcome {
    int fd = -1;
    const char* step = nullptr;  // set when a step failed
    int err = 0;
};

// Runs on a thread of its own that ends right after: setns(CLONE_NEWNET) changes only the
// calling thread's namespace, and a socket keeps the namespace it was created in, so the
// supervisor's threads never leave the host's network.
void make_listener(int netns_fd, std::uint16_t port, int backlog, Outcome& out) {
    auto fail = [&out](const char* step) { out.step = step, out.err = errno; };
    if (::setns(netns_fd, CLONE_NEWNET) != 0) return fail("setns into the box's network namespace");
    UniqueFd ctl(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    if (ctl.get() < 0) return fail("socket for the loopback interface");
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    if (::ioctl(ctl.get(), SIOCGIFFLAGS, &ifr) != 0) return fail("reading the flags of lo");
    if (!(ifr.ifr_flags & IFF_UP)) {
        ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
        if (::ioctl(ctl.get(), SIOCSIFFLAGS, &ifr) != 0) return fail("bringing lo up");
    }
    UniqueFd sock(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (sock.get() < 0) return fail("socket for the proxy");
    int one = 1;
    ::setsockopt(sock.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(sock.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
        return fail("binding the proxy to 127.0.0.1 in the box");
    if (::listen(sock.get(), backlog) != 0) return fail("listen on the proxy socket");
    out.fd = sock.release();
}

}  // namespace

int listen_in_netns(pid_t pid, std::uint16_t port, int backlog) {
    std::string path = "/proc/" + std::to_string(pid) + "/ns/net";
    UniqueFd netns(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (netns.get() < 0) throw SetupError("egress proxy: cannot open " + path + ": " + std::strerror(errno));
    Outcome out;
    std::thread helper(make_listener, netns.get(), port, backlog, std::ref(out));
    helper.join();
    if (out.fd < 0)
        throw SetupError(std::string("egress proxy: ") + out.step + " (port " + std::to_string(port) +
                         "): " + std::strerror(out.err));
    return out.fd;
}

}  // namespace sandbox::linux_netproxy
