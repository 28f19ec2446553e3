// Seccomp allowlists and user notifications through the public API: each watched call from
// a hostile program at enhanced (denied, reported) and maximum (the box ends, the result
// names the call); runtimes still run; the reader leaks no descriptor.
#include "../open_fds.hpp"

#include <sandbox/sandbox.hpp>

#include <doctest/doctest.h>

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using sandbox::EventAction;
using sandbox::SecurityEventType;
using sandbox::SecurityLevel;
using sandbox::Severity;
using sandbox::Status;

const std::string probe_dir = PROBE_DIR;

sandbox::SecurityPolicy at(SecurityLevel level) {
    auto policy = sandbox::SecurityPolicy::for_level(level);
    policy.readonly_paths.push_back(probe_dir);
    policy.limits.wall_timeout_ms = 30'000;
    return policy;
}

sandbox::Result run(SecurityLevel level, std::vector<std::string> argv) {
    sandbox::Command command;
    command.argv = std::move(argv);
    return sandbox::Sandbox(at(level)).run(command);
}

sandbox::Result probe(SecurityLevel level, const std::string& tool, std::vector<std::string> actions) {
    std::vector<std::string> argv = {probe_dir + "/" + tool};
    argv.insert(argv.end(), actions.begin(), actions.end());
    return run(level, argv);
}

std::map<std::string, int> parse(const std::string& out) {
    std::map<std::string, int> result;
    std::istringstream in(out);
    std::string name, field;
    while (in >> name) {
        if (name == "done" || !(in >> field)) continue;
        result[name] = std::stoi(field.substr(field.find('=') + 1));
    }
    return result;
}

// The seccomp event for `syscall`, or nullptr.
const sandbox::Event* seccomp_event(const sandbox::Result& r, const std::string& syscall) {
    for (const auto& e : r.events)
        if (e.kind == sandbox::EventKind::security && e.name == "seccomp" && e.syscall == syscall) return &e;
    return nullptr;
}

struct Watched {
    std::string tool, action, syscall;
    int error;
    SecurityEventType type;
    Severity severity;
};

// Each hostile call, what it gets at enhanced, and how it is classified.
const std::vector<Watched> watched = {
    {"notify_probe", "connect_tcp:127.0.0.1:8080", "connect", EPERM, SecurityEventType::network, Severity::medium},
    {"notify_probe", "connect_tcp:10.0.0.1:80", "connect", EPERM, SecurityEventType::network, Severity::medium},
    {"notify_probe", "bind_tcp:8080", "bind", EPERM, SecurityEventType::network, Severity::medium},
    {"notify_probe", "connect_abstract:host-service", "connect", EPERM, SecurityEventType::network, Severity::medium},
    {"notify_probe", "open:/etc/shadow", "openat", EPERM, SecurityEventType::file_access, Severity::high},
    {"notify_probe", "open:/home", "openat", EPERM, SecurityEventType::file_access, Severity::high},
    {"notify_probe", "write:/etc/rsb-attack", "openat", EPERM, SecurityEventType::file_access, Severity::medium},
    {"notify_probe", "kill_all", "kill", EPERM, SecurityEventType::process, Severity::high},
    {"notify_probe", "unlisted", "sched_rr_get_interval", ENOSYS, SecurityEventType::syscall, Severity::low},
    {"notify_probe", "personality:0040000", "personality", EPERM, SecurityEventType::privilege, Severity::low},
    {"syscall_probe", "ptrace", "ptrace", EPERM, SecurityEventType::privilege, Severity::high},
    {"syscall_probe", "mount", "mount", EPERM, SecurityEventType::privilege, Severity::high},
    {"syscall_probe", "unshare", "unshare", EPERM, SecurityEventType::escape, Severity::high},
    {"syscall_probe", "clone_newuser", "clone", EPERM, SecurityEventType::escape, Severity::high},
    {"syscall_probe", "bpf", "bpf", EPERM, SecurityEventType::privilege, Severity::high},
    {"syscall_probe", "tiocsti", "ioctl", EPERM, SecurityEventType::privilege, Severity::high},
};

