// The supervisor's rulings on notifications, fed facts directly (no box).
#include "notify_judge.hpp"
#include "path_scope.hpp"
#include "socket_target.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

using namespace sandbox;
using namespace sandbox::linux_notify;

namespace {

WatchContext context(bool maximum, std::optional<std::uint16_t> proxy = std::nullopt) {
    WatchContext c;
    c.end_on_violation = maximum;
    c.files = PathScope({"/usr", "/work", "/tmp", "/proc", "/dev", "/etc/ssl"});
    c.proxy_port = proxy;
    return c;
}

CallFacts call(std::string name) {
    CallFacts f;
    f.syscall = std::move(name);
    f.pid = 4242;
    return f;
}

std::string inet(const char* ip, std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    ::inet_pton(AF_INET, ip, &a.sin_addr);
    return std::string(reinterpret_cast<const char*>(&a), sizeof a);
}

CallFacts connect_to(std::string bytes) {
    CallFacts f = call("connect");
    f.address = decode_sockaddr(bytes);
    return f;
}

}  // namespace

TEST_CASE("normalize_path and PathScope") {
    CHECK(normalize_path("/a/./b/../c//") == "/a/c");
    CHECK(normalize_path("/../..") == "/");
    PathScope scope({"/usr", "/work"});
    CHECK(scope.contains("/usr/lib/x"));
    CHECK(scope.contains("/work"));
    CHECK(scope.contains("relative/path"));
    CHECK(scope.contains("/"));
    CHECK_FALSE(scope.contains("/home"));
    CHECK_FALSE(scope.contains("/usrx/a"));
    CHECK_FALSE(scope.contains("/etc/shadow"));
    CHECK_FALSE(scope.contains("/work/../etc/shadow"));
}

TEST_CASE("decode_sockaddr names inet, unix, abstract and netlink targets") {
    auto t = decode_sockaddr(inet("127.0.0.1", 3128));
    CHECK(t.text == "127.0.0.1:3128");
    CHECK(t.loopback);
    CHECK(t.port == 3128);
    sockaddr_un u{};
    u.sun_family = AF_UNIX;
    std::memcpy(u.sun_path + 1, "evil", 4);
    auto abs = decode_sockaddr(std::string(reinterpret_cast<const char*>(&u), offsetof(sockaddr_un, sun_path) + 5));
    CHECK(abs.abstract_unix);
    CHECK(abs.text == "unix:@evil");
    CHECK(decode_sockaddr("").family == -1);
    CHECK(decode_sockaddr(inet("1.2.3.4", 80).substr(0, 4)).text.find("short") != std::string::npos);
}

TEST_CASE("open: inside the scope proceeds silently; outside is a denied file_access event") {
    auto inside = call("openat");
    inside.path = "/usr/lib/python3.11/os.py";
    inside.open_flags = O_RDONLY;
    CHECK(judge(inside, context(false)).proceed);
    CHECK_FALSE(judge(inside, context(false)).event);

    auto shadow = call("openat");
    shadow.path = "/etc/shadow";
    shadow.open_flags = O_RDONLY;
    Ruling r = judge(shadow, context(false));
    CHECK_FALSE(r.proceed);
    CHECK(r.error == EPERM);
    REQUIRE(r.event);
    CHECK(r.event->type == SecurityEventType::file_access);
    CHECK(r.event->severity == Severity::high);
    CHECK(r.event->action == EventAction::denied);
    CHECK(r.event->syscall == "openat");
    CHECK(r.event->pid == 4242);
    CHECK(r.event->labels.at("target") == "/etc/shadow");
    CHECK_FALSE(r.violation);

    Ruling at_max = judge(shadow, context(true));
    CHECK(at_max.violation);
    CHECK(at_max.event->action == EventAction::killed);

    auto probe = call("openat");
    probe.path = "/etc/gai.conf";  // not held by the box, not sensitive: the kernel says ENOENT
    probe.open_flags = O_RDONLY;
    CHECK(judge(probe, context(true)).proceed);
    CHECK_FALSE(judge(probe, context(true)).event);
    auto limits = call("openat");
    limits.path = "/sys/fs/cgroup/memory/memory.limit_in_bytes";  // a runtime sizing its heap
    limits.open_flags = O_RDONLY;
    CHECK(judge(limits, context(true)).proceed);

    auto write = call("openat");
    write.path = "/etc/cron.d/evil";
    write.open_flags = O_WRONLY | O_CREAT;
    Ruling w = judge(write, context(false));
    CHECK(w.error == EPERM);
    CHECK(w.event->type == SecurityEventType::file_access);
    CHECK(w.event->severity == Severity::medium);
    CHECK(judge(write, context(true)).violation);
    auto unknown_flags = call("openat2");
    unknown_flags.path = "/etc/hostname";
    CHECK_FALSE(judge(unknown_flags, context(false)).proceed);  // unreadable flags: judged as a write
}

