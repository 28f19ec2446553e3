// The Linux TreeReader: /proc/PID/{stat,status,io,fd,cmdline} of every member, and the
// root's /proc/PID/net/dev for the counters of its network namespace.
#include "../../monitor/tree_reader.hpp"
#include "../box/unique_fd.hpp"
#include "descendants.hpp"
#include "proc_files.hpp"
#include "proc_parse.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace sandbox::linux_monitor {
namespace {

using monitor_detail::ProcessReading;
using monitor_detail::TreeReading;

const double tick_s = 1.0 / static_cast<double>(::sysconf(_SC_CLK_TCK));
const std::uint64_t page_bytes = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));

// What is kept per member between samples.
struct Member {
    linux_box::UniqueFd dir;  // /proc/PID, opened when the pid joined the tree
    KeptFile stat{Records::one}, status{Records::one}, io{Records::one};
    linux_box::UniqueFd fd_dir;  // /proc/PID/fd, kept with the files for its size
    // /proc/PID/status is the costliest file; its VmHWM can only have moved if the process
    // faulted pages in since the last read, so it is re-read only then.
    std::uint64_t faults_at_status = ~0ull;
    std::uint64_t peak_rss_bytes = 0;
    std::string comm;         // comm and cmdline as last read; cmdline is re-read on exec
    std::string cmdline;
    // Sockets cost a readlink per descriptor: they are recounted when the number of
    // descriptors changes, and otherwise every socket_recount_period samples.
    std::uint64_t sockets = 0;
    std::uint64_t sockets_at_fds = 0;
    unsigned samples_since_socket_count = 0;
};

constexpr unsigned socket_recount_period = 10;
// Descriptors a reader keeps open for re-reading (per process: stat, status, io and the fd
// directory; and net/dev); past this the files of further processes are opened and closed at
// each sample.
constexpr std::size_t files_per_member = 4;
constexpr std::size_t kept_files_budget = 200;

class LinuxTreeReader final : public monitor_detail::TreeReader {
public:
    LinuxTreeReader(int root, std::chrono::milliseconds max_scan_age)
        : root_(root), max_scan_age_(max_scan_age), root_pidfd_(static_cast<int>(::syscall(SYS_pidfd_open, root, 0))) {}

    // A pidfd polls readable once its process exited: one cheap call instead of generating
    // the root's stat. Without one (the pid was already gone, or no fd was left) the stat.
    bool root_alive() override {
        if (root_pidfd_.get() >= 0) {
            pollfd p{root_pidfd_.get(), POLLIN, 0};
            return ::poll(&p, 1, 0) == 0;
        }
        Member* m = member(root_);
        if (!m || !m->stat.read(m->dir.get(), "stat", false, text_)) return false;
        auto stat = parse_stat(text_);
        return stat && stat->pid == root_ && stat->state != 'Z';
    }

    TreeReading read(const std::vector<int>* listed_pids, bool details) override {
        listed_ = listed_pids != nullptr;
        std::vector<int> pids;
        if (listed_pids) {
            // The root first, whether or not the list has it yet (a box's init may join its
            // cgroup after it started).
            pids.reserve(listed_pids->size() + 1);
            pids.push_back(root_);
            pids.insert(pids.end(), listed_pids->begin(), listed_pids->end());
        } else {
            pids = DescendantIndex::shared().tree(root_, max_scan_age_);
        }
        TreeReading out;
        std::unordered_set<int> seen;
        int net_pid = 0, net_dir = -1;
        for (int pid : pids) {
            if (!seen.insert(pid).second) continue;
            Member* m = member(pid);
            if (!m) continue;
            auto reading = read_member(pid, *m, details);
            if (!reading) {
                forget(members_.find(pid));
                continue;
            }
            if (pid == root_) out.root_alive = reading->sample.state != 'Z';
            // The root's netns, or any member's when the root is gone (all share the box's).
            if (net_dir < 0 || pid == root_) {
                net_pid = pid;
                net_dir = m->dir.get();
            }
            out.processes.push_back(std::move(*reading));
        }
        for (auto it = members_.begin(); it != members_.end();) {
            auto next = std::next(it);
            if (!seen.count(it->first)) forget(it);
            it = next;
        }
        if (net_pid != net_pid_) {
            net_ = KeptFile(Records::many);  // the root is gone: another member's view of the same netns
            net_pid_ = net_pid;
        }
        if (net_dir >= 0 && net_.read(net_dir, "net/dev", true, text_)) out.net = parse_net_dev(text_);
        return out;
    }

private:
    void forget(std::unordered_map<int, Member>::iterator it) {
        if (it->second.stat.is_open()) kept_files_ -= files_per_member;
        members_.erase(it);
    }

