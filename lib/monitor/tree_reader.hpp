// TreeReader: the platform half of the monitor. It reads the raw counters of a process tree;
// SampleBuilder (portable) turns successive readings into ResourceSamples.
#pragma once

#include <sandbox/monitor.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace sandbox::monitor_detail {

struct ProcessReading {
    ProcessSample sample;  // comm/cmdline filled only when details were asked for
    double user_s = 0;
    double sys_s = 0;
    // CPU of children this process has reaped: they left the tree but their time did not.
    double reaped_children_user_s = 0;
    double reaped_children_sys_s = 0;
    std::uint64_t peak_rss_bytes = 0;  // the process's own high-water mark, 0 if unknown
    std::uint64_t sockets = 0;
    std::uint64_t disk_read_bytes = 0;
    std::uint64_t disk_write_bytes = 0;
};

struct NetCounters {
    std::uint64_t rx_bytes = 0;
    std::uint64_t tx_bytes = 0;
    std::uint64_t rx_packets = 0;
    std::uint64_t tx_packets = 0;
};

struct TreeReading {
    bool root_alive = false;  // false once the root pid is gone (reaped)
    std::vector<ProcessReading> processes;
    std::optional<NetCounters> net;  // of the root's network namespace
};

class TreeReader {
public:
    virtual ~TreeReader() = default;
    // Reads the root and its descendants, or the root and `listed_pids` when given (a
    // cgroup's members). `details` asks for comm and cmdline.
    virtual TreeReading read(const std::vector<int>* listed_pids, bool details) = 0;
    // Whether the root has not exited yet, read as cheaply as the platform allows. The default
    // reads the root alone.
    virtual bool root_alive() {
        const std::vector<int> none;
        return read(&none, false).root_alive;
    }
};

// The platform's reader for the tree rooted at `root_pid`. Where finding descendants means
// listing every process, a listing up to `max_scan_age` old may be shared with other readers.
std::unique_ptr<TreeReader> make_tree_reader(int root_pid, std::chrono::milliseconds max_scan_age);

}  // namespace sandbox::monitor_detail
