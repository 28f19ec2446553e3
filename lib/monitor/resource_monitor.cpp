// ResourceMonitor: samples a process tree on a steady_timer and sends what it sees as events.
#include "sample_builder.hpp"
#include "sample_event.hpp"
#include "threshold_watch.hpp"
#include "tree_reader.hpp"

#include <sandbox/error.hpp>
#include <sandbox/monitor.hpp>

#include <boost/asio/steady_timer.hpp>

#include <algorithm>

namespace sandbox {

using Clock = std::chrono::steady_clock;

namespace {

// How old a shared listing of all processes may be when it is used to find new descendants:
// one interval, so that monitors at one rate share each listing whatever their phase, but
// not under 25 ms, which bounds the listings to 40 a second at high rates. A new child thus
// shows in the samples at most one interval (or 25 ms) later than it would with a fresh
// listing; the processes already known are read at every sample.
std::chrono::milliseconds max_scan_age(std::chrono::milliseconds interval) {
    return std::max(interval, std::chrono::milliseconds(25));
}

// When the sources give the totals (a box's cgroup: CPU, memory and members), each member's
// /proc files (fds, sockets, threads, disk, network, the process list) are read at the
// first and the last sample and otherwise at most this often: they cost several reads per
// process, the totals six preads per box (GroupCounters) and a poll of the root's pidfd.
constexpr Clock::duration detail_period = std::chrono::milliseconds(200);

bool has_totals(const GroupUsage& g) { return g.cpu_user_s && g.cpu_sys_s && g.memory_bytes; }

}  // namespace

class ResourceMonitor::Impl : public std::enable_shared_from_this<Impl> {
public:
    Impl(boost::asio::io_context& io, int root_pid, MonitorOptions options, EventSink sink, MonitorSources sources,
         LimitHandler on_limit)
        : timer_(io),
          root_pid_(root_pid),
          options_(std::move(options)),
          sink_(std::move(sink)),
          sources_(std::move(sources)),
          on_limit_(std::move(on_limit)),
          reader_(monitor_detail::make_tree_reader(root_pid, max_scan_age(options_.interval))),
          watch_(options_.thresholds),
          sample_event_(EventKind::resource_sample, "sample", root_pid) {
        if (options_.keep_history) history_.emplace(options_.history_capacity);
    }

    void start() {
        running_ = true;
        tick();
    }

    void stop() {
        if (!running_) return;
        running_ = false;
        timer_.cancel();
        sample(true);
    }

