// The verdict: which status a run gets from what the supervisor and the kernel observed.
// Pure, so every rule is unit-tested.
#pragma once

#include <sandbox/result.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace sandbox {

struct Observations {
    // The first cause the supervisor recorded (timeout, output_limit, cpu_limit, killed...)
    // and its sentence; never overwritten once set.
    std::optional<Status> cause;
    std::string cause_message;
    // The box's own report.
    std::optional<std::string> setup_failure;  // a box step or exec failed: the sentence
    std::optional<int> wait_status;            // of the target program
    // Kernel counters read after the run (zero when there was no cgroup).
    std::uint64_t oom_kills = 0;
    std::uint64_t pids_max_hits = 0;
    // CPU time of the box and its limit.
    double cpu_total_s = 0;
    std::optional<std::uint64_t> cpu_limit_ms;
    std::optional<std::uint64_t> memory_limit_bytes;
    std::optional<std::uint32_t> pids_limit;
};

struct Verdict {
    Status status = Status::internal_error;
    int exit_code = -1;
    int signal = 0;
    std::string message;
};

Verdict decide(const Observations& seen);

}  // namespace sandbox
