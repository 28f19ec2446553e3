#include "limit_writes.hpp"

#include <sandbox/error.hpp>

#include <algorithm>
#include <cctype>

namespace sandbox::linux_box {

namespace {

bool is_device_number(const std::string& device) {
    auto colon = device.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == device.size()) return false;
    return std::all_of(device.begin(), device.end(),
                       [](char c) { return c == ':' || std::isdigit(static_cast<unsigned char>(c)); }) &&
           std::count(device.begin(), device.end(), ':') == 1;
}

bool is_cpu_list(const std::string& cpus) {
    // "0", "0-3", "0,2,4-5": digits, commas and dashes.
    return !cpus.empty() && std::all_of(cpus.begin(), cpus.end(), [](char c) {
        return c == ',' || c == '-' || std::isdigit(static_cast<unsigned char>(c));
    });
}

}  // namespace

void validate_limits(const CgroupLimits& limits) {
    if (limits.memory_bytes && *limits.memory_bytes < 4096) {
        throw PolicyError("cgroup memory limit must be at least 4096 bytes, got " +
                          std::to_string(*limits.memory_bytes));
    }
    if (limits.memory_high_bytes && *limits.memory_high_bytes < 4096) {
        throw PolicyError("cgroup memory high watermark must be at least 4096 bytes, got " +
                          std::to_string(*limits.memory_high_bytes));
    }
    if (limits.pids && *limits.pids == 0) {
        throw PolicyError("cgroup pids limit must be at least 1");
    }
    // The kernel accepts CFS periods of 1 ms .. 1 s and quotas of at least 1 ms.
    if (limits.cpu_period_us < 1000 || limits.cpu_period_us > 1'000'000) {
        throw PolicyError("cgroup cpu period must be 1000..1000000 us, got " +
                          std::to_string(limits.cpu_period_us));
    }
    if (limits.cpu_quota_us && *limits.cpu_quota_us < 1000) {
        throw PolicyError("cgroup cpu quota must be at least 1000 us, got " +
                          std::to_string(*limits.cpu_quota_us));
    }
    if (limits.cpu_weight && (*limits.cpu_weight < 1 || *limits.cpu_weight > 10000)) {
        throw PolicyError("cgroup cpu weight must be 1..10000, got " +
                          std::to_string(*limits.cpu_weight));
    }
    if (!limits.cpuset.empty() && !is_cpu_list(limits.cpuset)) {
        throw PolicyError("cgroup cpuset '" + limits.cpuset +
                          "' is not a cpu list like \"0-1,3\"");
    }
    for (const auto& io : limits.io) {
        if (!is_device_number(io.device)) {
            throw PolicyError("cgroup io limit device '" + io.device +
                              "' is not MAJOR:MINOR like \"8:0\"");
        }
    }
}

std::uint64_t weight_to_shares(std::uint32_t weight) {
    std::uint64_t shares = static_cast<std::uint64_t>(weight) * 1024 / 100;
    return std::clamp<std::uint64_t>(shares, 2, 262144);
}

std::vector<LimitWrite> v1_limit_writes(const CgroupLimits& limits) {
    std::vector<LimitWrite> out;
    if (limits.memory_bytes) {
        auto bytes = std::to_string(*limits.memory_bytes);
        out.push_back({"memory", "memory.limit_in_bytes", bytes, "memory limit"});
        // memsw = memory+swap; equal to the memory limit means no swap at all. It must be
        // written after memory.limit_in_bytes (the kernel keeps memsw >= memory).
        out.push_back({"memory", "memory.memsw.limit_in_bytes", bytes, "swap off"});
    }
    if (limits.pids) {
        out.push_back({"pids", "pids.max", std::to_string(*limits.pids), "pids limit"});
    }
    if (limits.cpu_quota_us) {
        out.push_back({"cpu", "cpu.cfs_period_us", std::to_string(limits.cpu_period_us),
                       "cpu quota"});
        out.push_back({"cpu", "cpu.cfs_quota_us", std::to_string(*limits.cpu_quota_us),
                       "cpu quota"});
    }
    if (limits.cpu_weight) {
        out.push_back({"cpu", "cpu.shares", std::to_string(weight_to_shares(*limits.cpu_weight)),
                       "cpu weight"});
    }
    if (!limits.cpuset.empty()) {
        out.push_back({"cpuset", "cpuset.cpus", limits.cpuset, "cpuset"});
    }
    for (const auto& io : limits.io) {
        auto add = [&](const char* file, const std::optional<std::uint64_t>& value) {
            if (value) {
                out.push_back({"blkio", file, io.device + " " + std::to_string(*value),
                               "io limit on " + io.device});
            }
        };
        add("blkio.throttle.read_bps_device", io.read_bps);
        add("blkio.throttle.write_bps_device", io.write_bps);
        add("blkio.throttle.read_iops_device", io.read_iops);
        add("blkio.throttle.write_iops_device", io.write_iops);
    }
    return out;
}

std::vector<LimitWrite> v2_limit_writes(const CgroupLimits& limits) {
    std::vector<LimitWrite> out;
    if (limits.memory_bytes) {
        out.push_back({"memory", "memory.max", std::to_string(*limits.memory_bytes),
                       "memory limit"});
        out.push_back({"memory", "memory.swap.max", "0", "swap off"});
    }
    if (limits.memory_high_bytes) {
        out.push_back({"memory", "memory.high", std::to_string(*limits.memory_high_bytes),
                       "memory high watermark"});
    }
    if (limits.pids) {
        out.push_back({"pids", "pids.max", std::to_string(*limits.pids), "pids limit"});
    }
    if (limits.cpu_quota_us) {
        out.push_back({"cpu", "cpu.max",
                       std::to_string(*limits.cpu_quota_us) + " " +
                           std::to_string(limits.cpu_period_us),
                       "cpu quota"});
    }
    if (limits.cpu_weight) {
        out.push_back({"cpu", "cpu.weight", std::to_string(*limits.cpu_weight), "cpu weight"});
    }
    if (!limits.cpuset.empty()) {
        out.push_back({"cpuset", "cpuset.cpus", limits.cpuset, "cpuset"});
    }
    for (const auto& io : limits.io) {
        std::string value = io.device;
        if (io.read_bps) value += " rbps=" + std::to_string(*io.read_bps);
        if (io.write_bps) value += " wbps=" + std::to_string(*io.write_bps);
        if (io.read_iops) value += " riops=" + std::to_string(*io.read_iops);
        if (io.write_iops) value += " wiops=" + std::to_string(*io.write_iops);
        if (value != io.device) out.push_back({"io", "io.max", value, "io limit on " + io.device});
    }
    return out;
}

}  // namespace sandbox::linux_box