std::string read_file(const char* path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    REQUIRE_MESSAGE(in, path);
    return text.str();
}

// Host pids whose command line holds `marker`.
std::vector<int> processes_with(const std::string& marker) {
    std::vector<int> found;
    DIR* d = ::opendir("/proc");
    while (dirent* entry = ::readdir(d)) {
        int pid = std::atoi(entry->d_name);
        if (pid <= 0) continue;
        std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline");
        std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (cmdline.find(marker) != std::string::npos) found.push_back(pid);
    }
    ::closedir(d);
    return found;
}

}  // namespace

TEST_CASE("enhanced: each watched call is denied, reported with type, severity, pid and syscall") {
    for (const auto& w : watched) {
        INFO(w.action);
        auto r = probe(SecurityLevel::enhanced, w.tool, {w.action});
        INFO(r.to_json());
        CHECK(r.status == Status::ok);
        CHECK(parse(r.stdout_data)[w.action] == w.error);
        const sandbox::Event* e = seccomp_event(r, w.syscall);
        REQUIRE(e);
        CHECK(e->type == w.type);
        CHECK(e->severity == w.severity);
        CHECK(e->action == EventAction::denied);
        CHECK(e->pid > 0);
        CHECK(e->detail.find(w.syscall + "(") == 0);
    }
}

TEST_CASE("enhanced: setns (critical) is denied and the watchdog's terminate-on-critical ends the box") {
    auto r = probe(SecurityLevel::enhanced, "syscall_probe", {"setns", "getpid"});
    INFO(r.to_json());
    const sandbox::Event* e = seccomp_event(r, "setns");
    REQUIRE(e);
    CHECK(e->type == SecurityEventType::escape);
    CHECK(e->severity == Severity::critical);
    CHECK(r.status == Status::security_violation);
}

TEST_CASE("maximum: each watched call ends the box; status and message name the call") {
    for (const auto& w : watched) {
        INFO(w.action);
        auto r = probe(SecurityLevel::maximum, w.tool, {w.action});
        INFO(r.to_json());
        CHECK(r.status == Status::security_violation);
        CHECK(r.message.find(w.syscall) != std::string::npos);
        CHECK(r.stdout_data.find("done") == std::string::npos);
        const sandbox::Event* e = seccomp_event(r, w.syscall);
        REQUIRE(e);
        CHECK(e->type == w.type);
        CHECK(e->severity == w.severity);
        CHECK(e->action == EventAction::killed);
    }
}

TEST_CASE("maximum: an unlisted syscall is a security_violation naming it") {
    auto r = probe(SecurityLevel::maximum, "notify_probe", {"unlisted"});
    CHECK(r.status == Status::security_violation);
    CHECK(r.message.find("sched_rr_get_interval") != std::string::npos);
    CHECK(r.to_json().find("sched_rr_get_interval") != std::string::npos);
}

TEST_CASE("enhanced and maximum: exec of a bound program proceeds and is reported as info") {
    for (auto level : {SecurityLevel::enhanced, SecurityLevel::maximum}) {
        auto r = probe(level, "notify_probe", {"exec:/bin/true", "open:/usr/lib/os-release"});
        INFO(r.to_json());
        CHECK(r.status == Status::ok);
        CHECK(parse(r.stdout_data)["exec:/bin/true"] == 0);
        CHECK(parse(r.stdout_data)["open:/usr/lib/os-release"] == 0);
        const sandbox::Event* e = seccomp_event(r, "execve");
        REQUIRE(e);
        CHECK(e->action == EventAction::allowed);
        CHECK(e->severity == Severity::info);
        CHECK(e->labels.at("target") == "/bin/true");
    }
}

TEST_CASE("maximum: a read probe of a path the box does not hold proceeds to the kernel's ENOENT, unreported") {
    auto r = probe(SecurityLevel::maximum, "notify_probe", {"open:/etc/gai.conf", "open:/sys/fs/cgroup/cpu.max"});
    INFO(r.to_json());
    CHECK(r.status == Status::ok);
    CHECK(parse(r.stdout_data)["open:/etc/gai.conf"] == ENOENT);
    CHECK(parse(r.stdout_data)["open:/sys/fs/cgroup/cpu.max"] == ENOENT);
    CHECK_FALSE(seccomp_event(r, "openat"));
}

