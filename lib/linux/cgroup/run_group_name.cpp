#include "run_group_name.hpp"

#include "cgroup_files.hpp"
#include "../../host_pids.hpp"

#include <sandbox/error.hpp>

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <sstream>

namespace sandbox::linux_box {

namespace {

struct ProcessStat {
    char state = '?';
    std::uint64_t start_time = 0;
};

std::optional<ProcessStat> read_process_stat(pid_t pid) {
    auto stat = cgroupfs::read_file("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return std::nullopt;
    // The command name (field 2) may hold spaces and ')': fields resume after the last ')'.
    auto close = stat->rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(stat->substr(close + 1));
    ProcessStat result;
    std::string field;
    if (!(fields >> result.state)) return std::nullopt;
    // After the state (field 3) come fields 4 .. 22 (starttime): skip 18, read the 19th.
    for (int i = 4; i < 22; ++i) {
        if (!(fields >> field)) return std::nullopt;
    }
    if (!(fields >> result.start_time)) return std::nullopt;
    return result;
}

}  // namespace

std::optional<std::uint64_t> process_start_time(pid_t pid) {
    auto stat = read_process_stat(pid);
    if (!stat) return std::nullopt;
    return stat->start_time;
}

std::string make_run_group_name(const std::string& label) {
    if (label.size() > 64) {
        throw PolicyError("cgroup run label is longer than 64 characters: '" + label + "'");
    }
    for (char c : label) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '.' || c == '-';
        if (!ok) {
            throw PolicyError("cgroup run label '" + label +
                              "' may only hold letters, digits, '_', '.' and '-'");
        }
    }
    static std::atomic<std::uint64_t> sequence{0};
    // This process's start time and pid namespace never change: read once per pid. Keyed by
    // the pid, since a forked child creating groups is a different owner.
    static std::mutex owner_mutex;
    static RunGroupOwner& owner = *new RunGroupOwner;  // never destroyed: a supervisor thread may still use it at exit
    static bool owner_pids_host_wide = true;
    const pid_t self = ::getpid();
    std::uint64_t self_start = 0;
    bool host_wide = true;
    {
        std::lock_guard lock(owner_mutex);
        if (owner.pid != self) {
            owner = {self, process_start_time(self).value_or(0)};
            owner_pids_host_wide = pids_are_host_wide();
        }
        self_start = owner.start_time;
        host_wide = owner_pids_host_wide;
    }
    // From a nested pid namespace our pid means another process to a supervisor on the
    // host: such groups get a name nobody's stale clean-up parses (see host_pids.hpp).
    const char* kind = host_wide ? "run-" : "nsrun-";
    std::string name = kind + std::to_string(self) + "-" + std::to_string(self_start) + "-" +
                       std::to_string(sequence.fetch_add(1));
    if (!label.empty()) name += "-" + label;
    return name;
}

std::optional<RunGroupOwner> parse_run_group_name(const std::string& name) {
    long long pid = 0;
    unsigned long long start = 0, seq = 0;
    int consumed = 0;
    if (std::sscanf(name.c_str(), "run-%lld-%llu-%llu%n", &pid, &start, &seq, &consumed) != 3) {
        return std::nullopt;
    }
    if (pid <= 0 || (name[consumed] != '\0' && name[consumed] != '-')) return std::nullopt;
    return RunGroupOwner{static_cast<pid_t>(pid), start};
}

bool owner_alive(const RunGroupOwner& owner) {
    auto stat = read_process_stat(owner.pid);
    // A zombie owner is dead: it only waits for its parent to reap it.
    return stat && stat->start_time == owner.start_time && stat->state != 'Z' && stat->state != 'X';
}

}  // namespace sandbox::linux_box
