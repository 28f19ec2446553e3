#include "watchdog.hpp"

#include "../box/unique_fd.hpp"
#include "../monitor/proc_files.hpp"
#include "../monitor/proc_parse.hpp"
#include "box_tree.hpp"
#include "process_checks.hpp"
#include "proc_connector.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <sandbox/error.hpp>

#include <fcntl.h>

#include <optional>
#include <set>
#include <unordered_set>

namespace sandbox::linux_watchdog {

namespace asio = boost::asio;
using linux_box::UniqueFd;

class WatchdogState : public std::enable_shared_from_this<WatchdogState> {
public:
    WatchdogState(asio::io_context& io, int init_pid, WatchdogOptions options, WatchdogCallbacks callbacks)
        : init_pid_(init_pid), options_(options), callbacks_(std::move(callbacks)), timer_(io), connector_(io) {}

    void start();
    void stop();
    void scan();

    std::string degraded_;
    std::uint64_t scans_ = 0;

private:
    void arm_timer();
    void watch_connector();
    void on_proc_event(const ProcEvent& event);
    bool descends_from_init(int pid) const;
    const BoxIdentity* identity();
    void check_process(int pid, const std::function<bool(int)>& in_box);
    void report(int pid, const std::string& comm, const char* check, const std::string& text);

    const int init_pid_;
    // Captured from the init at the first check, not at the start: a short run whose
    // processes are gone before any check (the common case with process events) never pays
    // for the nine /proc reads. The init's namespaces and cgroups stay fixed from the
    // target_started record on; once the init is gone, so is every process of its pid
    // namespace, and nothing is left to check.
    std::optional<BoxIdentity> box_;
    const WatchdogOptions options_;
    const WatchdogCallbacks callbacks_;
    asio::steady_timer timer_;
    asio::posix::stream_descriptor connector_;
    bool stopped_ = false;
    std::unordered_set<int> members_;  // the box's processes at the last scan, plus forks since
    std::set<std::pair<int, std::string>> reported_;  // (pid, check) already reported
};

void WatchdogState::start() {
    if (options_.use_proc_connector) {
        std::string why_not;
        UniqueFd fd = open_proc_connector(why_not);
        if (fd.get() >= 0) {
            connector_.assign(fd.release());
            watch_connector();
        } else {
            degraded_ = "watchdog: no process events (" + why_not + "); checks every " +
                        std::to_string(options_.interval.count()) + " ms only";
        }
    } else {
        degraded_ = "watchdog: process events off; checks every " + std::to_string(options_.interval.count()) +
                    " ms only";
    }
    if (connector_.is_open()) {
        // The box was built a moment ago by us: the events of its processes are checked from
        // now on, and the first full scan waits for the interval, so a short run costs no
        // scan (and its /proc reads) at all.
        std::vector<int> tree = box_tree(init_pid_);
        members_.insert(tree.begin(), tree.end());
    } else {
        scan();
    }
    arm_timer();
}

void WatchdogState::stop() {
    stopped_ = true;
    timer_.cancel();
    boost::system::error_code ignored;
    connector_.close(ignored);
}

void WatchdogState::arm_timer() {
    timer_.expires_after(options_.interval);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (ec || self->stopped_) return;
        self->scan();
        self->arm_timer();
    });
}

void WatchdogState::watch_connector() {
    connector_.async_wait(asio::posix::stream_descriptor::wait_read,
                          [self = shared_from_this()](boost::system::error_code ec) {
                              if (ec || self->stopped_) return;
                              for (const ProcEvent& e : read_proc_events(self->connector_.native_handle())) {
                                  self->on_proc_event(e);
                                  if (self->stopped_) return;
                              }
                              self->watch_connector();
                          });
}

void WatchdogState::on_proc_event(const ProcEvent& event) {
    switch (event.what) {
        case ProcEvent::fork:
            if (!members_.count(event.other_pid)) return;
            members_.insert(event.pid);
            if (callbacks_.on_fork) callbacks_.on_fork();
            return;
        case ProcEvent::exit:
            members_.erase(event.pid);
            return;
        case ProcEvent::exec:
        case ProcEvent::ptrace:
            if (!members_.count(event.pid)) return;
            check_process(event.pid, [this](int pid) { return members_.count(pid) > 0 || descends_from_init(pid); });
            return;
        case ProcEvent::other:
            scan();  // events were lost
            return;
    }
}

// Walks the parent chain; a process that is gone (or a chain that cannot be read) is not
// judged, so it counts as the box's.
bool WatchdogState::descends_from_init(int pid) const {
    std::string text;
    for (int step = 0; step < 4096; ++step) {
        if (pid == init_pid_) return true;
        if (pid <= 1) return false;
        std::string path = "/proc/" + std::to_string(pid) + "/stat";
        if (!linux_monitor::read_file_at(AT_FDCWD, path.c_str(), text)) return true;
        auto stat = linux_monitor::parse_stat(text);
        if (!stat) return true;
        pid = stat->ppid;
    }
    return false;
}

