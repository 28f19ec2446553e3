#include "notify_judge.hpp"

#include <sandbox/breach.hpp>

#include <fcntl.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>

namespace sandbox::linux_notify {
namespace {

using T = SecurityEventType;
using S = Severity;

std::string hex(std::uint64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

std::string call_text(const CallFacts& call, int shown_args) {
    std::string text = call.syscall + "(";
    for (int i = 0; i < shown_args; ++i) text += (i ? ", " : "") + hex(call.args[static_cast<std::size_t>(i)]);
    return text + ")";
}

Event make_event(const CallFacts& call, Classification c, EventAction action, const std::string& target,
                 const std::string& detail) {
    Event e;
    e.kind = EventKind::security;
    e.name = "seccomp";
    e.type = c.type;
    e.severity = c.severity;
    e.action = action;
    e.syscall = call.syscall;
    e.pid = call.pid;
    e.detail = detail;
    if (!target.empty()) e.labels["target"] = target;
    return e;
}

// A denial. At maximum it is a violation: the box ends.
Ruling deny(const CallFacts& call, const WatchContext& ctx, int error, Classification c, const std::string& target,
            const std::string& why) {
    Ruling r;
    r.error = error;
    r.violation = ctx.end_on_violation;
    std::string detail = call_text(call, 4) + (target.empty() ? "" : " on " + target) + " denied: " + why;
    if (r.violation) detail += "; the box is ended (maximum level)";
    r.event = make_event(call, c, r.violation ? EventAction::killed : EventAction::denied, target, detail);
    return r;
}

Ruling proceed() {
    Ruling r;
    r.proceed = true;
    return r;
}

bool writes(const CallFacts& call) {
    if (!call.open_flags) return true;  // unknown: judged as the stronger request
    const std::uint64_t flags = *call.open_flags;
    return (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)) != 0;
}

// Runtimes read /sys/fs/cgroup for their memory and CPU limits (node, the JVM, Go); the box
// has no /sys, so they get ENOENT from the kernel.
bool is_limit_probe(const std::string& normalized) { return normalized.starts_with("/sys/fs/cgroup/"); }

Ruling judge_open(const CallFacts& call, const WatchContext& ctx) {
    // Unreadable: the kernel will fail the open on the same bad pointer (EFAULT).
    if (!call.path || ctx.files.contains(*call.path)) return proceed();
    const std::string path = normalize_path(*call.path);
    const bool write = writes(call);
    // Outside what the box holds, the mount namespace guarantees the answer (ENOENT): a
    // plain read probe (glibc looking for /etc/passwd, a runtime for its cgroup limits)
    // proceeds unreported. A sensitive path or any write is an attempt worth reporting.
    if (!write && (!is_sensitive_path(path) || is_limit_probe(path))) return proceed();
    Classification c = classify_syscall(call.syscall, path);
    c.type = T::file_access;
    if (write && c.severity < S::medium) c.severity = S::medium;
    return deny(call, ctx, EPERM, c, path,
                std::string(write ? "write" : "read") + " outside the box's file allowlist");
}

Ruling judge_exec(const CallFacts& call) {
    // The mount namespace and Landlock's execute rights decide what can run.
    Ruling r = proceed();
    if (call.program_exec) return r;
    std::string target = call.path.value_or("(unreadable path)");
    r.event = make_event(call, {T::process, S::info}, EventAction::allowed, target,
                         call.syscall + " of " + target + " (what it may run: mount namespace and Landlock)");
    return r;
}

Ruling judge_socket(const CallFacts& call, const WatchContext& ctx) {
    if (!call.address) return proceed();  // unreadable: the kernel fails it with EFAULT
    const SocketTarget& a = *call.address;
    const bool is_connect = call.syscall == "connect";
    // Unix paths exist only where the mount namespace put them; netlink is the box's own
    // network namespace; AF_UNSPEC dissolves a datagram association.
    if ((a.family == AF_UNIX && !a.abstract_unix) || a.family == AF_NETLINK || a.family == AF_UNSPEC)
        return proceed();
    if (is_connect && ctx.proxy_port && a.family == AF_INET && a.loopback && a.port == *ctx.proxy_port)
        return proceed();
    Classification c = classify_syscall(call.syscall, a.text);
    c.type = T::network;
    if (a.abstract_unix) {
        return deny(call, ctx, EPERM, c, a.text, "abstract unix sockets may reach the host's namespace");
    }
    std::string why = is_connect ? (ctx.proxy_port ? "only the egress proxy on 127.0.0.1:" +
                                                         std::to_string(*ctx.proxy_port) + " is reachable"
                                                   : "the box has no network")
                                 : "the box may not listen on the network";
    return deny(call, ctx, EPERM, c, a.text, why);
}

}  // namespace

Ruling judge(const CallFacts& call, const WatchContext& ctx) {
    const std::string& name = call.syscall;
    if (name == "open" || name == "openat" || name == "openat2") return judge_open(call, ctx);
    if (name == "execve" || name == "execveat") return judge_exec(call);
    if (name == "connect" || name == "bind") return judge_socket(call, ctx);
    if (name == "kill") {
        // Only pids below zero reach here (the filter passes the rest): a process group of
        // the box proceeds (the pid namespace holds it); -1 is every process the box can see.
        if (static_cast<int>(call.args[0]) != -1) return proceed();
        return deny(call, ctx, EPERM, {T::process, S::high}, "all processes",
                    "a signal to every process (kill -1)");
    }
    if (name == "clone") {
        return deny(call, ctx, EPERM, {T::escape, S::high}, "",
                    "clone with namespace flags " + hex(call.args[0] & (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS |
                                                                          CLONE_NEWIPC | CLONE_NEWUSER |
                                                                          CLONE_NEWPID | CLONE_NEWNET)));
    }
    if (name == "ioctl") {
        const auto cmd = static_cast<std::uint32_t>(call.args[1]);
        if (cmd == TIOCSTI || cmd == TIOCLINUX)
            return deny(call, ctx, EPERM, {T::privilege, S::high}, "", "terminal input injection");
        return deny(call, ctx, ENOTTY, {T::syscall, S::low}, "", "ioctl command not on the allowlist");
    }
    Classification c = classify_syscall(name);
    // A call with a known meaning is refused (EPERM); one the runtime simply was not seen to
    // use looks like an older kernel (ENOSYS), which libraries fall back from.
    const bool known = !(c.type == T::syscall && c.severity == S::low);
    return deny(call, ctx, known ? EPERM : ENOSYS, c, "", "not on the runtime's allowlist");
}

}  // namespace sandbox::linux_notify
