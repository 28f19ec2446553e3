// ResourceMonitor: periodic samples of a process tree (a box, or any host process and its
// descendants), sent as EventKind::resource_sample events, with an optional per-metric
// history and warn/limit thresholds.
//
//   boost::asio::io_context io;
//   auto monitor = sandbox::monitor_pid(io, 1234, std::chrono::milliseconds(100),
//                                       [](const sandbox::Event& e) { ... });
//   io.run();   // samples every 100 ms until the tree is gone or the monitor is destroyed
//
// A monitor lives on its io_context's thread: create, stop and destroy it there.
#pragma once

#include <sandbox/event.hpp>
#include <sandbox/export.hpp>
#include <sandbox/result.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox {

// One process of the sampled tree.
struct ProcessSample {
    int pid = 0;
    int ppid = 0;
    std::string comm;     // the kernel's short name
    std::string cmdline;  // arguments joined by spaces, empty for kernel threads and zombies
    char state = '?';     // R, S, D, Z, T, ... as in /proc/PID/stat
    std::uint64_t rss_bytes = 0;
    std::uint64_t fds = 0;
    std::uint64_t threads = 0;
    double cpu_s = 0;     // user + system of this process (not of its reaped children)
};

// The whole tree at one instant. Counters (cpu, net, disk) are totals since they started.
struct ResourceSample {
    double time_s = 0;  // seconds since the monitor started
    double cpu_user_s = 0;
    double cpu_sys_s = 0;
    double cpu_percent = 0;  // of one core, over the last interval
    std::uint64_t memory_bytes = 0;
    std::uint64_t memory_peak_bytes = 0;
    std::uint64_t fds = 0;
    std::uint64_t sockets = 0;
    std::uint64_t threads = 0;
    std::uint64_t process_count = 0;
    // Counters of the tree's network namespace (all its interfaces, loopback included).
    std::uint64_t net_rx_bytes = 0;
    std::uint64_t net_tx_bytes = 0;
    std::uint64_t net_rx_packets = 0;
    std::uint64_t net_tx_packets = 0;
    // Bytes the tree made the block layer read or write (0 on tmpfs).
    std::uint64_t disk_read_bytes = 0;
    std::uint64_t disk_write_bytes = 0;
    std::vector<ProcessSample> processes;

    // The numbers as Event::values, keyed by the metric names of resource_metric_names().
    SANDBOX_API std::map<std::string, double> values() const;
};

// Every metric name a sample carries: cpu_user_s, cpu_sys_s, cpu_percent, memory_bytes,
// memory_peak_bytes, fds, sockets, threads, processes, net_rx_bytes, net_tx_bytes,
// net_rx_packets, net_tx_packets, disk_read_bytes, disk_write_bytes.
SANDBOX_API const std::vector<std::string>& resource_metric_names();

// One bucket of a MetricHistory: the samples taken between t_first and t_last.
struct HistoryBucket {
    double t_first = 0;
    double t_last = 0;
    double min = 0;
    double max = 0;
    double mean = 0;
    std::uint64_t count = 0;
};

// A fixed number of buckets covering the whole run. While there is room each sample gets a
// bucket; when full, neighbouring pairs merge (min of mins, max of maxes, weighted mean) and
// each later bucket takes twice as many samples. Memory stays capacity buckets, however long
// the run.
class SANDBOX_API MetricHistory {
public:
    // Throws PolicyError unless capacity is even and at least 2.
    explicit MetricHistory(std::size_t capacity = 512);

    void add(double time_s, double value);
    // Oldest first; the last one may still be filling.
    std::vector<HistoryBucket> buckets() const;
    std::size_t capacity() const { return capacity_; }
    // Samples each complete bucket holds now (1, 2, 4, ...).
    std::uint64_t samples_per_bucket() const { return span_; }

private:
    void merge_pairs();

    std::size_t capacity_;
    std::uint64_t span_ = 1;
    std::vector<HistoryBucket> buckets_;  // reserved to capacity_, never grows past it
};

// A MetricHistory for every metric of resource_metric_names().
class SANDBOX_API ResourceHistory {
public:
    explicit ResourceHistory(std::size_t capacity = 512);
    void add(const ResourceSample& sample);
    const std::map<std::string, MetricHistory>& metrics() const { return metrics_; }
    // {"metric": [{"t_first":..,"t_last":..,"min":..,"max":..,"mean":..,"count":..}, ...], ...}
    std::string to_json() const;

private:
    std::map<std::string, MetricHistory> metrics_;
};