const BoxIdentity* WatchdogState::identity() {
    if (!box_) {
        try {
            box_ = capture_identity(init_pid_);
        } catch (const SetupError&) {
            return nullptr;  // the init is gone: so is the box
        }
    }
    return &*box_;
}

void WatchdogState::scan() {
    ++scans_;
    // A fresh walk: a stale listing could miss a process that just left.
    std::vector<int> tree = box_tree(init_pid_);
    std::unordered_set<int> box(tree.begin(), tree.end());
    auto in_box = [&](int pid) { return box.count(pid) > 0 || descends_from_init(pid); };
    if (callbacks_.cgroup_members) {
        for (int pid : callbacks_.cgroup_members()) {
            if (box.count(pid)) continue;
            if (descends_from_init(pid)) {
                box.insert(pid);  // forked after the listing
                continue;
            }
            std::string stat_text, comm;
            std::string path = "/proc/" + std::to_string(pid) + "/stat";
            if (linux_monitor::read_file_at(AT_FDCWD, path.c_str(), stat_text))
                if (auto stat = linux_monitor::parse_stat(stat_text)) comm = stat->comm;
            report(pid, comm, "ancestry",
                   "is in the box's cgroup but does not descend from the box's init (pid " +
                       std::to_string(init_pid_) + ")");
        }
    }
    for (int pid : box) {
        check_process(pid, in_box);
        if (stopped_) return;
    }
    members_ = std::move(box);
}

void WatchdogState::check_process(int pid, const std::function<bool(int)>& in_box) {
    UniqueFd dir(::open(("/proc/" + std::to_string(pid)).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0) return;
    std::string stat_text, status_text;
    if (!linux_monitor::read_file_at(dir.get(), "stat", stat_text)) return;
    auto stat = linux_monitor::parse_stat(stat_text);
    if (!stat || stat->state == 'Z' || stat->state == 'X' || is_exiting(stat_text)) return;
    // A listing entry whose pid was reused by a host process is not the box's.
    if (pid != init_pid_ && !in_box(stat->ppid)) return;
    if (!linux_monitor::read_file_at(dir.get(), "status", status_text)) return;
    const BoxIdentity* box = identity();
    if (!box) return;

    std::vector<std::pair<const char*, std::string>> found;
    if (auto v = check_namespaces(dir.get(), *box)) found.emplace_back("namespace", *v);
    if (!box->cgroup.empty())
        if (auto v = check_cgroup(dir.get(), *box)) found.emplace_back("cgroup", *v);
    if (auto v = check_tracer(status_text, in_box)) found.emplace_back("tracer", *v);
    if (auto v = check_host_capabilities(dir.get(), status_text, *box)) found.emplace_back("capabilities", *v);
    if (found.empty()) return;
    // A process that began to exit while it was read is leaving, not escaping.
    if (!linux_monitor::read_file_at(dir.get(), "stat", stat_text) || is_exiting(stat_text)) return;
    for (const auto& [check, text] : found) report(pid, stat->comm, check, text);
}

void WatchdogState::report(int pid, const std::string& comm, const char* check, const std::string& text) {
    if (stopped_ || !reported_.emplace(pid, check).second) return;
    Event e;
    e.kind = EventKind::security;
    e.name = "escape";
    e.type = SecurityEventType::escape;
    e.severity = Severity::critical;
    e.action = options_.action;
    e.pid = pid;
    e.detail = "process " + std::to_string(pid) + (comm.empty() ? "" : " (" + comm + ")") + " " + text;
    e.labels = {{"check", check}, {"target", "pid " + std::to_string(pid) + ": " + check}};
    if (callbacks_.on_violation) callbacks_.on_violation(std::move(e));
}

Watchdog::Watchdog(asio::io_context& io, int init_pid, WatchdogOptions options, WatchdogCallbacks callbacks)
    : state_(std::make_shared<WatchdogState>(io, init_pid, options, std::move(callbacks))) {
    state_->start();
}

Watchdog::~Watchdog() { stop(); }

void Watchdog::stop() { state_->stop(); }
void Watchdog::scan_now() { state_->scan(); }
const std::string& Watchdog::degraded() const { return state_->degraded_; }
std::uint64_t Watchdog::scans() const { return state_->scans_; }

std::unique_ptr<Watchdog> start_watchdog(asio::io_context& io, int init_pid, WatchdogOptions options,
                                         WatchdogCallbacks callbacks) {
    return std::make_unique<Watchdog>(io, init_pid, options, std::move(callbacks));
}

}  // namespace sandbox::linux_watchdog
