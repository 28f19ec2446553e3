// The Linux supervisor: builds the box for one run and watches it on a Boost.Asio io_context
// (pidfd, output pipes, the status pipe, timers) without a thread of its own.
#include "../supervisor.hpp"

#include "../output_capture.hpp"
#include "../stale_workdirs.hpp"
#include "../verdict.hpp"
#include "box/launcher.hpp"
#include "box_planner.hpp"
#include "cgroup/run_cgroup.hpp"
#include "monitor/box_monitor.hpp"
#include "watchdog/box_guard.hpp"
#include "netproxy/egress_proxy.hpp"
#include "notify/notify_reader.hpp"
#include "notify/watch_context.hpp"
#include "sigpipe_safe_write.hpp"

#include <sandbox/error.hpp>
#include <sandbox/runtime.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstring>
#include <mutex>

namespace sandbox {
namespace {

namespace asio = boost::asio;
using linux_box::StatusRecord;
using Clock = std::chrono::steady_clock;

constexpr auto cpu_poll_interval = std::chrono::milliseconds(50);
// After the box's init is gone every process of an isolated box is dead, so its pipes close
// at once; a basic-level daemon may hold them, so output is only awaited this long.
constexpr auto drain_grace = std::chrono::milliseconds(500);
constexpr auto cgroup_empty_timeout = std::chrono::milliseconds(2000);

std::atomic<std::uint64_t> next_run_id{1};

Event make_event(EventKind kind, std::string name, std::string detail, int pid = 0) {
    Event e;
    e.kind = kind;
    e.name = std::move(name);
    e.detail = std::move(detail);
    e.pid = pid;
    return e;
}

// The builtin runtime whose interpreter `program` is ("python", "javascript", "shell"), else
// "native": the runtime label of telemetry.
std::string runtime_of(const std::string& program) {
    auto base = [](const std::string& path) { return path.substr(path.rfind('/') + 1); };
    for (const Runtime& runtime : RuntimeRegistry::builtin().all())
        for (const std::string& interpreter : runtime.interpreters)
            if (base(interpreter) == base(program)) return runtime.name;
    return "native";
}

int pidfd_send_signal(int pidfd, int sig) {
    return static_cast<int>(::syscall(SYS_pidfd_send_signal, pidfd, sig, nullptr, 0));
}

using PipeCapture = OutputCapture<asio::posix::stream_descriptor>;

class LinuxExecution final : public ExecutionState {
public:
    LinuxExecution(asio::io_context& io, const SecurityPolicy& policy, std::vector<EventSink> sinks,
                   std::optional<MonitorOptions> monitor)
        : ExecutionState(io, next_run_id++),
          policy_(policy),
          sinks_(std::move(sinks)),
          monitor_options_(std::move(monitor)),
          pidfd_(io),
          stdin_(io),
          status_(io),
          stdout_(io),
          stderr_(io),
          wall_timer_(io),
          cpu_timer_(io),
          drain_timer_(io) {}

    void start(const Command& command);
    void kill() override;

private:
    std::shared_ptr<LinuxExecution> self() {
        return std::static_pointer_cast<LinuxExecution>(shared_from_this());
    }
    double elapsed_s() const { return std::chrono::duration<double>(Clock::now() - started_).count(); }

    void emit(Event event);
    void start_monitor();
    void start_watchdog();
    void plan_egress_proxy();
    void start_notify(int socket_fd);
    void fail_setup(const std::string& message);
    void record_cause(Status status, const std::string& message);
    void terminate();

    void watch_exit();
    void watch_status();
    void watch_output(PipeCapture& out, const char* name);
    void feed_stdin();
    void arm_wall_timer();
    void arm_cpu_timer();
    void on_init_exited();
    void maybe_finish();
    void finalize();

