#include "group_counters.hpp"

#include "group_parse.hpp"
#include "proc_files.hpp"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>

namespace sandbox::linux_monitor {
namespace {

// The first of `dirs` holding `name`, opened for reading; an empty fd when none does.
linux_box::UniqueFd open_in_first(const std::vector<int>& dirs, const char* name) {
    for (int dir : dirs) {
        linux_box::UniqueFd fd(::openat(dir, name, O_RDONLY | O_CLOEXEC));
        if (fd.get() >= 0) return fd;
    }
    return {};
}

bool is_v2(int dir) {
    struct statfs fs {};
    return ::fstatfs(dir, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
}

}  // namespace

GroupCounters::GroupCounters(const std::vector<int>& group_dirs) {
    std::vector<int> v2_dirs, v1_dirs;
    for (int dir : group_dirs) (is_v2(dir) ? v2_dirs : v1_dirs).push_back(dir);
    std::vector<int> v2_first = v2_dirs;
    v2_first.insert(v2_first.end(), v1_dirs.begin(), v1_dirs.end());

    cpu_user_ = open_in_first(group_dirs, "cpuacct.usage_user");
    cpu_sys_ = open_in_first(group_dirs, "cpuacct.usage_sys");
    if (cpu_user_.get() >= 0 && cpu_sys_.get() >= 0) {
        cpu_unit_ = CpuUnit::v1_ns;
    } else {
        cpu_sys_.reset();
        // Only v2's cpu.stat has the usage (v1's cpu.stat is throttling alone).
        cpu_user_ = open_in_first(v2_dirs, "cpu.stat");
        if (cpu_user_.get() >= 0) cpu_unit_ = CpuUnit::v2_stat;
    }
    memory_ = open_in_first(group_dirs, "memory.usage_in_bytes");
    if (memory_.get() >= 0) {
        memory_peak_ = open_in_first(group_dirs, "memory.max_usage_in_bytes");
    } else {
        memory_ = open_in_first(group_dirs, "memory.current");
        memory_peak_ = open_in_first(group_dirs, "memory.peak");  // Linux >= 5.19
    }
    // The v2 group holds every member from its birth; a v1 group only once it attached itself.
    procs_ = open_in_first(v2_first, "cgroup.procs");
}

bool GroupCounters::read(const linux_box::UniqueFd& file, Records records) {
    return file.get() >= 0 && pread_whole(file.get(), records, text_);
}

GroupUsage GroupCounters::usage() {
    GroupUsage g;
    if (cpu_unit_ == CpuUnit::v1_ns) {
        std::optional<std::uint64_t> user, sys;
        if (read(cpu_user_, Records::one)) user = parse_group_number(text_);
        if (read(cpu_sys_, Records::one)) sys = parse_group_number(text_);
        if (user && sys) {
            g.cpu_user_s = static_cast<double>(*user) / 1e9;
            g.cpu_sys_s = static_cast<double>(*sys) / 1e9;
        }
    } else if (cpu_unit_ == CpuUnit::v2_stat && read(cpu_user_, Records::one)) {
        if (auto stat = parse_cpu_stat_usec(text_)) {
            g.cpu_user_s = static_cast<double>(stat->user) / 1e6;
            g.cpu_sys_s = static_cast<double>(stat->system) / 1e6;
        }
    }
    if (read(memory_, Records::one)) g.memory_bytes = parse_group_number(text_);
    if (read(memory_peak_, Records::one)) g.memory_peak_bytes = parse_group_number(text_);
    return g;
}

bool GroupCounters::members(std::vector<int>& out) {
    if (!read(procs_, Records::many)) {
        out.clear();
        return false;
    }
    return parse_group_pids(text_, out);
}

}  // namespace sandbox::linux_monitor
