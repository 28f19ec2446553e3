// ResourceMonitor: samples a process tree on a steady_timer and sends what it sees as events.
#include "sample_builder.hpp"
#include "threshold_watch.hpp"
#include "tree_reader.hpp"

#include <sandbox/error.hpp>
#include <sandbox/monitor.hpp>

#include <boost/asio/steady_timer.hpp>

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
          watch_(options_.thresholds) {
        if (options_.keep_history) history_.emplace(options_.history_capacity);
    }

    void start() {
        running_ = true;
        next_due_ = started_;
        tick();
    }

    void stop() {
        if (!running_) return;
        running_ = false;
        timer_.cancel();
        sample();
    }

    bool running_ = false;
    ResourceSample last_;
    std::uint64_t count_ = 0;
    std::optional<ResourceHistory> history_;

private:
    double elapsed_s() const { return std::chrono::duration<double>(Clock::now() - started_).count(); }

    // Deadlines advance by whole intervals from the start, so the rate does not drift; after a
    // stall the missed samples are skipped, not taken in a burst.
    void tick() {
        bool root_alive = sample();
        if (!running_) return;  // a limit handler or a sink stopped us
        if (!root_alive) {
            running_ = false;
            emit(EventKind::lifecycle, "monitor_ended", "process " + std::to_string(root_pid_) + " is gone");
            return;
        }
        const auto now = Clock::now();
        do next_due_ += options_.interval;
        while (next_due_ <= now);
        timer_.expires_at(next_due_);
        timer_.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
            auto self = weak.lock();
            if (ec || !self || !self->running_) return;
            self->tick();
        });
    }

    bool sample() {
        auto keep_alive = shared_from_this();  // a sink may drop the last owner
        std::vector<int> listed;
        if (sources_.pids) listed = sources_.pids();
        auto reading = reader_->read(sources_.pids ? &listed : nullptr, options_.per_process);
        const bool root_alive = reading.root_alive;
        GroupUsage group = sources_.group_usage ? sources_.group_usage() : GroupUsage{};
        last_ = builder_.build(elapsed_s(), std::move(reading), group, options_.per_process);
        ++count_;
        if (history_) history_->add(last_);
        Event e = make_event(EventKind::resource_sample, "sample", "");
        e.values = last_.values();
        sink_(e);
        for (const auto& crossing : watch_.check(last_)) report(crossing);
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
    const Clock::time_point started_ = Clock::now();
    Clock::time_point next_due_;
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
