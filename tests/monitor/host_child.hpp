// HostChild: a helper program started on the host (no box) with pipes on stdin and stdout,
// reaped with wait4 so a test can compare the monitor with the kernel's own accounting.
#pragma once

#include <sys/resource.h>

#include <string>
#include <vector>

namespace monitor_test {

class HostChild {
public:
    explicit HostChild(const std::vector<std::string>& argv);
    ~HostChild();  // kills and reaps it if the test did not
    HostChild(const HostChild&) = delete;
    HostChild& operator=(const HostChild&) = delete;

    int pid() const { return pid_; }
    // Reads stdout up to the first newline; the line without it ("" at end of file).
    std::string read_line();
    // Closes the child's stdin.
    void close_stdin();
    // Blocks until it exits; its exit status and rusage stay in status() and usage().
    void reap();
    int status() const { return status_; }
    const rusage& usage() const { return usage_; }
    double cpu_s() const;

private:
    int pid_ = -1;
    int stdin_fd_ = -1;
    int stdout_fd_ = -1;
    bool reaped_ = false;
    int status_ = 0;
    rusage usage_{};
};

}  // namespace monitor_test
