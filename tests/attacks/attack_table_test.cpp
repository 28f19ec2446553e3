// Every hostile probe at every level, through the public API: the table of attack x level
// -> outcome (contained; status; the errno the call got; the seccomp event's type and
// severity). Basic shares the host's network and ids by design: rows say what it gives.
#include <sandbox/sandbox.hpp>

#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using sandbox::SecurityEventType;
using sandbox::SecurityLevel;
using sandbox::Severity;
using sandbox::Status;
using T = SecurityEventType;
using S = Severity;

const std::string probe_dir = PROBE_DIR;
constexpr int any_error = -1;  // the call failed, whatever the errno
constexpr int not_run = -2;    // the row is not run at this level (see its comment)

struct Event {
    T type;
    S severity;
};

struct Outcome {
    Status status;
    int error;                  // what the call returned (0 = it worked), at maximum unchecked
    std::optional<Event> event; // the seccomp event; none: no seccomp event at all
};

struct Attack {
    std::string name, tool, action, syscall;
    Outcome basic, standard, enhanced, maximum;
};

const Outcome killed_at_max(Event e) { return {Status::security_violation, any_error, e}; }

// {port} and {abstract} are the host services the test opens.
std::vector<Attack> attacks() {
    const Outcome denied_quietly{Status::ok, EPERM, std::nullopt};
    return {
        {"read /etc/shadow", "notify_probe", "open:/etc/shadow", "openat",
         {Status::ok, EACCES, std::nullopt}, {Status::ok, ENOENT, std::nullopt},
         {Status::ok, EPERM, Event{T::file_access, S::high}}, killed_at_max({T::file_access, S::high})},
        {"write outside the workdir", "notify_probe", "write:/etc/rsb-attack", "openat",
         {Status::ok, EACCES, std::nullopt}, {Status::ok, any_error, std::nullopt},
         {Status::ok, EPERM, Event{T::file_access, S::medium}}, killed_at_max({T::file_access, S::medium})},
        // Inside a bound tree the kernel layers answer (read-only bind, Landlock) and the
        // supervisor lets it through: contained, no seccomp event.
        {"write into a read-only bind", "notify_probe", "write:/usr/rsb-attack", "openat",
         {Status::ok, EACCES, std::nullopt}, {Status::ok, any_error, std::nullopt},
         {Status::ok, any_error, std::nullopt}, {Status::ok, any_error, std::nullopt}},
        {"read a host home", "notify_probe", "open:/root", "openat",
         {Status::ok, any_error, std::nullopt}, {Status::ok, ENOENT, std::nullopt},
         {Status::ok, EPERM, Event{T::file_access, S::high}}, killed_at_max({T::file_access, S::high})},
        // basic shares the host's network: reaching a host loopback service is expected there.
        {"connect to a host loopback service", "notify_probe", "connect_tcp:127.0.0.1:{port}", "connect",
         {Status::ok, 0, std::nullopt}, {Status::ok, ECONNREFUSED, std::nullopt},
         {Status::ok, EPERM, Event{T::network, S::medium}}, killed_at_max({T::network, S::medium})},
        {"connect to a host abstract unix socket", "notify_probe", "connect_abstract:{abstract}", "connect",
         {Status::ok, 0, std::nullopt}, {Status::ok, ECONNREFUSED, std::nullopt},
         {Status::ok, EPERM, Event{T::network, S::medium}}, killed_at_max({T::network, S::medium})},
        {"listen on a TCP port", "notify_probe", "bind_tcp:8080", "bind",
         {Status::ok, not_run, std::nullopt}, {Status::ok, 0, std::nullopt},
         {Status::ok, EPERM, Event{T::network, S::medium}}, killed_at_max({T::network, S::medium})},
        {"ptrace", "syscall_probe", "ptrace", "ptrace",
         {Status::ok, ESRCH, std::nullopt}, denied_quietly,
         {Status::ok, EPERM, Event{T::privilege, S::high}}, killed_at_max({T::privilege, S::high})},
        {"mount", "syscall_probe", "mount", "mount",
         {Status::ok, any_error, std::nullopt}, denied_quietly,
         {Status::ok, EPERM, Event{T::privilege, S::high}}, killed_at_max({T::privilege, S::high})},
        // A user namespace made at basic grants nothing on the host: contained by the kernel.
        {"unshare a user namespace", "syscall_probe", "unshare", "unshare",
         {Status::ok, 0, std::nullopt}, denied_quietly,
         {Status::ok, EPERM, Event{T::escape, S::high}}, killed_at_max({T::escape, S::high})},
        {"clone3-free clone with CLONE_NEWUSER", "syscall_probe", "clone_newuser", "clone",
         {Status::ok, 0, std::nullopt}, denied_quietly,
         {Status::ok, EPERM, Event{T::escape, S::high}}, killed_at_max({T::escape, S::high})},
        // Critical calls (setns, kexec_load): enhanced's breach response ends the box on them.
        {"setns", "syscall_probe", "setns", "setns",
         {Status::ok, EBADF, std::nullopt}, denied_quietly,
         {Status::security_violation, EPERM, Event{T::escape, S::critical}}, killed_at_max({T::escape, S::critical})},
        {"bpf", "syscall_probe", "bpf", "bpf",
         {Status::ok, any_error, std::nullopt}, denied_quietly,
         {Status::ok, EPERM, Event{T::privilege, S::high}}, killed_at_max({T::privilege, S::high})},
        {"perf_event_open", "syscall_probe", "perf_event_open", "perf_event_open",
         {Status::ok, any_error, std::nullopt}, denied_quietly,
         {Status::ok, EPERM, Event{T::privilege, S::high}}, killed_at_max({T::privilege, S::high})},
        {"keyctl", "syscall_probe", "keyctl", "keyctl",
         {Status::ok, any_error, std::nullopt}, denied_quietly,
         {Status::ok, EPERM, Event{T::privilege, S::medium}}, killed_at_max({T::privilege, S::medium})},
        {"kexec_load", "syscall_probe", "kexec_load", "kexec_load",
         {Status::ok, any_error, std::nullopt}, denied_quietly,
         {Status::security_violation, any_error, Event{T::privilege, S::critical}},
         killed_at_max({T::privilege, S::critical})},
        {"TIOCSTI", "syscall_probe", "tiocsti", "ioctl",
         {Status::ok, ENOTTY, std::nullopt}, denied_quietly,
         {Status::ok, EPERM, Event{T::privilege, S::high}}, killed_at_max({T::privilege, S::high})},
        // kill(-1) at basic would reach every host process of the box's uid: not run there.
        // At standard the pid namespace holds nobody else to signal (ESRCH).
        {"kill -9 -1", "notify_probe", "kill_all", "kill",
         {Status::ok, not_run, std::nullopt}, {Status::ok, ESRCH, std::nullopt},
         {Status::ok, EPERM, Event{T::process, S::high}}, killed_at_max({T::process, S::high})},
        {"personality(ADDR_NO_RANDOMIZE)", "notify_probe", "personality:0040000", "personality",
         {Status::ok, 0, std::nullopt}, denied_quietly,
         {Status::ok, EPERM, Event{T::privilege, S::low}}, killed_at_max({T::privilege, S::low})},
        {"a call on no allowlist", "notify_probe", "unlisted", "sched_rr_get_interval",
         {Status::ok, 0, std::nullopt}, {Status::ok, 0, std::nullopt},
         {Status::ok, ENOSYS, Event{T::syscall, S::low}}, killed_at_max({T::syscall, S::low})},
    };
}

