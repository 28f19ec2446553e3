// The portable supervisor: where the Linux box does not exist, a run is a plain process under
// rlimits in its own session and process group, launched by Boost.Process and watched on the
// caller's io_context (output pipes, a wall timer, SIGCHLD). It offers the basic level only
// (portable_plan.hpp refuses the rest).
// Boost.Process v1 on std::filesystem, not Boost.Filesystem (one library less to link).
#define BOOST_PROCESS_USE_STD_FS
#include "../supervisor.hpp"

#include "../output_capture.hpp"
#include "../stale_workdirs.hpp"
#include "../verdict.hpp"
#include "portable_plan.hpp"

#include <sandbox/error.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/process/args.hpp>
#include <boost/process/async_pipe.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/exe.hpp>
#include <boost/process/extend.hpp>
#include <boost/process/io.hpp>
#include <boost/process/start_dir.hpp>

#include <grp.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <mutex>

namespace sandbox {
namespace {

namespace asio = boost::asio;
namespace bp = boost::process;
using Clock = std::chrono::steady_clock;

// Output a daemon in the group may keep open is awaited this long after the program exits.
constexpr auto drain_grace = std::chrono::milliseconds(500);

std::atomic<std::uint64_t> next_run_id{1};

using PipeCapture = OutputCapture<bp::async_pipe>;

// Closes every descriptor above stderr except `keep` (Boost.Process's error pipe).
// bp::limit_handles would close the redirected stdio pipes too.
void close_inherited_fds(const std::vector<int>& keep) {
    long max_fd = ::sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (max_fd > 0 ? max_fd : 1024); ++fd)
        if (std::find(keep.begin(), keep.end(), fd) == keep.end()) ::close(fd);
}

// In the forked child, before exec: only async-signal-safe calls. A failure is reported to
// the parent through Boost.Process's error pipe and the child ends before exec, so a program
// never runs without its limits.
struct ChildSetup {
    const portable::PortablePlan* plan;

    template <typename Executor>
    void operator()(Executor& exec) const {
        auto fail = [&exec](const char* what) {
            exec.set_error(std::error_code(errno, std::system_category()), what);
            ::_exit(127);
        };
        if (::setsid() < 0) fail("setsid");
        close_inherited_fds(exec.get_used_handles());
        for (const auto& [resource, value] : plan->rlimits)
            if (::setrlimit(resource, &value) != 0) fail("setrlimit");
        if (plan->drop_to_nobody) {
            if (::setgroups(0, nullptr) != 0) fail("setgroups");
            if (::setgid(plan->gid) != 0) fail("setgid");
            if (::setuid(plan->uid) != 0) fail("setuid");
        }
    }
};

class PortableExecution final : public ExecutionState {
public:
    PortableExecution(asio::io_context& io, const SecurityPolicy& policy, std::vector<EventSink> sinks,
                      bool monitor_requested)
        : ExecutionState(io, next_run_id++),
          policy_(policy),
          sinks_(std::move(sinks)),
          monitor_requested_(monitor_requested),
          stdin_(io),
          stdout_(io),
          stderr_(io),
          sigchld_(io, SIGCHLD),
          wall_timer_(io),
          drain_timer_(io) {}

    void start(const Command& command);
    void kill() override;

private:
    std::shared_ptr<PortableExecution> self() {
        return std::static_pointer_cast<PortableExecution>(shared_from_this());
    }
    double elapsed_s() const { return std::chrono::duration<double>(Clock::now() - started_).count(); }

    void emit(Event event);
    void fail_setup(const std::string& message);
    void record_cause(Status status, const std::string& message);
    void terminate();
    void watch_exit();
    bool try_reap();
    void watch_output(PipeCapture& out, const char* name);
    void arm_wall_timer();
    void maybe_finish();
    void finalize();

