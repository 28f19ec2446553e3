// Result: what happened in one run, with the status vocabulary of DESIGN.md.
#pragma once

#include <sandbox/event.hpp>
#include <sandbox/lint.hpp>
#include <sandbox/export.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox {

enum class Status {
    ok,
    nonzero_exit,
    signaled,
    timeout,        // wall clock
    cpu_limit,
    memory_limit,   // from the kernel's OOM counter, never guessed from a SIGKILL
    pids_limit,     // from the kernel's pids counter
    output_limit,
    security_violation,
    killed,         // by the caller
    setup_error,
    internal_error,
};

SANDBOX_API std::string_view to_string(Status status);
SANDBOX_API Status status_from_string(std::string_view name);  // throws PolicyError

struct Result {
    Status status = Status::internal_error;
    int exit_code = -1;  // the program's exit code, or -1 when it did not exit
    int signal = 0;      // the signal that ended it, or 0
    double wall_time_s = 0;
    double cpu_user_s = 0;
    double cpu_sys_s = 0;
    std::uint64_t peak_memory_bytes = 0;
    std::string stdout_data;
    std::string stderr_data;
    bool stdout_truncated = false;
    bool stderr_truncated = false;
    std::string message;  // one human sentence on why the run ended as it did
    // Where the usage numbers came from: "cgroup" or "rusage".
    std::string usage_source;
    // Limits or mechanisms the host could not apply, each a short sentence.
    std::vector<std::string> degraded;
    // Events of the run, in order (lifecycle, violations, security).
    std::vector<Event> events;
    // The BreachDetector's summary of the run (BreachSummary::to_json()); "" when the run had
    // none, which the JSON shows as an empty summary.
    std::string breach_summary_json;
    // Advisory findings of the source linter (run_code), never a boundary.
    std::vector<LintFinding> lint_findings;

    // Exit code a CLI should return: the child's, 128+signal, 125 for setup errors.
    SANDBOX_API int cli_exit_code() const;

    // One JSON object; readers ignore keys they do not know; keys are only added.
    SANDBOX_API std::string to_json() const;
    SANDBOX_API static Result from_json(std::string_view json);
    // A short readable report, several lines.
    SANDBOX_API std::string to_report() const;
};

}  // namespace sandbox
