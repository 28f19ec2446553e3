#include "cgroup_v1.hpp"

#include "cgroup_files.hpp"

#include <sandbox/error.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>

namespace sandbox::linux_box {

namespace {

using Clock = std::chrono::steady_clock;

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

// v1 cpuset groups start with empty cpus and mems, which refuses every task: copy the
// parent's unless set. Applied to our `rusty-sandbox` parent as well as to each run group.
void inherit_cpuset(const std::string& dir) {
    auto slash = dir.rfind('/');
    std::string parent = dir.substr(0, slash);
    for (const char* file : {"cpuset.cpus", "cpuset.mems"}) {
        if (!trimmed(cgroupfs::read_file(dir + "/" + file).value_or("")).empty()) continue;
        auto value = trimmed(cgroupfs::read_file(parent + "/" + file).value_or(""));
        if (!value.empty()) cgroupfs::write_file(dir + "/" + file, value);
    }
}

bool freezer_state_is(int dir_fd, const char* state) {
    return trimmed(cgroupfs::read_at(dir_fd, "freezer.state").value_or("")) == state;
}

void kill_members(int dir_fd) {
    for (int pid : cgroupfs::parse_pids(cgroupfs::read_at(dir_fd, "cgroup.procs").value_or(""))) {
        ::kill(pid, SIGKILL);
    }
}

}  // namespace

V1Group::V1Group(CgroupHierarchy hierarchy, std::string path, int dir_fd, int tasks_fd)
    : hierarchy_(std::move(hierarchy)), path_(std::move(path)), dir_fd_(dir_fd), tasks_fd_(tasks_fd) {}

V1Group::~V1Group() {
    if (tasks_fd_ >= 0) ::close(tasks_fd_);
    if (dir_fd_ >= 0) ::close(dir_fd_);
}

std::unique_ptr<V1Group> V1Group::create(const CgroupHierarchy& hierarchy,
                                         const std::string& parent_dir, const std::string& name) {
    std::string path = parent_dir + "/" + name;
    if (hierarchy.has("cpuset")) inherit_cpuset(parent_dir);
    if (::mkdir(path.c_str(), 0755) != 0) {
        throw SetupError("cannot create cgroup " + path + ": " + cgroupfs::errno_text(errno));
    }
    if (hierarchy.has("cpuset")) inherit_cpuset(path);
    int dir_fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int tasks_fd = dir_fd < 0 ? -1 : ::openat(dir_fd, "tasks", O_WRONLY | O_CLOEXEC);
    if (tasks_fd < 0) {
        int err = errno;
        if (dir_fd >= 0) ::close(dir_fd);
        ::rmdir(path.c_str());
        throw SetupError("cannot open cgroup " + path + "/tasks: " + cgroupfs::errno_text(err));
    }
    return std::unique_ptr<V1Group>(new V1Group(hierarchy, path, dir_fd, tasks_fd));
}

void V1Group::read_usage(CgroupUsage& usage, bool live) const {
    auto number = [&](const char* file) {
        return cgroupfs::parse_u64(cgroupfs::read_at(dir_fd_, file).value_or(""));
    };
    if (hierarchy_.has("cpuacct")) {
        // cpuacct.usage, usage_user and usage_sys are nanoseconds (cpuacct.stat would be
        // USER_HZ ticks).
        if (auto total = number("cpuacct.usage")) {
            usage.has_cpu = true;
            usage.cpu_total_s = static_cast<double>(*total) / 1e9;
            usage.cpu_user_s = static_cast<double>(number("cpuacct.usage_user").value_or(0)) / 1e9;
            usage.cpu_sys_s = static_cast<double>(number("cpuacct.usage_sys").value_or(0)) / 1e9;
        }
    }
    if (hierarchy_.has("cpu")) {
        auto stat = cgroupfs::parse_flat_keyed(cgroupfs::read_at(dir_fd_, "cpu.stat").value_or(""));
        usage.cpu_throttled_periods = stat["nr_throttled"];
    }
    if (hierarchy_.has("memory") && !live) {
        if (auto peak = number("memory.max_usage_in_bytes")) {
            usage.has_memory = true;
            usage.memory_peak_bytes = *peak;
            auto control =
                cgroupfs::parse_flat_keyed(cgroupfs::read_at(dir_fd_, "memory.oom_control").value_or(""));
            usage.oom_kills = control["oom_kill"];
        }
    } else if (hierarchy_.has("memory")) {
        if (auto current = number("memory.usage_in_bytes")) {
            usage.has_memory = true;
            usage.memory_current_bytes = *current;
            usage.memory_peak_bytes = number("memory.max_usage_in_bytes").value_or(*current);
            auto control =
                cgroupfs::parse_flat_keyed(cgroupfs::read_at(dir_fd_, "memory.oom_control").value_or(""));
            usage.oom_kills = control["oom_kill"];
            // failcnt counts charges refused at the limit (with memsw set to the same limit,
            // the memory+swap counter is the one that fails). Some kernels leave both at 0
            // (6.18 does), yet every OOM kill means the limit was hit at least once.
            usage.oom_events = std::max<std::uint64_t>(
                number("memory.failcnt").value_or(0) + number("memory.memsw.failcnt").value_or(0),
                usage.oom_kills);
        }
    }
    if (hierarchy_.has("pids") && !live) {
        if (auto events = cgroupfs::read_at(dir_fd_, "pids.events")) {
            usage.has_pids = true;
            usage.pids_max_hits = cgroupfs::parse_flat_keyed(*events)["max"];
        }
    } else if (hierarchy_.has("pids")) {
        if (auto current = number("pids.current")) {
            usage.has_pids = true;
            usage.pids_current = *current;
            auto events =
                cgroupfs::parse_flat_keyed(cgroupfs::read_at(dir_fd_, "pids.events").value_or(""));
            usage.pids_max_hits = events["max"];
        }
    }
}

std::vector<int> V1Group::pids() const {
    return cgroupfs::parse_pids(cgroupfs::read_at(dir_fd_, "cgroup.procs").value_or(""));
}

bool V1Group::remove() { return cgroupfs::remove_dir(path_); }

bool V1Group::try_remove() { return ::rmdir(path_.c_str()) == 0 || errno == ENOENT; }

void v1_kill_all(const V1Group* freezer, const std::vector<const V1Group*>& groups) {
    if (freezer && cgroupfs::write_at(freezer->dir_fd(), "freezer.state", "FROZEN") == 0) {
        // FREEZING turns into FROZEN once every task stopped; bounded, a task stuck in
        // uninterruptible sleep can hold it in FREEZING.
        auto deadline = Clock::now() + std::chrono::milliseconds(500);
        while (!freezer_state_is(freezer->dir_fd(), "FROZEN") && Clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        for (const auto* group : groups) kill_members(group->dir_fd());
        cgroupfs::write_at(freezer->dir_fd(), "freezer.state", "THAWED");
    }
    // Without a freezer (or one that failed), members forked between a listing and the
    // kills survive a round: repeat until a listing comes back empty.
    for (int round = 0; round < 100 && !v1_empty(groups); ++round) {
        for (const auto* group : groups) kill_members(group->dir_fd());
        std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
}

bool v1_empty(const std::vector<const V1Group*>& groups) {
    for (const auto* group : groups) {
        if (!group->pids().empty()) return false;
    }
    return true;
}

bool end_v1_group(const std::string& path, std::chrono::milliseconds timeout) {
    int dir_fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) return errno == ENOENT;
    // A frozen stale group would keep its killed members: thaw first (ENOENT without freezer).
    cgroupfs::write_at(dir_fd, "freezer.state", "THAWED");
    auto deadline = Clock::now() + timeout;
    for (;;) {
        auto members = cgroupfs::parse_pids(cgroupfs::read_at(dir_fd, "cgroup.procs").value_or(""));
        if (members.empty() || Clock::now() >= deadline) break;
        for (int pid : members) ::kill(pid, SIGKILL);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ::close(dir_fd);
    return cgroupfs::remove_dir(path);
}

}  // namespace sandbox::linux_box
