#include "cgroup_v2.hpp"

#include "cgroup_files.hpp"

#include <sandbox/error.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace sandbox::linux_box {

namespace {

using Clock = std::chrono::steady_clock;

bool events_say_empty(int dir_fd) {
    auto events = cgroupfs::read_at(dir_fd, "cgroup.events");
    if (!events) {
        // No cgroup.events (should not happen on 4.14+): fall back to the member list.
        return cgroupfs::parse_pids(cgroupfs::read_at(dir_fd, "cgroup.procs").value_or("")).empty();
    }
    auto fields = cgroupfs::parse_flat_keyed(*events);
    auto it = fields.find("populated");
    return it != fields.end() && it->second == 0;
}

// cgroup.kill (Linux 5.14+) ends every member atomically. Older kernels: SIGKILL the listed
// members until a listing comes back empty (bounded; members forked in between need a round).
void kill_members(int dir_fd) {
    if (cgroupfs::write_at(dir_fd, "cgroup.kill", "1") == 0) return;
    for (int round = 0; round < 100; ++round) {
        auto members = cgroupfs::parse_pids(cgroupfs::read_at(dir_fd, "cgroup.procs").value_or(""));
        if (members.empty()) return;
        for (int pid : members) ::kill(pid, SIGKILL);
        ::usleep(500);
    }
}

}  // namespace

V2Group::V2Group(std::string path, int dir_fd) : path_(std::move(path)), dir_fd_(dir_fd) {}

V2Group::~V2Group() {
    if (dir_fd_ >= 0) ::close(dir_fd_);
}

std::unique_ptr<V2Group> V2Group::create(const std::string& parent_dir, const std::string& name,
                                         const std::vector<std::string>& wanted) {
    std::string path = parent_dir + "/" + name;
    if (::mkdir(path.c_str(), 0755) != 0) {
        throw SetupError("cannot create cgroup " + path + ": " + cgroupfs::errno_text(errno));
    }
    // Members join with CLONE_INTO_CGROUP through this fd (see HostRunCgroup::clone_into_fd).
    int dir_fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) {
        int err = errno;
        ::rmdir(path.c_str());
        throw SetupError("cannot open cgroup " + path + ": " + cgroupfs::errno_text(err));
    }
    std::unique_ptr<V2Group> group(new V2Group(path, dir_fd));
    // A new group has what its parent's cgroup.subtree_control enables. Only when a wanted
    // controller is missing is the parent asked (what it offers) and told to enable it, which
    // reaches the existing child at once: one read per run when nothing is to be enabled.
    group->created_controllers_ = group->controllers();
    std::vector<std::string> missing;
    for (const auto& controller : wanted) {
        if (std::find(group->created_controllers_.begin(), group->created_controllers_.end(), controller) ==
            group->created_controllers_.end())
            missing.push_back(controller);
    }
    if (missing.empty()) return group;
    auto offered = cgroupfs::split_words(
        cgroupfs::read_file(parent_dir + "/cgroup.controllers").value_or(""));
    std::string enable;
    for (const auto& controller : missing) {
        if (std::find(offered.begin(), offered.end(), controller) != offered.end())
            enable += (enable.empty() ? "+" : " +") + controller;
    }
    // A refusal here (e.g. the parent holds processes) shows up as missing controllers in
    // the new group, which the caller reports per limit.
    if (!enable.empty()) {
        cgroupfs::write_file(parent_dir + "/cgroup.subtree_control", enable);
        group->created_controllers_ = group->controllers();
    }
    return group;
}

std::vector<std::string> V2Group::controllers() const {
    return cgroupfs::split_words(cgroupfs::read_at(dir_fd_, "cgroup.controllers").value_or(""));
}

