// The Linux TreeReader: /proc/PID/{stat,status,io,fd,cmdline} of every member, and the
// root's /proc/PID/net/dev for the counters of its network namespace.
#include "../../monitor/tree_reader.hpp"
#include "../box/unique_fd.hpp"
#include "descendants.hpp"
#include "proc_files.hpp"
#include "proc_parse.hpp"

#include <fcntl.h>
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
    std::string comm;         // comm and cmdline as last read; cmdline is re-read on exec
    std::string cmdline;
};

class LinuxTreeReader final : public monitor_detail::TreeReader {
public:
    explicit LinuxTreeReader(int root) : root_(root) {}

    TreeReading read(const std::vector<int>* listed_pids, bool details) override {
        std::vector<int> pids = listed_pids ? *listed_pids : index().tree(root_);
        TreeReading out;
        std::unordered_set<int> seen;
        int net_dir = -1;
        for (int pid : pids) {
            if (!seen.insert(pid).second) continue;
            Member* m = member(pid);
            if (!m) continue;
            auto reading = read_member(pid, *m, details);
            if (!reading) {
                members_.erase(pid);
                continue;
            }
            if (pid == root_) out.root_alive = reading->sample.state != 'Z';
            // The root's netns, or any member's when the root is gone (all share the box's).
            if (net_dir < 0 || pid == root_) net_dir = m->dir.get();
            out.processes.push_back(std::move(*reading));
        }
        std::erase_if(members_, [&](const auto& entry) { return !seen.count(entry.first); });
        if (net_dir >= 0 && read_file_at(net_dir, "net/dev", text_)) out.net = parse_net_dev(text_);
        return out;
    }

private:
    DescendantIndex& index() {
        if (!index_) index_.emplace();
        return *index_;
    }

    Member* member(int pid) {
        auto it = members_.find(pid);
        if (it != members_.end()) return &it->second;
        std::string path = "/proc/" + std::to_string(pid);
        linux_box::UniqueFd dir(::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
        if (dir.get() < 0) return nullptr;
        return &members_.emplace(pid, Member{std::move(dir), {}, {}}).first->second;
    }

    std::optional<ProcessReading> read_member(int pid, Member& m, bool details) {
        if (!read_file_at(m.dir.get(), "stat", text_)) return std::nullopt;
        auto stat = parse_stat(text_);
        if (!stat || stat->pid != pid) return std::nullopt;
        if (index_) index_->note_parent(pid, stat->ppid);

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

        if (read_file_at(m.dir.get(), "status", text_)) r.peak_rss_bytes = parse_status_kb(text_, "VmHWM").value_or(0);
        FdCount fds;
        if (count_fds_at(m.dir.get(), fds)) {
            s.fds = fds.fds;
            r.sockets = fds.sockets;
        }
        if (read_file_at(m.dir.get(), "io", text_)) {
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

    const int root_;
    std::optional<DescendantIndex> index_;  // only when no pid list is given
    std::unordered_map<int, Member> members_;
    std::string text_;  // reused buffer
};

}  // namespace
}  // namespace sandbox::linux_monitor

namespace sandbox::monitor_detail {

std::unique_ptr<TreeReader> make_tree_reader(int root_pid) {
    return std::make_unique<linux_monitor::LinuxTreeReader>(root_pid);
}

}  // namespace sandbox::monitor_detail
