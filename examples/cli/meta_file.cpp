#include "meta_file.hpp"

#include "usage_error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace sandbox_cli {
namespace {

using sandbox::Status;

std::string seconds(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3f", value);
    return text;
}

// A meta-file value is the rest of its line.
std::string one_line(std::string text) {
    for (char& c : text) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    return text;
}

bool is_timeout(Status status) { return status == Status::timeout || status == Status::cpu_limit; }

// Statuses where the supervisor itself ended the program (isolate's "killed").
bool killed_by_sandbox(Status status) {
    return is_timeout(status) || status == Status::output_limit || status == Status::security_violation ||
           status == Status::killed;
}

}  // namespace

std::string format_meta(const sandbox::Result& result) {
    std::string meta;
    auto line = [&](const std::string& key, const std::string& value) { meta += key + ":" + value + "\n"; };
    auto failure = [&](const char* code, const std::string& message) {
        line("status", code);
        line("message", one_line(message));
    };

    if (result.status == Status::setup_error || result.status == Status::internal_error) {
        // The program never ran (or its outcome is unknown): isolate's die() writes only these.
        failure("XX", result.message);
        return meta;
    }
    line("time", seconds(result.cpu_user_s + result.cpu_sys_s));
    line("time-wall", seconds(result.wall_time_s));
    line(result.usage_source == "cgroup" ? "cg-mem" : "max-rss", std::to_string(result.peak_memory_bytes / 1024));
    if (result.status == Status::memory_limit) {
        line("cg-oom-killed", "1");
    }
    if (killed_by_sandbox(result.status)) {
        line("killed", "1");
    }
    if (result.status == Status::timeout) {
        failure("TO", "Time limit exceeded (wall clock)");
    } else if (result.status == Status::cpu_limit) {
        failure("TO", "Time limit exceeded");
    } else if (result.signal > 0) {
        line("exitsig", std::to_string(result.signal));
        failure("SG", result.status == Status::signaled ? "Caught fatal signal " + std::to_string(result.signal)
                                                        : result.message);
    } else if (result.exit_code > 0) {
        line("exitcode", std::to_string(result.exit_code));
        failure("RE", result.status == Status::nonzero_exit
                          ? "Exited with error status " + std::to_string(result.exit_code)
                          : result.message);
    } else if (result.exit_code == 0) {
        line("exitcode", "0");
    } else if (killed_by_sandbox(result.status)) {
        // The sandbox ended the box before the program's own end was seen: no exitsig to give.
        failure("SG", result.message);
    } else {
        failure("XX", "the program's end was not observed: " + result.message);
    }
    return meta;
}

MetaFile::MetaFile(const std::string& path) : path_(path), out_(path, std::ios::trunc) {
    if (!out_) {
        throw UsageError("--meta: cannot open '" + path + "' for writing (" + std::strerror(errno) + ")");
    }
}

void MetaFile::write(const sandbox::Result& result) {
    out_ << format_meta(result);
    out_.flush();
    if (!out_) {
        std::cerr << "sandbox-cli: warning: could not write the meta-file '" << path_ << "'\n";
    }
}

}  // namespace sandbox_cli
