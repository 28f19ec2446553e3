// The macOS TreeReader, from libproc (proc_listpids, proc_pidinfo, proc_pid_rusage) and the
// interfaces' if_data counters. UNTESTED: written against the SDK headers' documented
// interfaces; it is built only on macOS (lib/monitor/meson.build) and no macOS host was
// available. Differences from Linux: macOS has no network namespaces, so the net counters
// are the host's interfaces; cmdline is the executable's path; reading another user's
// processes needs root.
#include "../../monitor/tree_reader.hpp"

#include <ifaddrs.h>
#include <libproc.h>
#include <mach/mach_time.h>
#include <net/if.h>
#include <sys/proc_info.h>
#include <sys/resource.h>

#include <algorithm>
#include <vector>

namespace sandbox::monitor_detail {
namespace {

// proc_pid_rusage and proc_taskinfo times are in mach absolute time units (ns on Intel,
// not on Apple silicon).
double mach_to_seconds(std::uint64_t t) {
    static const double ns_per_unit = [] {
        mach_timebase_info_data_t tb{};
        mach_timebase_info(&tb);
        return static_cast<double>(tb.numer) / static_cast<double>(tb.denom);
    }();
    return static_cast<double>(t) * ns_per_unit / 1e9;
}

std::vector<int> children_of(int ppid) {
    std::vector<int> pids(256);
    for (;;) {
        int bytes = proc_listpids(PROC_PPID_ONLY, static_cast<uint32_t>(ppid), pids.data(),
                                  static_cast<int>(pids.size() * sizeof(int)));
        if (bytes <= 0) return {};
        std::size_t n = static_cast<std::size_t>(bytes) / sizeof(int);
        if (n < pids.size()) {
            pids.resize(n);
            pids.erase(std::remove(pids.begin(), pids.end(), 0), pids.end());
            return pids;
        }
        pids.resize(pids.size() * 2);  // the list may have been cut: ask again with more room
    }
}

char state_of(uint32_t status) {
    switch (status) {
        case SRUN: return 'R';
        case SSLEEP: return 'S';
        case SSTOP: return 'T';
        case SZOMB: return 'Z';
        case SIDL: return 'I';
        default: return '?';
    }
}

std::optional<NetCounters> host_interfaces() {
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return std::nullopt;
    NetCounters sum;
    for (ifaddrs* a = list; a; a = a->ifa_next) {
        if (!a->ifa_addr || a->ifa_addr->sa_family != AF_LINK || !a->ifa_data) continue;
        const auto* d = static_cast<const if_data*>(a->ifa_data);
        sum.rx_bytes += d->ifi_ibytes;
        sum.tx_bytes += d->ifi_obytes;
        sum.rx_packets += d->ifi_ipackets;
        sum.tx_packets += d->ifi_opackets;
    }
    freeifaddrs(list);
    return sum;
}

class MacTreeReader final : public TreeReader {
public:
    explicit MacTreeReader(int root) : root_(root) {}

    TreeReading read(const std::vector<int>* listed_pids, bool details) override {
        std::vector<int> pids = listed_pids ? *listed_pids : std::vector<int>{root_};
        if (!listed_pids)
            for (std::size_t i = 0; i < pids.size(); ++i)
                for (int child : children_of(pids[i])) pids.push_back(child);
        TreeReading out;
        for (int pid : pids) {
            auto r = read_process(pid, details);
            if (!r) continue;
            if (pid == root_) out.root_alive = r->sample.state != 'Z';
            out.processes.push_back(std::move(*r));
        }
        out.net = host_interfaces();
        return out;
    }

private:
    static std::optional<ProcessReading> read_process(int pid, bool details) {
        proc_taskallinfo info{};
        if (proc_pidinfo(pid, PROC_PIDTASKALLINFO, 0, &info, sizeof info) != sizeof info) return std::nullopt;
        ProcessReading r;
        ProcessSample& s = r.sample;
        s.pid = pid;
        s.ppid = static_cast<int>(info.pbsd.pbi_ppid);
        s.state = state_of(info.pbsd.pbi_status);
        s.threads = static_cast<std::uint64_t>(info.ptinfo.pti_threadnum);
        s.rss_bytes = info.ptinfo.pti_resident_size;
        r.user_s = mach_to_seconds(info.ptinfo.pti_total_user);
        r.sys_s = mach_to_seconds(info.ptinfo.pti_total_system);
        s.cpu_s = r.user_s + r.sys_s;
        if (details) {
            s.comm = info.pbsd.pbi_comm;
            char path[PROC_PIDPATHINFO_MAXSIZE];
            if (proc_pidpath(pid, path, sizeof path) > 0) s.cmdline = path;
        }
        rusage_info_v4 ru{};
        if (proc_pid_rusage(pid, RUSAGE_INFO_V4, reinterpret_cast<rusage_info_t*>(&ru)) == 0) {
            r.peak_rss_bytes = ru.ri_lifetime_max_phys_footprint;
            r.disk_read_bytes = ru.ri_diskio_bytesread;
            r.disk_write_bytes = ru.ri_diskio_byteswritten;
        }
        int bytes = proc_pidinfo(pid, PROC_PIDLISTFDS, 0, nullptr, 0);  // the size needed
        if (bytes > 0) {
            std::vector<proc_fdinfo> fds(static_cast<std::size_t>(bytes) / sizeof(proc_fdinfo) + 16);
            bytes = proc_pidinfo(pid, PROC_PIDLISTFDS, 0, fds.data(), static_cast<int>(fds.size() * sizeof(proc_fdinfo)));
            if (bytes > 0) {
                fds.resize(static_cast<std::size_t>(bytes) / sizeof(proc_fdinfo));
                s.fds = fds.size();
                r.sockets = static_cast<std::uint64_t>(std::count_if(
                    fds.begin(), fds.end(), [](const proc_fdinfo& f) { return f.proc_fdtype == PROX_FDTYPE_SOCKET; }));
            }
        }
        return r;
    }

    const int root_;
};

}  // namespace

std::unique_ptr<TreeReader> make_tree_reader(int root_pid, std::chrono::milliseconds) {
    return std::make_unique<MacTreeReader>(root_pid);
}

}  // namespace sandbox::monitor_detail