// Levels for one metric, in the metric's own unit (bytes, seconds, count, percent).
struct MetricThreshold {
    std::optional<double> warn;   // crossing it sends a warning event (again after it fell back)
    std::optional<double> limit;  // reaching it sends a limit event and ends the run
};

// Thresholds by metric name (see resource_metric_names()).
struct SANDBOX_API Thresholds {
    std::map<std::string, MetricThreshold> by_metric;

    Thresholds& warn(const std::string& metric, double level);
    Thresholds& limit(const std::string& metric, double level);
    // Throws PolicyError naming the metric: unknown name, negative level, warn above limit,
    // or a limit on a metric no run status matches (limits exist for cpu_*, memory_*,
    // processes, threads, disk_write_bytes and net_tx_bytes; the others take warn only).
    void validate() const;
};

// The status a run ends with when `metric` reaches its limit: cpu_limit, memory_limit,
// pids_limit or output_limit. Throws PolicyError for a metric that has none.
SANDBOX_API Status status_for_metric_limit(std::string_view metric);

struct MonitorOptions {
    std::chrono::milliseconds interval{100};  // at least 10 ms
    bool keep_history = false;
    std::size_t history_capacity = 512;       // buckets per metric
    bool per_process = true;                  // fill ResourceSample::processes
    // Runs in a box with a cgroup: CPU, memory, the exact peak and the process count from the
    // cgroup's counters, as in the Result (see MonitorSources). false: /proc sums at every
    // sample, as for a host tree (RSS, which counts shared file pages the cgroup does not).
    bool cgroup_counters = true;
    Thresholds thresholds;

    // Throws PolicyError naming the first impossible value.
    SANDBOX_API void validate() const;
};

// Exact counters of the tree's cgroup, when it has one. Unset fields come from /proc.
struct GroupUsage {
    std::optional<double> cpu_user_s;
    std::optional<double> cpu_sys_s;
    std::optional<std::uint64_t> memory_bytes;
    std::optional<std::uint64_t> memory_peak_bytes;
};

// A box with a cgroup is sampled from it (Sandbox::set_monitor): CPU, memory, its exact peak
// and the process count at every sample, five kept-open files per box; the per-process
// detail from /proc (fds, sockets, threads, disk, network, ResourceSample::processes) at the
// first and last samples and at most every 200 ms in between, so those fields may be up to
// 200 ms older than the sample's time_s.
struct MonitorSources {
    // Called at every sample; its answer wins over the /proc sums.
    std::function<GroupUsage()> group_usage;
    // Host pids of the tree (e.g. the cgroup's procs). Without it the monitor finds the
    // root's descendants by their parent pids in /proc, which costs a scan of /proc. With it
    // and a group_usage giving CPU and memory, samples read /proc at the detail rate above.
    std::function<std::vector<int>()> pids;
};

// Called once when a metric reaches its limit, with the status and one sentence. The run's
// owner ends the run and reports the violation; without a handler the monitor sends a
// limit_violation event itself.
using LimitHandler = std::function<void(Status status, const std::string& message)>;

class SANDBOX_API ResourceMonitor {
public:
    // Starts sampling `root_pid` and its descendants at once, then every options.interval.
    // Sends each sample, warning and (without on_limit) limit event to `sink`. Sampling stops
    // when the root is gone, when stop() is called, or when the monitor is destroyed.
    // Throws PolicyError for invalid options.
    ResourceMonitor(boost::asio::io_context& io, int root_pid, MonitorOptions options, EventSink sink,
                    MonitorSources sources = {}, LimitHandler on_limit = {});
    ~ResourceMonitor();
    ResourceMonitor(const ResourceMonitor&) = delete;
    ResourceMonitor& operator=(const ResourceMonitor&) = delete;

    // The integration point for a supervisor: a box's init pid, its cgroup as sources.
    static std::unique_ptr<ResourceMonitor> for_box(boost::asio::io_context& io, int root_pid,
                                                    MonitorOptions options, EventSink sink,
                                                    MonitorSources sources, LimitHandler on_limit);

    // Takes one last sample (so short runs get at least one) and stops the timer.
    void stop();
    bool running() const;
    // The latest sample; time_s is 0 and counters 0 before the first one.
    const ResourceSample& last_sample() const;
    // Samples taken so far.
    std::uint64_t sample_count() const;
    // nullptr unless options.keep_history.
    const ResourceHistory* history() const;

private:
    class Impl;
    std::shared_ptr<Impl> impl_;
};

// A host process tree, no sandbox: samples `pid` and its descendants every `interval`.
SANDBOX_API std::unique_ptr<ResourceMonitor> monitor_pid(boost::asio::io_context& io, int pid,
                                                         std::chrono::milliseconds interval, EventSink sink);

}  // namespace sandbox
