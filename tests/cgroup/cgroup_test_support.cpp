#include "cgroup_test_support.hpp"

#include "cgroup_files.hpp"
#include "cgroup_hierarchies.hpp"

#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

namespace cgroup_test {

pid_t spawn_in(const RunCgroup& group, const std::function<int()>& body) {
    // The child reports on `attached` once it is in the group, so that callers can look at
    // the group right away.
    int attached[2];
    if (::pipe2(attached, O_CLOEXEC) != 0) return -1;
    pid_t pid;
    int into = group.clone_into_fd();
    if (into >= 0) {
        // glibc has no clone3 wrapper; with no stack given, clone3 behaves like fork.
        clone_args args{};
        args.flags = CLONE_INTO_CGROUP;
        args.exit_signal = SIGCHLD;
        args.cgroup = static_cast<std::uint64_t>(into);
        pid = static_cast<pid_t>(::syscall(SYS_clone3, &args, sizeof args));
    } else {
        pid = ::fork();
    }
    if (pid != 0) {
        ::close(attached[1]);
        char byte = 0;
        ssize_t n;
        do {
            n = ::read(attached[0], &byte, 1);
        } while (n < 0 && errno == EINTR);
        ::close(attached[0]);
        return pid;
    }
    ::close(attached[0]);
    for (int fd : group.attach_fds()) {
        if (::write(fd, "0", 1) != 1) ::_exit(120);
    }
    (void)!::write(attached[1], "1", 1);
    ::close(attached[1]);
    ::_exit(body());
}

int wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return status;
}

void become_subreaper() { ::prctl(PR_SET_CHILD_SUBREAPER, 1); }

void reap_orphans() {
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
}

void* touch_bytes(std::size_t bytes) {
    void* area = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) return nullptr;
    auto* bytes_ptr = static_cast<volatile char*>(area);
    for (std::size_t offset = 0; offset < bytes; offset += 4096) bytes_ptr[offset] = 1;
    return area;
}

bool path_exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

bool host_has_v1(const std::string& controller) {
    for (const auto& hierarchy : sandbox::linux_box::host_hierarchies()) {
        if (hierarchy.version == 1 && hierarchy.has(controller)) return true;
    }
    return false;
}

std::string host_v2_mount() {
    for (const auto& hierarchy : sandbox::linux_box::host_hierarchies()) {
        if (hierarchy.version == 2) return hierarchy.mount;
    }
    return "";
}

std::vector<std::string> group_dirs_of(pid_t pid) {
    using namespace sandbox::linux_box;
    std::vector<std::string> dirs;
    std::istringstream lines(
        cgroupfs::read_file("/proc/" + std::to_string(pid) + "/cgroup").value_or(""));
    std::string line;
    // "<id>:<controllers>:<path>", controllers "" on cgroup2.
    while (std::getline(lines, line)) {
        auto first = line.find(':');
        auto second = line.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        std::string controllers = line.substr(first + 1, second - first - 1);
        std::string path = line.substr(second + 1);
        for (const auto& hierarchy : host_hierarchies()) {
            bool match = false;
            if (hierarchy.version == 2) {
                match = controllers.empty();
            } else {
                for (const auto& controller : run_v1_controllers(CgroupLimits{}, !host_v2_mount().empty())) {
                    std::string list = "," + controllers + ",";
                    if (hierarchy.has(controller) &&
                        list.find("," + controller + ",") != std::string::npos) {
                        match = true;
                    }
                }
            }
            if (match) dirs.push_back(join_cgroup_path(hierarchy.mount, path));
        }
    }
    return dirs;
}

void burn_cpu(double seconds) {
    auto used = [] {
        timespec ts{};
        ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
    };
    double begin = used();
    while (used() - begin < seconds) {
    }
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace cgroup_test