TEST_CASE("python, node and shell programs run at enhanced and maximum without a denial") {
    const std::string node_script =
        "const fs = require('fs');\n"
        "const data = JSON.parse(JSON.stringify({files: fs.readdirSync('/usr/lib').length}));\n"
        "fs.writeFileSync('out.json', JSON.stringify(data));\n"
        "setTimeout(() => { console.log(JSON.parse(fs.readFileSync('out.json', 'utf8')).files > 0); }, 20);\n";
    for (auto level : {SecurityLevel::enhanced, SecurityLevel::maximum}) {
        INFO(sandbox::to_string(level));
        sandbox::Sandbox box(at(level));
        std::vector<sandbox::Result> results = {
            box.run_code("python", read_file(SOURCE_DIR "/examples/python/hello.py")),
            box.run_code("javascript", node_script),
            box.run_code("shell", read_file(SOURCE_DIR "/examples/shell/hello.sh")),
        };
        for (const auto& r : results) {
            INFO(r.to_json());
            CHECK(r.status == Status::ok);
            for (const auto& e : r.events)
                CHECK_FALSE((e.kind == sandbox::EventKind::security && e.action != EventAction::allowed));
        }
        CHECK(results[0].stdout_data.find("Hello from inside the sandbox!") == 0);
        CHECK(results[1].stdout_data == "true\n");
        CHECK(results[2].stdout_data.find("Hello from inside the sandbox!") == 0);
    }
}

TEST_CASE("the notification reader leaks no descriptor across 50 runs") {
    probe(SecurityLevel::enhanced, "notify_probe", {"connect_tcp:127.0.0.1:1"});  // warm-up
    const std::size_t before = open_fd_count();
    for (int i = 0; i < 50; ++i) {
        auto r = probe(i % 2 ? SecurityLevel::maximum : SecurityLevel::enhanced, "notify_probe",
                       {"connect_tcp:127.0.0.1:1", "open:/etc/shadow"});
        REQUIRE(r.events.size() > 0);
    }
    CHECK(open_fd_count() == before);
}

TEST_CASE("a supervisor that dies mid-run leaves no box process hanging on a notification") {
    // The box loops on watched calls; its supervisor (a forked copy of this test) is killed.
    const std::string marker = "repeat:100000000:connect_tcp:127.0.0.1:" + std::to_string(1 + ::getpid() % 60000);
    pid_t supervisor = ::fork();
    REQUIRE(supervisor >= 0);
    if (supervisor == 0) {
        probe(SecurityLevel::enhanced, "notify_probe", {marker});
        ::_exit(0);
    }
    for (int i = 0; i < 100 && processes_with(marker).empty(); ++i) ::usleep(20'000);
    REQUIRE_FALSE(processes_with(marker).empty());
    ::kill(supervisor, SIGKILL);
    int status = 0;
    ::waitpid(supervisor, &status, 0);
    for (int i = 0; i < 150 && !processes_with(marker).empty(); ++i) ::usleep(20'000);
    CHECK(processes_with(marker).empty());
}

TEST_CASE("a loop of denied calls reports the first 256 one by one, then one count") {
    auto policy = at(SecurityLevel::enhanced);
    policy.on_breach = sandbox::BreachResponse::report;  // 300 high events would end the box
    sandbox::Command command;
    command.argv = {probe_dir + "/notify_probe", "repeat:300:open:/etc/shadow"};
    auto r = sandbox::Sandbox(policy).run(command);
    CHECK(r.status == Status::ok);
    int seccomp_events = 0;
    std::string last;
    for (const auto& e : r.events)
        if (e.kind == sandbox::EventKind::security && e.name == "seccomp") {
            ++seccomp_events;
            last = e.detail;
        }
    CHECK(seccomp_events == 257);
    CHECK(last.find("44 further seccomp decisions") == 0);
}