void V2Group::read_usage(CgroupUsage& usage, const std::vector<std::string>& with_controllers,
                         bool live) const {
    auto counts = [&](const char* controller) {
        return std::find(with_controllers.begin(), with_controllers.end(), controller) !=
               with_controllers.end();
    };
    if (counts("cpu")) {
        // usage_usec/user_usec/system_usec exist in every group, with or without the cpu
        // controller; nr_throttled only with it.
        if (auto text = cgroupfs::read_at(dir_fd_, "cpu.stat")) {
            auto stat = cgroupfs::parse_flat_keyed(*text);
            usage.has_cpu = true;
            usage.cpu_total_s = static_cast<double>(stat["usage_usec"]) / 1e6;
            usage.cpu_user_s = static_cast<double>(stat["user_usec"]) / 1e6;
            usage.cpu_sys_s = static_cast<double>(stat["system_usec"]) / 1e6;
            usage.cpu_throttled_periods = stat["nr_throttled"];
        }
    }
    if (counts("memory") && !live) {
        if (auto peak = cgroupfs::read_at(dir_fd_, "memory.peak")) {
            usage.has_memory = true;
            usage.memory_peak_bytes = cgroupfs::parse_u64(*peak).value_or(0);
            auto events =
                cgroupfs::parse_flat_keyed(cgroupfs::read_at(dir_fd_, "memory.events").value_or(""));
            usage.oom_kills = events["oom_kill"];
        }
    } else if (counts("memory")) {
        if (auto current = cgroupfs::read_at(dir_fd_, "memory.current")) {
            usage.has_memory = true;
            usage.memory_current_bytes = cgroupfs::parse_u64(*current).value_or(0);
            usage.memory_peak_bytes =
                cgroupfs::parse_u64(cgroupfs::read_at(dir_fd_, "memory.peak").value_or(""))
                    .value_or(usage.memory_current_bytes);
            auto events =
                cgroupfs::parse_flat_keyed(cgroupfs::read_at(dir_fd_, "memory.events").value_or(""));
            usage.oom_events = events["oom"];
            usage.oom_kills = events["oom_kill"];
        }
    }
    if (counts("pids") && !live) {
        if (auto events = cgroupfs::read_at(dir_fd_, "pids.events")) {
            usage.has_pids = true;
            usage.pids_max_hits = cgroupfs::parse_flat_keyed(*events)["max"];
        }
    } else if (counts("pids")) {
        if (auto current = cgroupfs::read_at(dir_fd_, "pids.current")) {
            usage.has_pids = true;
            usage.pids_current = cgroupfs::parse_u64(*current).value_or(0);
            auto events =
                cgroupfs::parse_flat_keyed(cgroupfs::read_at(dir_fd_, "pids.events").value_or(""));
            usage.pids_max_hits = events["max"];
        }
    }
}

void V2Group::kill() { kill_members(dir_fd_); }

bool V2Group::wait_empty(Clock::time_point deadline) const {
    int events_fd = ::openat(dir_fd_, "cgroup.events", O_RDONLY | O_CLOEXEC);
    if (events_fd < 0) {
        // Old kernel without cgroup.events: poll the member list.
        while (Clock::now() < deadline) {
            if (events_say_empty(dir_fd_)) return true;
            ::usleep(2000);
        }
        return events_say_empty(dir_fd_);
    }
    bool empty = false;
    // kernfs signals a change of cgroup.events with POLLPRI, but rate-limits those
    // notifications to one per 10 ms: also re-read on a short timer that starts at 1 ms
    // (members end within a few ms of cgroup.kill) and backs off to 50 ms.
    int interval_ms = 1;
    for (;;) {
        char buf[256];
        ::lseek(events_fd, 0, SEEK_SET);
        ssize_t n = ::read(events_fd, buf, sizeof buf - 1);
        if (n >= 0) {
            buf[n] = '\0';
            auto fields = cgroupfs::parse_flat_keyed(buf);
            empty = fields.count("populated") && fields["populated"] == 0;
        }
        if (empty) break;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) break;
        pollfd pfd{events_fd, POLLPRI, 0};
        ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left.count(), interval_ms)));
        interval_ms = std::min(interval_ms * 2, 50);
    }
    ::close(events_fd);
    return empty;
}

std::vector<int> V2Group::pids() const {
    return cgroupfs::parse_pids(cgroupfs::read_at(dir_fd_, "cgroup.procs").value_or(""));
}

bool V2Group::remove() { return cgroupfs::remove_dir(path_); }

bool V2Group::try_remove() { return ::rmdir(path_.c_str()) == 0 || errno == ENOENT; }

bool end_v2_group(const std::string& path, std::chrono::milliseconds timeout) {
    int dir_fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) return errno == ENOENT;
    auto deadline = Clock::now() + timeout;
    kill_members(dir_fd);
    while (!events_say_empty(dir_fd) && Clock::now() < deadline) ::usleep(2000);
    ::close(dir_fd);
    return cgroupfs::remove_dir(path);
}

}  // namespace sandbox::linux_box