    const SecurityPolicy policy_;
    const std::vector<EventSink> sinks_;
    const bool monitor_requested_;
    Clock::time_point started_ = Clock::now();
    portable::PortablePlan plan_;
    bp::async_pipe stdin_;
    PipeCapture stdout_, stderr_;
    asio::signal_set sigchld_;
    asio::steady_timer wall_timer_, drain_timer_;
    std::string stdin_data_;
    Observations seen_;
    std::vector<Event> events_;
    rusage usage_{};
    bool exited_ = false;
    bool draining_expired_ = false;
    bool finalized_ = false;
};

void PortableExecution::emit(Event event) {
    event.run_id = id();
    event.time_s = elapsed_s();
    for (const auto& sink : sinks_) sink(event);
    events_.push_back(std::move(event));
}

void PortableExecution::fail_setup(const std::string& message) {
    portable::remove_workdir(plan_.workdir);
    Event failed;
    failed.kind = EventKind::lifecycle;
    failed.name = "setup_failed";
    failed.detail = message;
    failed.labels = {{"status", std::string(to_string(Status::setup_error))}, {"runtime", "native"}};
    emit(std::move(failed));
    Result r;
    r.status = Status::setup_error;
    r.message = message;
    r.wall_time_s = elapsed_s();
    r.degraded = plan_.degraded;
    r.events = events_;
    // Completion always arrives through the io_context, as for a run that started.
    asio::post(io_, [self = self(), r = std::move(r)]() mutable { self->finish(std::move(r)); });
}

void PortableExecution::start(const Command& command) {
    static std::once_flag stale_cleanup;
    std::call_once(stale_cleanup, [] { remove_stale_workdirs(portable::temp_dir()); });
    try {
        plan_ = portable::plan_portable_run(policy_, command);
    } catch (const SetupError& e) {
        fail_setup(e.what());
        return;
    }
    if (monitor_requested_)
        plan_.degraded.push_back("resource monitor: no sampler in the portable build; usage from rusage only");
    seen_.cpu_limit_ms = policy_.limits.cpu_time_ms;
    stdout_.cap = policy_.limits.stdout_max_bytes;
    stderr_.cap = policy_.limits.stderr_max_bytes;

    bp::environment env;
    env.clear();
    for (const auto& [key, value] : command.env) env[key] = value;
    pid_t failed_pid = 0;
    try {
        bp::child child(bp::exe = plan_.argv[0],
                        bp::args = std::vector<std::string>(plan_.argv.begin() + 1, plan_.argv.end()), env,
                        bp::start_dir = plan_.cwd, bp::std_in < stdin_, bp::std_out > stdout_.pipe,
                        bp::std_err > stderr_.pipe,
                        bp::extend::on_exec_setup = ChildSetup{&plan_},
                        bp::extend::on_error = [&failed_pid](auto& exec, const std::error_code&) {
                            failed_pid = exec.pid;
                        });
        pid_ = child.id();
        child.detach();  // reaped below with wait4, for its rusage
    } catch (const bp::process_error& e) {
        // The child reported its error and is ending: reap it so no zombie stays.
        if (failed_pid > 0) ::waitpid(failed_pid, nullptr, 0);
        fail_setup("cannot execute " + plan_.argv[0] + ": " + e.code().message());
        return;
    }
    Event started;
    started.kind = EventKind::lifecycle;
    started.name = "started";
    started.detail = plan_.argv[0];
    started.pid = pid_;
    started.labels = {{"program", plan_.argv[0]}, {"runtime", "native"}};
    emit(std::move(started));

    stdin_data_ = command.stdin_data;
    asio::async_write(stdin_, asio::buffer(stdin_data_), [self = self()](boost::system::error_code, std::size_t) {
        boost::system::error_code ignored;
        self->stdin_.close(ignored);  // written, or the program closed its stdin
    });
    watch_exit();
    watch_output(stdout_, "stdout");
    watch_output(stderr_, "stderr");
    arm_wall_timer();
}

void PortableExecution::kill() {
    asio::post(io_, [self = self()] {
        if (self->finalized_) return;
        self->record_cause(Status::killed, "killed by the caller");
        self->terminate();
    });
}

void PortableExecution::record_cause(Status status, const std::string& message) {
    if (seen_.cause) return;
    seen_.cause = status;
    seen_.cause_message = message;
    if (status != Status::killed) {
        Event violation;
        violation.kind = EventKind::limit_violation;
        violation.name = std::string(to_string(status));
        violation.detail = message;
        emit(std::move(violation));
    }
}

// The program leads its own process group: the group is the whole tree that stayed in it.
void PortableExecution::terminate() {
    if (pid_ > 0) ::kill(-pid_, SIGKILL);
}

// SIGCHLD wakes every run; each reaps only its own pid. The first check covers a program
// that ended before the signal set existed.
void PortableExecution::watch_exit() {
    if (try_reap()) return;
    sigchld_.async_wait([self = self()](boost::system::error_code ec, int) {
        if (ec) return;
        self->watch_exit();
    });
}

bool PortableExecution::try_reap() {
    int status = 0;
    pid_t r = ::wait4(pid_, &status, WNOHANG, &usage_);
    if (r != pid_) return false;
    seen_.wait_status = status;
    exited_ = true;
    boost::system::error_code ignored;
    sigchld_.cancel(ignored);
    wall_timer_.cancel();
    terminate();  // what the program left running in its group ends with it
    drain_timer_.expires_after(drain_grace);
    drain_timer_.async_wait([self = self()](boost::system::error_code ec) {
        if (ec) return;
        self->draining_expired_ = true;
        self->maybe_finish();
    });
    maybe_finish();
    return true;
}

void PortableExecution::watch_output(PipeCapture& out, const char* name) {
    auto on_overflow = [this, &out, name] {
        if (policy_.limits.on_output_overflow != OutputOverflow::kill) return;
        record_cause(Status::output_limit, std::string(name) + " passed its cap of " + std::to_string(out.cap) + " bytes");
        terminate();
    };
    capture_output(out, self(), on_overflow, [this] { maybe_finish(); });
}

void PortableExecution::arm_wall_timer() {
    if (policy_.limits.wall_timeout_ms == 0) return;
    wall_timer_.expires_after(std::chrono::milliseconds(policy_.limits.wall_timeout_ms));
    wall_timer_.async_wait([self = self()](boost::system::error_code ec) {
        if (ec) return;
        self->record_cause(Status::timeout, "wall time limit of " +
                                                std::to_string(self->policy_.limits.wall_timeout_ms) + " ms reached");
        self->terminate();
    });
}

void PortableExecution::maybe_finish() {
    if (finalized_ || !exited_) return;
    if (!(stdout_.eof && stderr_.eof) && !draining_expired_) return;
    finalize();
}

void PortableExecution::finalize() {
    finalized_ = true;
    drain_timer_.cancel();
    boost::system::error_code ignored;
    for (auto* pipe : {&stdin_, &stdout_.pipe, &stderr_.pipe}) pipe->close(ignored);
    portable::remove_workdir(plan_.workdir);

    Result r;
    r.wall_time_s = elapsed_s();
    r.cpu_user_s = static_cast<double>(usage_.ru_utime.tv_sec) + usage_.ru_utime.tv_usec / 1e6;
    r.cpu_sys_s = static_cast<double>(usage_.ru_stime.tv_sec) + usage_.ru_stime.tv_usec / 1e6;
    r.peak_memory_bytes = static_cast<std::uint64_t>(usage_.ru_maxrss) * 1024;
    r.usage_source = "rusage";
    seen_.cpu_total_s = r.cpu_user_s + r.cpu_sys_s;
    Verdict v = decide(seen_);
    r.status = v.status;
    r.exit_code = v.exit_code;
    r.signal = v.signal;
    r.message = v.message;
    r.stdout_data = std::move(stdout_.data);
    r.stderr_data = std::move(stderr_.data);
    r.stdout_truncated = stdout_.truncated;
    r.stderr_truncated = stderr_.truncated;
    r.degraded = plan_.degraded;
    Event exited;
    exited.kind = EventKind::lifecycle;
    exited.name = "exited";
    exited.detail = r.message;
    exited.values = {{"wall_time_s", r.wall_time_s}, {"cpu_s", r.cpu_user_s + r.cpu_sys_s},
                     {"peak_memory_bytes", static_cast<double>(r.peak_memory_bytes)},
                     {"exit_code", r.exit_code}, {"signal", r.signal}};
    exited.labels = {{"status", std::string(to_string(r.status))}, {"runtime", "native"}};
    emit(std::move(exited));
    r.events = events_;
    finish(std::move(r));
}

}  // namespace

std::shared_ptr<ExecutionState> start_execution(boost::asio::io_context& io, const SecurityPolicy& policy,
                                                const Command& command, const std::vector<EventSink>& sinks,
                                                const std::optional<MonitorOptions>& monitor) {
    auto execution = std::make_shared<PortableExecution>(io, policy, sinks, monitor.has_value());
    execution->start(command);
    return execution;
}

}  // namespace sandbox