    const SecurityPolicy policy_;
    const std::vector<EventSink> sinks_;
    const std::optional<MonitorOptions> monitor_options_;
    std::unique_ptr<ResourceMonitor> monitor_;  // stopped when the init exits, before it is reaped
    Clock::time_point started_ = Clock::now();
    linux_box::PlannedRun run_;
    std::unique_ptr<linux_box::RunCgroup> cgroup_;
    // BreachDetector over the run's security events, and the watchdog of an isolated box.
    std::unique_ptr<linux_watchdog::BoxGuard> guard_;
    std::unique_ptr<linux_netproxy::EgressProxy> proxy_;  // with allowed_hosts; stopped at the end
    std::optional<std::uint16_t> proxy_port_;             // the proxy's port in the box, when planned
    // Seccomp user notifications (allowlist modes); stopped when the box's init exits.
    std::shared_ptr<linux_notify::NotifyReader> notify_;
    int raw_pidfd_ = -1;
    int target_pgid_ = 0;  // basic level: the target's process group

    asio::posix::stream_descriptor pidfd_, stdin_, status_;
    PipeCapture stdout_, stderr_;
    asio::steady_timer wall_timer_, cpu_timer_, drain_timer_;
    std::string stdin_data_;
    std::size_t stdin_written_ = 0;
    StatusRecord record_{};