TEST_CASE("connect: only the proxy proceeds; unix paths and netlink proceed; the rest is denied") {
    CHECK(judge(connect_to(inet("127.0.0.1", 3128)), context(false, 3128)).proceed);
    Ruling other = judge(connect_to(inet("127.0.0.1", 8080)), context(false, 3128));
    CHECK(other.error == EPERM);
    CHECK(other.event->type == SecurityEventType::network);
    CHECK(other.event->severity == Severity::medium);
    CHECK(other.event->labels.at("target") == "127.0.0.1:8080");
    CHECK(judge(connect_to(inet("127.0.0.1", 3128)), context(false)).error == EPERM);  // no proxy planned

    sockaddr_un u{};
    u.sun_family = AF_UNIX;
    std::strcpy(u.sun_path, "/work/sock");
    CHECK(judge(connect_to(std::string(reinterpret_cast<const char*>(&u), sizeof u)), context(true)).proceed);
    u.sun_path[0] = '\0';
    Ruling abs = judge(connect_to(std::string(reinterpret_cast<const char*>(&u), sizeof u)), context(true));
    CHECK(abs.violation);
    CHECK(abs.event->type == SecurityEventType::network);

    CallFacts unreadable = call("connect");
    CHECK(judge(unreadable, context(true)).proceed);  // the kernel fails it with EFAULT
}

TEST_CASE("execve: the program's own exec is silent, later ones are allowed and reported") {
    auto first = call("execve");
    first.path = "/usr/bin/python3";
    first.program_exec = true;
    CHECK(judge(first, context(true)).proceed);
    CHECK_FALSE(judge(first, context(true)).event);
    auto later = call("execve");
    later.path = "/bin/true";
    Ruling r = judge(later, context(true));
    CHECK(r.proceed);
    REQUIRE(r.event);
    CHECK(r.event->type == SecurityEventType::process);
    CHECK(r.event->severity == Severity::info);
    CHECK(r.event->action == EventAction::allowed);
}

TEST_CASE("kill -1 is denied; a process group of the box proceeds") {
    auto all = call("kill");
    all.args[0] = static_cast<std::uint64_t>(-1);
    Ruling r = judge(all, context(false));
    CHECK(r.error == EPERM);
    CHECK(r.event->type == SecurityEventType::process);
    CHECK(r.event->severity == Severity::high);
    auto group = call("kill");
    group.args[0] = static_cast<std::uint64_t>(-7);
    CHECK(judge(group, context(true)).proceed);
}

TEST_CASE("unlisted calls: known dangerous ones EPERM with their class, unknown ones ENOSYS") {
    Ruling ptrace = judge(call("ptrace"), context(false));
    CHECK(ptrace.error == EPERM);
    CHECK(ptrace.event->type == SecurityEventType::privilege);
    CHECK(ptrace.event->severity == Severity::high);
    Ruling setns = judge(call("setns"), context(false));
    CHECK(setns.event->type == SecurityEventType::escape);
    CHECK(setns.event->severity == Severity::critical);
    Ruling odd = judge(call("sched_rr_get_interval"), context(false));
    CHECK(odd.error == ENOSYS);
    CHECK(odd.event->type == SecurityEventType::syscall);
    Ruling odd_max = judge(call("sched_rr_get_interval"), context(true));
    CHECK(odd_max.violation);
    CHECK(odd_max.event->detail.find("sched_rr_get_interval") != std::string::npos);
    auto tiocsti = call("ioctl");
    tiocsti.args[1] = TIOCSTI;
    CHECK(judge(tiocsti, context(false)).event->severity == Severity::high);
    auto odd_ioctl = call("ioctl");
    odd_ioctl.args[1] = 0x1234;
    CHECK(judge(odd_ioctl, context(false)).error == ENOTTY);
    auto ns_clone = call("clone");
    ns_clone.args[0] = 0x10000000;  // CLONE_NEWUSER
    CHECK(judge(ns_clone, context(false)).event->type == SecurityEventType::escape);
}
