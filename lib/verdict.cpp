#include "verdict.hpp"

#include <csignal>
#include <cstring>
#include <sys/wait.h>

namespace sandbox {
namespace {

std::string signal_name(int sig) {
#ifdef __GLIBC__
    const char* abbrev = sigabbrev_np(sig);
    return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
#else
    const char* description = strsignal(sig);  // no abbreviations outside glibc
    return "signal " + std::to_string(sig) + (description ? std::string(" (") + description + ")" : "");
#endif
}

}  // namespace

Verdict decide(const Observations& seen) {
    Verdict v;
    if (seen.wait_status) {
        int ws = *seen.wait_status;
        if (WIFEXITED(ws)) v.exit_code = WEXITSTATUS(ws);
        else if (WIFSIGNALED(ws)) v.signal = WTERMSIG(ws);
    }
    // A cause the supervisor recorded wins: its kill is why the program died.
    if (seen.cause) {
        v.status = *seen.cause;
        v.message = seen.cause_message;
        return v;
    }
    if (seen.setup_failure) {
        v.status = Status::setup_error;
        v.message = *seen.setup_failure;
        return v;
    }
    // Kernel counters: the OOM killer ended a process of the box.
    if (seen.oom_kills > 0) {
        v.status = Status::memory_limit;
        v.message = "the memory cgroup's OOM killer ended " + std::to_string(seen.oom_kills) +
                    " process(es) at the limit of " +
                    (seen.memory_limit_bytes ? std::to_string(*seen.memory_limit_bytes) + " bytes" : "memory");
        return v;
    }
    if (!seen.wait_status) {
        v.status = Status::internal_error;
        v.message = "the box ended without reporting its program's status";
        return v;
    }
    const bool exceeded_cpu =
        seen.cpu_limit_ms && seen.cpu_total_s * 1000.0 >= static_cast<double>(*seen.cpu_limit_ms) * 0.999;
    if (v.signal == SIGXCPU || (v.signal == SIGKILL && exceeded_cpu)) {
        v.status = Status::cpu_limit;
        v.message = "CPU time limit of " + std::to_string(seen.cpu_limit_ms.value_or(0)) + " ms reached";
        return v;
    }
    if (seen.pids_max_hits > 0 && v.exit_code != 0) {
        v.status = Status::pids_limit;
        v.message = "the pids cgroup refused " + std::to_string(seen.pids_max_hits) +
                    " fork(s) at the limit of " + std::to_string(seen.pids_limit.value_or(0)) + " processes";
        return v;
    }
    if (v.signal > 0) {
        v.status = Status::signaled;
        v.message = "the program was killed by " + signal_name(v.signal);
    } else if (v.exit_code == 0) {
        v.status = Status::ok;
        v.message = "the program exited with code 0";
    } else {
        v.status = Status::nonzero_exit;
        v.message = "the program exited with code " + std::to_string(v.exit_code);
    }
    return v;
}

}  // namespace sandbox
