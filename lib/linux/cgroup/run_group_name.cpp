#include "run_group_name.hpp"

#include "cgroup_files.hpp"

#include <sandbox/error.hpp>

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <sstream>

namespace sandbox::linux_box {

std::optional<std::uint64_t> process_start_time(pid_t pid) {
    auto stat = cgroupfs::read_file("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return std::nullopt;
    // The command name (field 2) may hold spaces and ')': fields resume after the last ')'.
    auto close = stat->rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(stat->substr(close + 1));
    std::string field;
    // After ')' come fields 3 (state) .. 22 (starttime): skip 19, read the 20th.
    for (int i = 3; i < 22; ++i) {
        if (!(fields >> field)) return std::nullopt;
    }
    std::uint64_t start = 0;
    if (!(fields >> start)) return std::nullopt;
    return start;
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
    // Looked up per call, not cached: a forked child creating groups is a different owner.
    const pid_t self = ::getpid();
    const std::uint64_t self_start = process_start_time(self).value_or(0);
    std::string name = "run-" + std::to_string(self) + "-" + std::to_string(self_start) + "-" +
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
    auto start = process_start_time(owner.pid);
    return start && *start == owner.start_time;
}

}  // namespace sandbox::linux_box
