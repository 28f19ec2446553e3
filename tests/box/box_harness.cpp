#include "box_harness.hpp"

#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace box_test {

int BoxRun::target_status() const {
    const StatusRecord* r = find(StatusRecord::target_exited);
    return r ? r->value : -1;
}

const StatusRecord* BoxRun::find(StatusRecord::Kind kind) const {
    for (const StatusRecord& r : records) {
        if (r.kind == kind) return &r;
    }
    return nullptr;
}

BoxPlan plan_for(std::vector<std::string> argv, std::vector<std::string> extra_binds) {
    BoxPlan plan;
    plan.binds.push_back({"/usr", "/usr"});
    plan.binds.push_back({"/etc/ld.so.cache", "/etc/ld.so.cache"});
    for (const std::string& dir : extra_binds) plan.binds.push_back({dir, dir, false, false});
    plan.argv = std::move(argv);
    plan.envp = {"PATH=/usr/bin:/bin", "HOME=/work"};
    plan.cwd = "/work";
    return plan;
}

BoxPlan shell_plan(const std::string& script) { return plan_for({"/bin/sh", "-c", script}); }

BoxRun run_box(const BoxPlan& plan, const std::string& input, std::chrono::milliseconds deadline) {
    sandbox::linux_box::LaunchedBox box = sandbox::linux_box::launch(plan);
    BoxRun run;
    run.init_pid = box.pid;
    if (!input.empty() && ::write(box.stdin_fd, input.data(), input.size()) < 0) {
        throw std::runtime_error("writing the box's stdin failed");
    }
    ::close(box.stdin_fd);
    std::string status_bytes;
    pollfd fds[3] = {{box.stdout_fd, POLLIN, 0}, {box.stderr_fd, POLLIN, 0}, {box.status_fd, POLLIN, 0}};
    std::string* sinks[3] = {&run.out, &run.err, &status_bytes};
    int open_count = 3;
    const auto end = std::chrono::steady_clock::now() + deadline;
    bool timed_out = false;
    while (open_count > 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        if (::poll(fds, 3, static_cast<int>(left.count())) < 0 && errno != EINTR) break;
        for (int i = 0; i < 3; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            char buf[4096];
            ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                sinks[i]->append(buf, static_cast<std::size_t>(n));
            } else {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open_count;
            }
        }
    }
    for (pollfd& p : fds) {
        if (p.fd >= 0) ::close(p.fd);
    }
    if (timed_out) ::syscall(SYS_pidfd_send_signal, box.pidfd, SIGKILL, nullptr, 0);
    while (::waitpid(box.pid, &run.init_status, __WALL) < 0 && errno == EINTR) {
    }
    ::close(box.pidfd);
    if (timed_out) throw std::runtime_error("box did not finish before the deadline");
    for (std::size_t at = 0; at + sizeof(StatusRecord) <= status_bytes.size(); at += sizeof(StatusRecord)) {
        StatusRecord r;
        status_bytes.copy(reinterpret_cast<char*>(&r), sizeof r, at);
        run.records.push_back(r);
    }
    return run;
}

namespace {

int count_dir_entries(const char* path) {
    DIR* dir = ::opendir(path);
    if (!dir) return -1;
    int n = 0;
    while (dirent* e = ::readdir(dir)) {
        if (e->d_name[0] != '.') ++n;
    }
    ::closedir(dir);
    return n - 1;  // the directory stream's own fd
}

}  // namespace

int count_open_fds() { return count_dir_entries("/proc/self/fd"); }

int count_mounts() {
    std::ifstream in("/proc/self/mountinfo");
    int n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
}

int count_children() {
    std::ifstream in("/proc/self/task/" + std::to_string(::gettid()) + "/children");
    int n = 0;
    for (pid_t pid; in >> pid;) ++n;
    return n;
}

bool process_alive(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat;
    if (!std::getline(in, stat)) return false;
    std::size_t close = stat.rfind(')');
    return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

ChildReport collect_child(int read_fd, pid_t child) {
    ChildReport report;
    char buf[4096];
    for (ssize_t n; (n = ::read(read_fd, buf, sizeof buf)) > 0;) report.text.append(buf, static_cast<std::size_t>(n));
    ::close(read_fd);
    while (::waitpid(child, &report.status, 0) < 0 && errno == EINTR) {
    }
    return report;
}

}  // namespace box_test
