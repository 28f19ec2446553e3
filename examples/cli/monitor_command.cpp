#include "monitor_command.hpp"

#include "cli_args.hpp"
#include "dashboard/dashboard_loop.hpp"
#include "dashboard/pid_source.hpp"
#include "dashboard/run_source.hpp"
#include "dashboard/terminal_session.hpp"
#include "dashboard/text_lines.hpp"
#include "output.hpp"
#include "serve/attach_source.hpp"
#include "serve/serve_options.hpp"

#include <sandbox/error.hpp>
#include <sandbox/policy.hpp>

#include <boost/asio/io_context.hpp>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <optional>

#include <unistd.h>

namespace sandbox_cli {
namespace {

constexpr const char* monitor_help = R"(Usage: sandbox-cli monitor [--pid PID] [--interval DURATION]
       sandbox-cli monitor --attach ADDR

Shows a live dashboard of a host process and all its descendants; no sandbox needed.
Without --pid it watches the shell that started it (sandbox-cli's parent).

When stdout is not a terminal it prints one line per sample instead, e.g.
  pid=1234 cpu=12.5% mem=10.2MiB peak=11.0MiB procs=3 threads=5 fds=12 net_rx=0B net_tx=0B
until the process tree exits (exit status 0) or SIGINT/SIGTERM ends it (128+N).

Options:
  --pid PID            the root of the tree to watch
  --attach ADDR        instead, the runs of another sandbox-cli's 'run --serve ADDR'
                       (HOST:PORT or PORT); ends with their run; exit 2 if unreachable
  --interval DURATION  time between samples, e.g. 500ms, 2s (default 1s, at least 10ms)
  -h, --help           this help
  --version            print the version

Dashboard keys: Tab next view, Up/Down select a process, / filter events,
r refresh, a auto-refresh on/off, ? help, q quit.
)";

constexpr std::chrono::milliseconds default_interval{1000};
constexpr std::chrono::milliseconds min_interval{10};
// `run --monitor` samples faster: runs are short.
constexpr std::chrono::milliseconds run_interval{250};

struct MonitorArgs {
    bool help = false;
    bool version = false;
    std::optional<int> pid;
    std::optional<std::string> attach;  // --attach ADDR: another supervisor's status endpoint
    std::chrono::milliseconds interval = default_interval;
};

int parse_pid(const std::string& text) {
    int pid = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, pid);
    if (text.empty() || ec != std::errc() || ptr != end || pid <= 0) {
        throw UsageError("--pid: '" + text + "' is not a process id (a whole number above 0)");
    }
    return pid;
}

std::chrono::milliseconds parse_interval(const std::string& text) {
    std::uint64_t ms = 0;
    try {
        ms = sandbox::parse_duration_ms(text, "--interval");
    } catch (const sandbox::PolicyError& e) {
        throw UsageError(e.what());
    }
    if (ms < static_cast<std::uint64_t>(min_interval.count())) {
        throw UsageError("--interval: '" + text + "' is shorter than the 10ms the monitor can sample at");
    }
    return std::chrono::milliseconds(ms);
}

MonitorArgs parse_monitor_args(const std::vector<std::string>& args) {
    MonitorArgs parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& word = args[i];
        auto value = [&](const std::string& name) -> std::string {
            if (word.size() > name.size() && word[name.size()] == '=') return word.substr(name.size() + 1);
            if (i + 1 >= args.size()) throw UsageError(name + " needs a value");
            return args[++i];
        };
        auto is = [&](const std::string& name) {
            return word.compare(0, name.size(), name) == 0 && (word.size() == name.size() || word[name.size()] == '=');
        };
        if (word == "-h" || word == "--help") {
            parsed.help = true;
            return parsed;
        } else if (word == "--version") {
            parsed.version = true;
            return parsed;
        } else if (is("--pid")) {
            parsed.pid = parse_pid(value("--pid"));
        } else if (is("--attach")) {
            parsed.attach = value("--attach");
        } else if (is("--interval")) {
            parsed.interval = parse_interval(value("--interval"));
        } else {
            throw UsageError("unknown option '" + word + "' for monitor (try 'sandbox-cli monitor --help')");
        }
    }
    return parsed;
}

void require_process(int pid) {
    // EPERM: it exists, we may only not signal it.
    if (::kill(pid, 0) != 0 && errno != EPERM) {
        throw UsageError("--pid: no process with pid " + std::to_string(pid));
    }
}

void print_notice(const std::string& reason) {
    const std::string line = "sandbox-cli: " + reason + ": printing one line per sample instead of the dashboard\n";
    std::fputs(line.c_str(), stderr);
}

// The dashboard on a terminal, the text lines elsewhere.
dashboard::LoopResult show(boost::asio::io_context& io, dashboard::DashboardSource& source,
                           dashboard::DashboardModel& model) {
    const dashboard::DisplayChoice choice = dashboard::choose_display();
    if (choice.dashboard) return dashboard::run_dashboard(io, source, model);
    print_notice(choice.reason);
    return dashboard::run_text_lines(io, source, model);
}

}  // namespace

int monitor_command(const std::vector<std::string>& args) {
    const MonitorArgs parsed = parse_monitor_args(args);
    if (parsed.help) {
        write_stdout(monitor_help);
        return 0;
    }
    if (parsed.version) {
        print_version();
        return 0;
    }
    if (parsed.attach) {
        if (parsed.pid) throw UsageError("--attach and --pid cannot be combined");
        boost::asio::io_context io;
        serve::AttachSource source(serve::parse_endpoint(*parsed.attach, "--attach"));
        dashboard::DashboardModel model;
        const dashboard::LoopResult result = show(io, source, model);
        if (!source.error().empty()) throw UsageError("--attach: " + source.error());
        return result.how == dashboard::LoopEnd::signal ? 128 + result.signal : 0;
    }
    const int pid = parsed.pid.value_or(static_cast<int>(::getppid()));
    require_process(pid);
    boost::asio::io_context io;
    dashboard::PidSource source(pid, parsed.interval);
    dashboard::DashboardModel model;
    const dashboard::LoopResult result = show(io, source, model);
    return result.how == dashboard::LoopEnd::signal ? 128 + result.signal : 0;
}

sandbox::Result run_with_monitor(sandbox::Sandbox& box, const sandbox::Command& command) {
    boost::asio::io_context io;
    dashboard::RunSource source(box, command, run_interval);
    dashboard::DashboardModel model(box.policy().on_breach);
    show(io, source, model);
    return source.wait();
}

}  // namespace sandbox_cli
