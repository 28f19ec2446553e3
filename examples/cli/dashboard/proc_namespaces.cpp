#include "proc_namespaces.hpp"

#include <array>
#include <string>

#include <unistd.h>

namespace sandbox_cli::dashboard {

Namespaces read_proc_namespaces(int pid) {
    static constexpr std::array names = {"cgroup", "ipc", "mnt", "net", "pid", "user", "uts"};
    Namespaces found;
    for (const char* name : names) {
        const std::string path = "/proc/" + std::to_string(pid) + "/ns/" + name;
        char target[128];
        const ssize_t length = ::readlink(path.c_str(), target, sizeof target - 1);
        if (length <= 0) continue;
        // "net:[4026531840]": keep the inode between the brackets.
        const std::string link(target, static_cast<std::size_t>(length));
        const auto open = link.find('[');
        const auto close = link.rfind(']');
        found[name] = open != std::string::npos && close > open ? link.substr(open + 1, close - open - 1) : link;
    }
    return found;
}

}  // namespace sandbox_cli::dashboard
