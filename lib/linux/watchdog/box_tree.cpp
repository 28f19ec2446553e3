#include "box_tree.hpp"

#include "../box/unique_fd.hpp"
#include "../monitor/proc_files.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cstring>
#include <string>
#include <unordered_set>

namespace sandbox::linux_watchdog {
namespace {

// Appends the pids listed in the `children` file of every thread of `pid`.
void add_children(int pid, std::vector<int>& out) {
    std::string task_path = "/proc/" + std::to_string(pid) + "/task";
    DIR* tasks = ::opendir(task_path.c_str());
    if (!tasks) return;
    std::string text;
    while (dirent* entry = ::readdir(tasks)) {
        if (entry->d_name[0] == '.') continue;
        std::string children = std::string(entry->d_name) + "/children";
        if (!linux_monitor::read_file_at(::dirfd(tasks), children.c_str(), text)) continue;
        const char* p = text.data();
        const char* end = p + text.size();
        while (p < end) {
            int child = 0;
            auto [next, ec] = std::from_chars(p, end, child);
            if (ec == std::errc()) out.push_back(child);
            p = next + 1;  // past the separating space (or the bad character)
        }
    }
    ::closedir(tasks);
}

}  // namespace

std::vector<int> box_tree(int init_pid) {
    std::vector<int> members;
    if (::access(("/proc/" + std::to_string(init_pid)).c_str(), F_OK) != 0) return members;
    members.push_back(init_pid);
    std::unordered_set<int> seen{init_pid};
    for (std::size_t i = 0; i < members.size(); ++i) {
        std::vector<int> children;
        add_children(members[i], children);
        for (int child : children)
            if (seen.insert(child).second) members.push_back(child);  // a reused pid cannot loop
    }
    return members;
}

}  // namespace sandbox::linux_watchdog