    Member* member(int pid) {
        auto it = members_.find(pid);
        if (it != members_.end()) return &it->second;
        std::string path = "/proc/" + std::to_string(pid);
        linux_box::UniqueFd dir(::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (dir.get() < 0) return nullptr;
        Member m;
        m.dir = std::move(dir);
        m.samples_since_socket_count = socket_recount_period;  // count at the first sample
        return &members_.emplace(pid, std::move(m)).first->second;
    }

    std::optional<ProcessReading> read_member(int pid, Member& m, bool details) {
        const bool was_kept = m.stat.is_open();
        const bool keep = was_kept || kept_files_ + files_per_member <= kept_files_budget;
        if (!m.stat.read(m.dir.get(), "stat", keep, text_)) return std::nullopt;
        if (!was_kept && m.stat.is_open()) {
            kept_files_ += files_per_member;
            m.fd_dir.reset(::openat(m.dir.get(), "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        }
        auto stat = parse_stat(text_);
        if (!stat || stat->pid != pid) return std::nullopt;
        if (!listed_) DescendantIndex::shared().note_parent(pid, stat->ppid);

        ProcessReading r;
        ProcessSample& s = r.sample;
        s.pid = pid;
        s.ppid = stat->ppid;
        s.state = stat->state;
        s.threads = stat->num_threads;
        s.rss_bytes = stat->rss_pages * page_bytes;
        r.user_s = static_cast<double>(stat->utime) * tick_s;
        r.sys_s = static_cast<double>(stat->stime) * tick_s;
        r.reaped_children_user_s = static_cast<double>(stat->cutime) * tick_s;
        r.reaped_children_sys_s = static_cast<double>(stat->cstime) * tick_s;
        s.cpu_s = r.user_s + r.sys_s;
        if (details) s.comm = stat->comm;
        if (stat->state == 'Z') return r;  // no memory, no fds, no io left to read

        const std::uint64_t faults = stat->minflt + stat->majflt;
        if (faults != m.faults_at_status && m.status.read(m.dir.get(), "status", m.stat.is_open(), text_)) {
            m.peak_rss_bytes = parse_status_kb(text_, "VmHWM").value_or(0);
            m.faults_at_status = faults;
        }
        r.peak_rss_bytes = m.peak_rss_bytes;
        if (auto fds = count_fds_at(m.dir.get(), m.fd_dir.get())) s.fds = *fds;
        r.sockets = sockets(m, s.fds);
        if (m.io.read(m.dir.get(), "io", m.stat.is_open(), text_)) {
            if (auto io = parse_io(text_)) {
                r.disk_read_bytes = io->read_bytes;
                r.disk_write_bytes = io->write_bytes;
            }
        }
        if (details) {
            if (m.comm != stat->comm || m.cmdline.empty()) {
                m.comm = stat->comm;
                if (read_file_at(m.dir.get(), "cmdline", text_)) m.cmdline = cmdline_to_text(text_);
            }
            s.cmdline = m.cmdline;
        }
        return r;
    }

    static std::uint64_t sockets(Member& m, std::uint64_t fds) {
        if (fds != m.sockets_at_fds || ++m.samples_since_socket_count >= socket_recount_period) {
            if (auto n = count_sockets_at(m.dir.get())) m.sockets = *n;
            m.sockets_at_fds = fds;
            m.samples_since_socket_count = 0;
        }
        return m.sockets;
    }

    const int root_;
    const std::chrono::milliseconds max_scan_age_;
    bool listed_ = false;  // the pids come from a list, not from the shared index
    std::size_t kept_files_ = 0;
    KeptFile net_{Records::many};
    int net_pid_ = 0;  // the member net_ was opened under
    std::unordered_map<int, Member> members_;
    std::string text_;  // reused buffer
    linux_box::UniqueFd root_pidfd_;
};

}  // namespace
}  // namespace sandbox::linux_monitor

namespace sandbox::monitor_detail {

std::unique_ptr<TreeReader> make_tree_reader(int root_pid, std::chrono::milliseconds max_scan_age) {
    return std::make_unique<linux_monitor::LinuxTreeReader>(root_pid, max_scan_age);
}

}  // namespace sandbox::monitor_detail