    Observations seen_;
    std::vector<std::string> degraded_;
    std::vector<Event> events_;
    rusage usage_{};
    bool have_rusage_ = false;
    bool init_exited_ = false;
    bool status_eof_ = false;
    bool draining_expired_ = false;
    bool finalized_ = false;
    // Seconds since the start when the target was started and when the box's init ended.
    double target_started_s_ = -1, init_exited_s_ = -1;
};

void LinuxExecution::emit(Event event) {
    event.run_id = id();
    event.time_s = elapsed_s();
    for (const auto& sink : sinks_) sink(event);
    bool security = event.kind == EventKind::security;
    events_.push_back(std::move(event));
    // The detector may emit in turn (events_ grows): it gets its own copy.
    if (security && guard_) guard_->observe(Event(events_.back()));
}

void LinuxExecution::fail_setup(const std::string& message) {
    seen_.setup_failure = message;
    Result r;
    r.status = Status::setup_error;
    r.message = message;
    r.wall_time_s = elapsed_s();
    r.degraded = degraded_;
    linux_box::remove_host_workdir(run_.host_workdir);
    Event failed = make_event(EventKind::lifecycle, "setup_failed", message);
    failed.labels = {{"status", std::string(to_string(Status::setup_error))},
                     {"runtime", run_.plan.argv.empty() ? "native" : runtime_of(run_.plan.argv[0])}};
    emit(std::move(failed));
    r.events = events_;
    // Completion always arrives through the io_context, as for a run that started.
    asio::post(io_, [self = self(), r = std::move(r)]() mutable { self->finish(std::move(r)); });
}

void LinuxExecution::start(const Command& command) {
    try {
        run_ = linux_box::plan_run(policy_, command);
        degraded_.insert(degraded_.end(), run_.degraded.begin(), run_.degraded.end());
    } catch (const SetupError& e) {
        fail_setup(e.what());
        return;
    }
    static std::once_flag stale_cleanup;
    std::call_once(stale_cleanup, [] {
        linux_box::remove_stale_cgroups();
        remove_stale_workdirs("/tmp");  // basic-level workdirs
    });

    try {
        cgroup_ = linux_box::RunCgroup::create(std::to_string(id()), run_.cgroup_limits, degraded_);
    } catch (const Error& e) {
        // The host refused a group it otherwise offers: run with the rlimit fallbacks and say so.
        degraded_.push_back(std::string("cgroup could not be created: ") + e.what());
    }
    linux_box::CgroupCounters caps;
    if (cgroup_) {
        caps = cgroup_->counters();
        run_.plan.cgroup_attach_fds = cgroup_->attach_fds();
        run_.plan.cgroup_v2_dir_fd = cgroup_->clone_into_fd();
    } else {
        degraded_.push_back("no cgroup available (not root and no delegated subtree): limits fall back "
                            "to rlimits and usage to rusage");
    }
    linux_box::apply_cgroup_outcome(run_, policy_, caps.memory, caps.pids, caps.cpu, degraded_);
    seen_.cpu_limit_ms = policy_.limits.cpu_time_ms;
    seen_.memory_limit_bytes = policy_.limits.memory_bytes;
    seen_.pids_limit = policy_.limits.pids;
    if (!policy_.allowed_hosts.empty()) plan_egress_proxy();

    linux_box::LaunchedBox box;
    try {
        box = linux_box::launch(run_.plan);
    } catch (const SetupError& e) {
        proxy_.reset();
        cgroup_.reset();
        fail_setup(e.what());
        return;
    }
    pid_ = box.pid;
    guard_ = std::make_unique<linux_watchdog::BoxGuard>(
        io_, policy_, [this](Event e) { emit(std::move(e)); },
        [this](const std::string& reason) {
            record_cause(Status::security_violation, "breach: " + reason);
            terminate();
        });
    raw_pidfd_ = box.pidfd;
    pidfd_.assign(box.pidfd);
    start_notify(box.notify_socket);
    stdin_.assign(box.stdin_fd);
    status_.assign(box.status_fd);
    stdout_.pipe.assign(box.stdout_fd);
    stderr_.pipe.assign(box.stderr_fd);
    stdout_.cap = policy_.limits.stdout_max_bytes;
    stderr_.cap = policy_.limits.stderr_max_bytes;
    stdin_data_ = command.stdin_data;

    Event started = make_event(EventKind::lifecycle, "started",
                               run_.plan.argv[0] + (cgroup_ ? " in cgroup " + cgroup_->describe() : ""), box.pid);
    started.labels = {{"program", run_.plan.argv[0]}, {"runtime", runtime_of(run_.plan.argv[0])}};
    emit(std::move(started));
    watch_exit();
    watch_status();
    watch_output(stdout_, "stdout");
    watch_output(stderr_, "stderr");
    feed_stdin();
    arm_wall_timer();
    arm_cpu_timer();
    start_monitor();
    linux_box::prepare_next_launch(run_.plan);  // overlaps the box's own set-up
}

// The box reaches allowed_hosts only through the egress proxy. Its listener is made in the
// box's network namespace by the launcher's before_release hook, so it exists before the
// program can connect.
void LinuxExecution::plan_egress_proxy() {
    linux_box::BoxPlan& plan = run_.plan;
    if (!plan.isolate || !plan.own_network) {
        degraded_.push_back("allowed_hosts: no network namespace at this level, no egress proxy");
        return;
    }
    linux_netproxy::ProxyConfig config;
    config.allowed_hosts = policy_.allowed_hosts;
    config.pinned_hosts = policy_.host_resolution;
    // The proxy variables replace any the command set.
    std::erase_if(plan.envp, [](const std::string& entry) {
        for (const char* key : {"HTTP_PROXY=", "HTTPS_PROXY=", "http_proxy=", "https_proxy=", "NO_PROXY=", "no_proxy="})
            if (entry.starts_with(key)) return true;
        return false;
    });
    for (auto& entry : linux_netproxy::proxy_environment(config.port)) plan.envp.push_back(std::move(entry));
    proxy_port_ = config.port;
    plan.before_release = [this, config](pid_t pid) {
        try {
            proxy_ = linux_netproxy::EgressProxy::start(io_, pid, config, [this](Event e) { emit(std::move(e)); });
        } catch (const PolicyError& e) {
            throw SetupError(e.what());  // an allowlist entry the proxy cannot read fails the run's set-up
        }
    };
}

// The program sends its seccomp listener before its execve; every notification is answered
// on this loop. At maximum a violation is the run's cause and ends the box before the call
// is answered.
void LinuxExecution::start_notify(int socket_fd) {
    if (socket_fd < 0) return;
    auto on_violation = [this](const Event& e) {
        std::string target = e.labels.count("target") ? " (" + e.labels.at("target") + ")" : "";
        record_cause(Status::security_violation, "seccomp: forbidden system call " + e.syscall + target +
                                                     " by pid " + std::to_string(e.pid));
        terminate();
    };
    try {
        notify_ = linux_notify::NotifyReader::start(
            io_, socket_fd, linux_notify::watch_context_for(run_.plan, policy_.seccomp, proxy_port_),
            [this](Event e) { emit(std::move(e)); }, on_violation);
    } catch (const SetupError& e) {
        // Without a reader the listener is closed: every watched call fails with ENOSYS.
        degraded_.push_back(std::string("seccomp notifications not read: ") + e.what());
    }
}

void LinuxExecution::start_monitor() {
    if (!monitor_options_) return;
    // Samples go to the sinks only: a long run at 10 ms would fill Result::events.
    auto sink = [this](const Event& e) {
        if (e.name != "sample") return emit(e);
        Event stamped = e;
        stamped.run_id = id();
        stamped.time_s = elapsed_s();
        for (const auto& s : sinks_) s(stamped);
    };
    auto on_limit = [this](Status status, const std::string& message) {
        record_cause(status, message);
        terminate();
    };
    monitor_ = linux_monitor::start_box_monitor(io_, pid_, *monitor_options_, cgroup_.get(), sink, on_limit);
}

// An isolated box is complete once its target started (cgroup namespace unshared, ids
// switched): from then on every process of it must stay in it.
void LinuxExecution::start_watchdog() {
    if (!run_.plan.isolate || !guard_ || init_exited_) return;
    std::function<std::vector<int>()> members;
    if (cgroup_) members = [this] { return cgroup_->pids(); };
    guard_->start_watchdog(pid_, std::move(members), [this] { return elapsed_s(); }, degraded_);
}

void LinuxExecution::kill() {
    asio::post(io_, [self = self()] {
        if (self->finalized_) return;
        self->record_cause(Status::killed, "killed by the caller");
        self->terminate();
    });
}

void LinuxExecution::record_cause(Status status, const std::string& message) {
    if (seen_.cause) return;
    // A limit the kernel already enforced came first: our kill does not hide it.
    if (cgroup_) {
        auto usage = cgroup_->usage();
        if (usage.oom_kills > 0) {
            seen_.oom_kills = usage.oom_kills;
            return;  // decide() reports memory_limit from the counter
        }
        if (usage.pids_max_hits > 0 && status != Status::killed) {
            seen_.cause = Status::pids_limit;
            if (guard_) guard_->observe_pids_limit(elapsed_s());
            seen_.cause_message = "the pids cgroup refused " + std::to_string(usage.pids_max_hits) +
                                  " fork(s) at the limit of " + std::to_string(policy_.limits.pids.value_or(0)) +
                                  " processes";
            return;
        }
    }
    seen_.cause = status;
    seen_.cause_message = message;
    if (status != Status::killed)
        emit(make_event(EventKind::limit_violation, std::string(to_string(status)), message));
}

void LinuxExecution::terminate() {
    if (init_exited_) return;
    if (run_.plan.isolate) {
        // The init is PID 1 of the box's pid namespace: its death ends every process in it.
        pidfd_send_signal(raw_pidfd_, SIGKILL);
    } else if (target_pgid_ > 0) {
        // The subreaper then sees its target die and ends what is left before exiting.
        ::kill(-target_pgid_, SIGKILL);
    } else {
        pidfd_send_signal(raw_pidfd_, SIGKILL);
    }
    if (cgroup_) cgroup_->kill_all();
}

void LinuxExecution::watch_exit() {
    pidfd_.async_wait(asio::posix::stream_descriptor::wait_read, [self = self()](boost::system::error_code ec) {
        if (ec == asio::error::operation_aborted) return;
        self->on_init_exited();
    });
}

void LinuxExecution::on_init_exited() {
    // The last sample reads the init while it is a zombie: its counters then hold everything
    // it reaped.
    if (monitor_) monitor_->stop();
    if (guard_) guard_->stop();
    if (notify_) notify_->stop();  // every process of the filter is gone
    siginfo_t info{};
    // waitid on the pidfd (no pid-reuse race), with the rusage of the init and every
    // descendant it reaped.
    if (::syscall(SYS_waitid, P_PIDFD, raw_pidfd_, &info, WEXITED, &usage_) == 0) have_rusage_ = true;
    init_exited_ = true;
    init_exited_s_ = elapsed_s();
    wall_timer_.cancel();
    cpu_timer_.cancel();
    drain_timer_.expires_after(drain_grace);
    drain_timer_.async_wait([self = self()](boost::system::error_code ec) {
        if (ec) return;
        self->draining_expired_ = true;
        self->maybe_finish();
    });
    maybe_finish();
}

void LinuxExecution::watch_status() {
    asio::async_read(status_, asio::buffer(&record_, sizeof record_),
                     [self = self()](boost::system::error_code ec, std::size_t) {
                         if (ec) {
                             self->status_eof_ = true;
                             self->maybe_finish();
                             return;
                         }
                         const StatusRecord& rec = self->record_;
                         std::string text(rec.message, strnlen(rec.message, sizeof rec.message));
                         switch (rec.kind) {
                             case StatusRecord::setup_failed:
                                 self->seen_.setup_failure = "box set-up failed: " + text + ": " + std::strerror(rec.err);
                                 break;
                             case StatusRecord::exec_failed:
                                 self->seen_.setup_failure = "cannot execute " + text + ": " + std::strerror(rec.err);
                                 break;
                             case StatusRecord::target_exited:
                                 self->seen_.wait_status = rec.value;
                                 break;
                             case StatusRecord::target_started:
                                 self->target_started_s_ = self->elapsed_s();
                                 if (!self->run_.plan.isolate) self->target_pgid_ = rec.value;
                                 self->start_watchdog();
                                 break;
                             default:
                                 break;
                         }
                         self->watch_status();
                     });
}

void LinuxExecution::watch_output(PipeCapture& out, const char* name) {
    auto on_overflow = [this, &out, name] {
        if (policy_.limits.on_output_overflow != OutputOverflow::kill) return;
        record_cause(Status::output_limit, std::string(name) + " passed its cap of " + std::to_string(out.cap) + " bytes");
        terminate();
    };
    capture_output(out, self(), on_overflow, [this] { maybe_finish(); });
}

void LinuxExecution::feed_stdin() {
    if (stdin_written_ >= stdin_data_.size()) {
        boost::system::error_code ignored;
        stdin_.close(ignored);
        return;
    }
    stdin_.non_blocking(true);
    stdin_.async_wait(asio::posix::stream_descriptor::wait_write, [self = self()](boost::system::error_code ec) {
        if (ec) return;
        ssize_t n = linux_box::write_without_sigpipe(self->stdin_.native_handle(),
                                                     self->stdin_data_.data() + self->stdin_written_,
                                                     self->stdin_data_.size() - self->stdin_written_);
        if (n < 0 && errno != EAGAIN && errno != EINTR) {
            self->stdin_written_ = self->stdin_data_.size();  // the program closed its stdin
        } else if (n > 0) {
            self->stdin_written_ += static_cast<std::size_t>(n);
        }
        self->feed_stdin();
    });
}

void LinuxExecution::arm_wall_timer() {
    if (policy_.limits.wall_timeout_ms == 0) return;
    wall_timer_.expires_after(std::chrono::milliseconds(policy_.limits.wall_timeout_ms));
    wall_timer_.async_wait([self = self()](boost::system::error_code ec) {
        if (ec) return;
        self->record_cause(Status::timeout, "wall time limit of " +
                                                std::to_string(self->policy_.limits.wall_timeout_ms) + " ms reached");
        self->terminate();
    });
}

// The whole box's CPU time, from the cgroup, checked at a short interval: RLIMIT_CPU only
// sees one process and whole seconds.
void LinuxExecution::arm_cpu_timer() {
    if (!policy_.limits.cpu_time_ms || !cgroup_) return;
    cpu_timer_.expires_after(cpu_poll_interval);
    cpu_timer_.async_wait([self = self()](boost::system::error_code ec) {
        if (ec || self->init_exited_) return;
        auto usage = self->cgroup_->usage();
        if (usage.has_cpu && usage.cpu_total_s * 1000.0 >= static_cast<double>(*self->policy_.limits.cpu_time_ms)) {
            self->record_cause(Status::cpu_limit, "CPU time limit of " +
                                                      std::to_string(*self->policy_.limits.cpu_time_ms) +
                                                      " ms reached");
            self->terminate();
            return;
        }
        self->arm_cpu_timer();
    });
}

void LinuxExecution::maybe_finish() {
    if (finalized_ || !init_exited_) return;
    bool outputs_closed = stdout_.eof && stderr_.eof && status_eof_;
    if (!outputs_closed && !draining_expired_) return;
    finalize();
}

void LinuxExecution::finalize() {
    finalized_ = true;
    proxy_.reset();  // closes every proxied connection; no network event after the run's end
    drain_timer_.cancel();
    boost::system::error_code ignored;
    for (auto* d : {&stdin_, &status_, &stdout_.pipe, &stderr_.pipe, &pidfd_}) d->close(ignored);

    if (monitor_ && monitor_options_->keep_history) emit(linux_monitor::history_event(*monitor_));
    monitor_.reset();

    Result r;
    r.wall_time_s = elapsed_s();
    if (cgroup_) {
        auto usage = cgroup_->final_usage();
        // An isolated box's processes died with its init (the pid namespace's end): its groups
        // are empty and go at once. Only a basic-level tree can outlive its subreaper.
        if (!run_.plan.isolate) cgroup_->kill_all();
        if (!cgroup_->remove_if_empty() && !cgroup_->wait_empty(cgroup_empty_timeout))
            degraded_.push_back("cgroup " + cgroup_->describe() + " did not empty in time");
        seen_.oom_kills = usage.oom_kills;
        seen_.pids_max_hits = usage.pids_max_hits;
        if (usage.has_cpu) {
            r.cpu_user_s = usage.cpu_user_s;
            r.cpu_sys_s = usage.cpu_sys_s;
            seen_.cpu_total_s = usage.cpu_total_s;
            r.usage_source = "cgroup";
        }
        if (usage.has_memory) r.peak_memory_bytes = usage.memory_peak_bytes;
        cgroup_.reset();
    }
    if (r.usage_source.empty() && have_rusage_) {
        r.cpu_user_s = static_cast<double>(usage_.ru_utime.tv_sec) + usage_.ru_utime.tv_usec / 1e6;
        r.cpu_sys_s = static_cast<double>(usage_.ru_stime.tv_sec) + usage_.ru_stime.tv_usec / 1e6;
        seen_.cpu_total_s = r.cpu_user_s + r.cpu_sys_s;
        r.usage_source = "rusage";
    }
    if (r.peak_memory_bytes == 0 && have_rusage_) r.peak_memory_bytes = static_cast<std::uint64_t>(usage_.ru_maxrss) * 1024;
    linux_box::remove_host_workdir(run_.host_workdir);

    Verdict v = decide(seen_);
    r.status = v.status;
    r.exit_code = v.exit_code;
    r.signal = v.signal;
    r.message = v.message;
    r.stdout_data = std::move(stdout_.data);
    r.stderr_data = std::move(stderr_.data);
    r.stdout_truncated = stdout_.truncated;
    r.stderr_truncated = stderr_.truncated;
    r.degraded = degraded_;
    if (r.status == Status::memory_limit || r.status == Status::pids_limit || r.status == Status::cpu_limit)
        if (!seen_.cause) emit(make_event(EventKind::limit_violation, std::string(to_string(r.status)), r.message));
    Event exited = make_event(EventKind::lifecycle, "exited", r.message);
    exited.values = {{"wall_time_s", r.wall_time_s}, {"cpu_s", r.cpu_user_s + r.cpu_sys_s},
                     {"peak_memory_bytes", static_cast<double>(r.peak_memory_bytes)},
                     {"exit_code", r.exit_code}, {"signal", r.signal}, {"init_exited_s", init_exited_s_}};
    if (target_started_s_ >= 0) exited.values["target_started_s"] = target_started_s_;
    exited.labels = {{"status", std::string(to_string(r.status))}, {"runtime", runtime_of(run_.plan.argv[0])}};
    emit(std::move(exited));
    r.events = events_;
    if (guard_) r.breach_summary_json = guard_->summary_json();
    finish(std::move(r));
}

}  // namespace

std::shared_ptr<ExecutionState> start_execution(boost::asio::io_context& io, const SecurityPolicy& policy,
                                                const Command& command, const std::vector<EventSink>& sinks,
                                                const std::optional<MonitorOptions>& monitor) {
    auto execution = std::make_shared<LinuxExecution>(io, policy, sinks, monitor);
    execution->start(command);
    return execution;
}

}  // namespace sandbox
