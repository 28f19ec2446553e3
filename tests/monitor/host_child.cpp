#include "host_child.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace monitor_test {

HostChild::HostChild(const std::vector<std::string>& argv) {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid_ == 0) {
        ::dup2(in[0], 0);
        ::dup2(out[1], 1);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    stdin_fd_ = in[1];
    stdout_fd_ = out[0];
}

HostChild::~HostChild() {
    close_stdin();
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    if (!reaped_) {
        ::kill(pid_, SIGKILL);
        reap();
    }
}

std::string HostChild::read_line() {
    std::string line;
    char c;
    while (::read(stdout_fd_, &c, 1) == 1 && c != '\n') line += c;
    return line;
}

void HostChild::close_stdin() {
    if (stdin_fd_ >= 0) ::close(stdin_fd_);
    stdin_fd_ = -1;
}

void HostChild::reap() {
    while (::wait4(pid_, &status_, 0, &usage_) < 0 && errno == EINTR) {
    }
    reaped_ = true;
}

double HostChild::cpu_s() const {
    auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return sec(usage_.ru_utime) + sec(usage_.ru_stime);
}

}  // namespace monitor_test
