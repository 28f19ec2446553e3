#include "escape_fixture.hpp"

#include <sys/syscall.h>
#include <poll.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace escape_test {
namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<int> children_of(int pid) {
    std::vector<int> out;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::string stat = read_text("/proc/" + name + "/stat");
        auto close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 2));
        char state;
        int ppid = 0;
        rest >> state >> ppid;
        if (ppid == pid) out.push_back(std::stoi(name));
    }
    return out;
}

}  // namespace

sandbox::SecurityPolicy policy_for(sandbox::BreachResponse response) {
    auto p = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::standard);
    p.limits.wall_timeout_ms = 30'000;
    p.on_breach = response;
    return p;
}

std::string box_cgroup_dir(int init_pid, const std::string& controller) {
    std::istringstream lines(read_text("/proc/" + std::to_string(init_pid) + "/cgroup"));
    std::string line;
    while (std::getline(lines, line)) {
        auto first = line.find(':'), second = line.find(':', first + 1);
        std::string controllers = line.substr(first + 1, second - first - 1);
        std::istringstream names(controllers);
        std::string name;
        while (std::getline(names, name, ','))
            if (name == controller) return "/sys/fs/cgroup/" + controller + line.substr(second + 1);
    }
    return "";
}

int wait_for_target(boost::asio::io_context& io, int init_pid, const std::string& path) {
    std::string program = path.substr(path.rfind('/') + 1);
    for (auto deadline = Clock::now() + std::chrono::seconds(10); Clock::now() < deadline;) {
        io.poll();
        for (int child : children_of(init_pid))
            if (read_text("/proc/" + std::to_string(child) + "/comm") == program + "\n") return child;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    throw std::runtime_error("the box's " + program + " never started");
}

std::vector<int> cgroup_procs(const std::string& dir) {
    std::vector<int> pids;
    std::istringstream in(read_text(dir + "/cgroup.procs"));
    for (int pid; in >> pid;) pids.push_back(pid);
    return pids;
}

void move_to_cgroup(int pid, const std::string& dir) {
    std::ofstream out(dir + "/cgroup.procs");
    out << pid << std::flush;
    if (!out) throw std::runtime_error("cannot move " + std::to_string(pid) + " into " + dir);
}

WatchedBox::WatchedBox(sandbox::BreachResponse response, sandbox::linux_watchdog::WatchdogOptions options,
                       std::vector<std::string> argv)
    : detector(response) {
    // The supervisor's own watchdog only reports here: the watchdog under test, with its own
    // detector set to `response`, is the one that acts.
    sandbox::Sandbox box(policy_for(sandbox::BreachResponse::report));
    sandbox::Command cmd;
    cmd.argv = std::move(argv);
    execution_ = box.start(io, cmd);
    init_pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, execution_->pid(), 0));
    // The watchdog starts once the target runs: the box is then complete (cgroup namespace
    // unshared, privileges dropped).
    target_ = wait_for_target(io, execution_->pid(), cmd.argv[0]);
    options.action = response == sandbox::BreachResponse::report ? sandbox::EventAction::allowed
                                                                 : sandbox::EventAction::killed;
    std::string members_dir = pids_cgroup();
    sandbox::linux_watchdog::WatchdogCallbacks callbacks;
    callbacks.on_violation = [this](sandbox::Event e) {
        if (!detected_at) detected_at = Clock::now();
        violations.push_back(e);
        if (detector.observe(e).decision == sandbox::BreachDecision::terminate && !terminate_at) {
            terminate_at = Clock::now();
            execution_->kill();
        }
    };
    callbacks.on_fork = [this] { ++forks; };
    if (!members_dir.empty()) callbacks.cgroup_members = [members_dir] { return cgroup_procs(members_dir); };
    watchdog = sandbox::linux_watchdog::start_watchdog(io, execution_->pid(), options, callbacks);
}

WatchedBox::~WatchedBox() {
    watchdog.reset();
    if (!execution_->done()) {
        execution_->kill();
        execution_->wait_for(std::chrono::seconds(10));
    }
    if (init_pidfd_ >= 0) ::close(init_pidfd_);
}

bool WatchedBox::wait_violation(std::chrono::milliseconds limit) {
    auto deadline = Clock::now() + limit;
    while (violations.empty() && Clock::now() < deadline) io.run_one_for(std::chrono::milliseconds(1));
    return !violations.empty();
}

sandbox::Result WatchedBox::wait_result(const std::function<void()>& between) {
    std::optional<sandbox::Result> result;
    execution_->async_wait([&](const sandbox::Result& r) { result = r; });
    for (auto deadline = Clock::now() + std::chrono::seconds(20); !result && Clock::now() < deadline;) {
        io.run_one_for(std::chrono::milliseconds(1));
        if (!init_gone_at) {
            pollfd p{init_pidfd_, POLLIN, 0};
            if (::poll(&p, 1, 0) == 1) init_gone_at = Clock::now();
        }
        if (between) between();
    }
    if (!result) throw std::runtime_error("the box did not end within 20 s");
    watchdog.reset();
    return *result;
}

}  // namespace escape_test
