#include "descendants.hpp"

#include "proc_files.hpp"
#include "proc_parse.hpp"

#include <sandbox/error.hpp>

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <string>
#include <utility>

namespace sandbox::linux_monitor {

DescendantIndex& DescendantIndex::shared() {
    static DescendantIndex& index = *new DescendantIndex;  // never destroyed: a supervisor thread may still use it at exit
    return index;
}

DescendantIndex::DescendantIndex() : proc_(::opendir("/proc")) {
    if (!proc_) throw SetupError(std::string("cannot open /proc to find descendants: ") + std::strerror(errno));
}

DescendantIndex::~DescendantIndex() { ::closedir(proc_); }

void DescendantIndex::note_parent(int pid, int ppid) {
    std::lock_guard lock(mutex_);
    int& known = parent_[pid];
    if (known != ppid) edges_stale_ = true;
    known = ppid;
}

void DescendantIndex::refresh() {
    ::rewinddir(proc_);
    std::unordered_map<int, int> parents;
    parents.reserve(parent_.size() + 16);
    std::string text;
    while (dirent* entry = ::readdir(proc_)) {
        int pid = 0;
        const char* name = entry->d_name;
        auto [end, ec] = std::from_chars(name, name + std::strlen(name), pid);
        if (ec != std::errc() || *end != '\0') continue;
        if (auto known = parent_.find(pid); known != parent_.end()) {
            parents.emplace(pid, known->second);
            continue;
        }
        std::string stat_path = std::string(name) + "/stat";
        if (!read_file_at(::dirfd(proc_), stat_path.c_str(), text)) continue;
        if (auto stat = parse_stat(text)) parents.emplace(pid, stat->ppid);
    }
    parent_ = std::move(parents);
    listed_at_ = std::chrono::steady_clock::now();
    edges_stale_ = true;
}

void DescendantIndex::sort_edges() {
    edges_.clear();
    edges_.reserve(parent_.size());
    for (const auto& [pid, ppid] : parent_) edges_.emplace_back(ppid, pid);
    std::sort(edges_.begin(), edges_.end());
    edges_stale_ = false;
}

std::vector<int> DescendantIndex::tree(int root, std::chrono::steady_clock::duration max_age) {
    std::lock_guard lock(mutex_);
    bool fresh = false;
    if (std::chrono::steady_clock::now() - listed_at_ > max_age) {
        refresh();
        fresh = true;
    }
    // A root younger than the shared listing is not in it yet.
    if (!parent_.count(root) && !fresh) refresh();
    if (!parent_.count(root)) return {};
    if (edges_stale_) sort_edges();
    std::vector<int> members{root};
    // A stale parent (a reused pid) could close a loop: no tree is larger than /proc.
    for (std::size_t i = 0; i < members.size() && members.size() <= parent_.size(); ++i) {
        auto range = std::equal_range(edges_.begin(), edges_.end(), std::make_pair(members[i], 0),
                                      [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto it = range.first; it != range.second; ++it) members.push_back(it->second);
    }
    return members;
}

}  // namespace sandbox::linux_monitor