    bool running_ = false;
    ResourceSample last_;
    std::uint64_t count_ = 0;
    std::optional<ResourceHistory> history_;

private:
    // Deadlines fall on whole multiples of the interval on the steady clock, so the rate does
    // not drift and every monitor at one rate wakes at the same instants: ten boxes at 100 Hz
    // cost the thread 100 wake-ups a second, not 1000. After a stall the missed samples are
    // skipped, not taken in a burst. The first sample is taken at once.
    void tick() {
        bool root_alive = sample();
        if (!running_) return;  // a limit handler or a sink stopped us
        if (!root_alive) {
            running_ = false;
            emit(EventKind::lifecycle, "monitor_ended", "process " + std::to_string(root_pid_) + " is gone");
            return;
        }
        const auto since_epoch = Clock::now().time_since_epoch();
        const auto interval = std::chrono::duration_cast<Clock::duration>(options_.interval);
        timer_.expires_at(Clock::time_point((since_epoch / interval + 1) * interval));
        timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
            auto self = weak.lock();
            if (ec || !self || !self->running_) return;
            self->tick();
        });
    }

    // Reads the tree and sends the sample; `last` reads every detail. False once the root
    // has exited.
    bool sample(bool last = false) {
        auto keep_alive = shared_from_this();  // a sink may drop the last owner
        const auto now = Clock::now();
        const double time_s = std::chrono::duration<double>(now - started_).count();
        const GroupUsage group = sources_.group_usage ? sources_.group_usage() : GroupUsage{};
        if (sources_.pids) listed_ = sources_.pids();
        bool details = last || count_ == 0 || !sources_.pids || !has_totals(group) ||
                       now - details_read_at_ >= detail_period;
        bool root_alive = true;
        if (!details) {
            root_alive = reader_->root_alive();
            details = !root_alive;  // the run's last sample: everything, as at stop()
        }
        if (details) {
            auto reading = reader_->read(sources_.pids ? &listed_ : nullptr, options_.per_process);
            root_alive = reading.root_alive;
            builder_.build(last_, time_s, std::move(reading), group, options_.per_process);
            details_read_at_ = now;
        } else {
            const bool root_listed = std::find(listed_.begin(), listed_.end(), root_pid_) != listed_.end();
            builder_.update_totals(last_, time_s, group, listed_.size() + (root_listed ? 0 : 1));
        }
        ++count_;
        if (history_) history_->add(last_);
        sink_(sample_event_.update(last_));
        for (const auto& crossing : watch_.check(sample_event_.values())) report(crossing);
        return root_alive;
    }

    void report(const monitor_detail::Crossing& c) {
        if (c.level == monitor_detail::Crossing::Level::warn) {
            Event e = make_event(EventKind::resource_sample, "threshold_warning", c.message);
            e.values = {{c.metric, c.value}, {"threshold", c.threshold}};
            sink_(e);
            return;
        }
        const Status status = status_for_metric_limit(c.metric);
        if (on_limit_) {
            on_limit_(status, c.message);
            return;
        }
        Event e = make_event(EventKind::limit_violation, std::string(to_string(status)), c.message);
        e.values = {{c.metric, c.value}, {"threshold", c.threshold}};
        sink_(e);
    }

    Event make_event(EventKind kind, std::string name, std::string detail) const {
        Event e;
        e.kind = kind;
        e.time_s = last_.time_s;
        e.name = std::move(name);
        e.detail = std::move(detail);
        e.pid = root_pid_;
        return e;
    }

    void emit(EventKind kind, std::string name, std::string detail) { sink_(make_event(kind, std::move(name), std::move(detail))); }

    boost::asio::steady_timer timer_;
    const int root_pid_;
    const MonitorOptions options_;
    const EventSink sink_;
    const MonitorSources sources_;
    const LimitHandler on_limit_;
    std::unique_ptr<monitor_detail::TreeReader> reader_;
    monitor_detail::SampleBuilder builder_;
    monitor_detail::ThresholdWatch watch_;
    monitor_detail::SampleEvent sample_event_;
    std::vector<int> listed_;  // the sources' pids at the last sample
    const Clock::time_point started_ = Clock::now();
    Clock::time_point details_read_at_;
};

ResourceMonitor::ResourceMonitor(boost::asio::io_context& io, int root_pid, MonitorOptions options, EventSink sink,
                                 MonitorSources sources, LimitHandler on_limit) {
    options.validate();
    if (root_pid <= 0) throw PolicyError("monitor needs a process id > 0, got " + std::to_string(root_pid));
    if (!sink) throw PolicyError("monitor needs an event sink");
    impl_ = std::make_shared<Impl>(io, root_pid, std::move(options), std::move(sink), std::move(sources),
                                   std::move(on_limit));
    impl_->start();
}

// A sink may destroy the monitor while Impl::sample() holds it alive: the flag makes that
// sample the last one.
ResourceMonitor::~ResourceMonitor() { impl_->running_ = false; }

std::unique_ptr<ResourceMonitor> ResourceMonitor::for_box(boost::asio::io_context& io, int root_pid,
                                                          MonitorOptions options, EventSink sink,
                                                          MonitorSources sources, LimitHandler on_limit) {
    return std::make_unique<ResourceMonitor>(io, root_pid, std::move(options), std::move(sink), std::move(sources),
                                             std::move(on_limit));
}

void ResourceMonitor::stop() { impl_->stop(); }
bool ResourceMonitor::running() const { return impl_->running_; }
const ResourceSample& ResourceMonitor::last_sample() const { return impl_->last_; }
std::uint64_t ResourceMonitor::sample_count() const { return impl_->count_; }
const ResourceHistory* ResourceMonitor::history() const { return impl_->history_ ? &*impl_->history_ : nullptr; }

std::unique_ptr<ResourceMonitor> monitor_pid(boost::asio::io_context& io, int pid, std::chrono::milliseconds interval,
                                             EventSink sink) {
    MonitorOptions options;
    options.interval = interval;
    return std::make_unique<ResourceMonitor>(io, pid, std::move(options), std::move(sink));
}

}  // namespace sandbox