std::string replace(std::string text, const std::string& key, const std::string& value) {
    if (auto at = text.find(key); at != std::string::npos) text.replace(at, key.size(), value);
    return text;
}

int errno_of(const std::string& out, const std::string& action) {
    std::istringstream in(out);
    std::string name, field;
    while (in >> name) {
        if (name == action && in >> field) return std::stoi(field.substr(field.find('=') + 1));
    }
    return not_run;
}

// Host services a contained box must not reach: a TCP listener and an abstract socket.
struct HostServices {
    int tcp = -1, unix_abstract = -1;
    int port = 0;
    std::string abstract_name = "rsb-attack-table-" + std::to_string(::getpid());
    HostServices() {
        tcp = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        REQUIRE(::bind(tcp, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        REQUIRE(::listen(tcp, 64) == 0);
        REQUIRE(::getsockname(tcp, reinterpret_cast<sockaddr*>(&a), &len) == 0);
        port = ntohs(a.sin_port);
        unix_abstract = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un u{};
        u.sun_family = AF_UNIX;
        std::memcpy(u.sun_path + 1, abstract_name.data(), abstract_name.size());
        auto ulen = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + abstract_name.size());
        REQUIRE(::bind(unix_abstract, reinterpret_cast<sockaddr*>(&u), ulen) == 0);
        REQUIRE(::listen(unix_abstract, 64) == 0);
    }
    ~HostServices() {
        ::close(tcp);
        ::close(unix_abstract);
    }
};

}  // namespace

TEST_CASE("attack table: each attack at each level is contained with the expected status and event") {
    HostServices host;
    for (const Attack& attack : attacks()) {
        std::string action = replace(replace(attack.action, "{port}", std::to_string(host.port)), "{abstract}",
                                     host.abstract_name);
        const std::pair<SecurityLevel, Outcome> levels[] = {{SecurityLevel::basic, attack.basic},
                                                            {SecurityLevel::standard, attack.standard},
                                                            {SecurityLevel::enhanced, attack.enhanced},
                                                            {SecurityLevel::maximum, attack.maximum}};
        for (const auto& [level, expected] : levels) {
            if (expected.error == not_run) continue;
            auto policy = sandbox::SecurityPolicy::for_level(level);
            policy.readonly_paths.push_back(probe_dir);
            policy.limits.wall_timeout_ms = 30'000;
            // The build tree lives under /work: at basic, paths under the workdir are moved to
            // the run's host temp dir, so the workdir is put elsewhere.
            policy.workdir = "/rsb-work";
            sandbox::Command command;
            command.argv = {probe_dir + "/" + attack.tool, action};
            sandbox::Result r = sandbox::Sandbox(policy).run(command);
            INFO(attack.name, " at ", sandbox::to_string(level), ": ", r.to_json());
            CHECK(r.status == expected.status);
            int got = errno_of(r.stdout_data, action);
            if (expected.status == Status::security_violation) {
                CHECK(got == not_run);  // the box ended before the call returned
                CHECK(r.message.find(attack.syscall) != std::string::npos);
            } else if (expected.error == any_error) {
                CHECK(got > 0);
            } else {
                CHECK(got == expected.error);
            }
            const sandbox::Event* seen = nullptr;
            for (const auto& e : r.events)
                if (e.kind == sandbox::EventKind::security && e.name == "seccomp" && e.syscall == attack.syscall) seen = &e;
            if (expected.event) {
                REQUIRE(seen);
                CHECK(seen->type == expected.event->type);
                CHECK(seen->severity == expected.event->severity);
                CHECK(seen->pid > 0);
            } else {
                CHECK(seen == nullptr);
            }
        }
    }
}
