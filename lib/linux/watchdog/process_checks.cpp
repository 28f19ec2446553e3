#include "process_checks.hpp"

#include "../box/unique_fd.hpp"
#include "../monitor/proc_files.hpp"

#include <fcntl.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstring>

namespace sandbox::linux_watchdog {
namespace {

using linux_box::UniqueFd;

std::uint64_t inode_of_fd(int fd) {
    struct stat st {};
    return ::fstat(fd, &st) == 0 ? st.st_ino : 0;
}

// Whether the user or pid namespace `fd` is `ancestor` or below it. Consumes `fd`.
bool nested_in(UniqueFd fd, std::uint64_t ancestor) {
    // Namespaces nest at most 32 deep.
    for (int depth = 0; depth < 40 && fd.get() >= 0; ++depth) {
        if (inode_of_fd(fd.get()) == ancestor) return true;
        fd = UniqueFd(::ioctl(fd.get(), NS_GET_PARENT));
    }
    return false;
}

}  // namespace

std::optional<std::string> check_namespaces(int proc_dir, const BoxIdentity& box) {
    for (const auto& [name, box_inode] : box.namespaces) {
        std::string path = "ns/" + name;
        UniqueFd ns(::openat(proc_dir, path.c_str(), O_RDONLY | O_CLOEXEC));
        if (ns.get() < 0) continue;  // gone: nothing to judge
        std::uint64_t inode = inode_of_fd(ns.get());
        if (inode == box_inode) continue;
        bool nested = false;
        if (name == "user" || name == "pid") {
            nested = nested_in(std::move(ns), box_inode);
        } else {
            // Another kind of namespace the box made is owned by the box's user namespace or
            // one nested in it.
            nested = nested_in(UniqueFd(::ioctl(ns.get(), NS_GET_USERNS)), box.namespaces.at("user"));
        }
        if (!nested)
            return name + " namespace " + std::to_string(inode) + " is not the box's (" + std::to_string(box_inode) +
                   ") nor nested in it";
    }
    return std::nullopt;
}

std::optional<std::string> check_cgroup(int proc_dir, const BoxIdentity& box) {
    std::string now;
    if (!linux_monitor::read_file_at(proc_dir, "cgroup", now) || now == box.cgroup) return std::nullopt;
    // Name the first line that differs.
    std::size_t start = 0;
    while (start < now.size()) {
        std::size_t end = now.find('\n', start);
        std::string line = now.substr(start, end - start);
        if (box.cgroup.find(line) == std::string::npos) return "left the box's cgroup: now in " + line;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return "left the box's cgroup";
}

std::optional<std::uint64_t> status_field(std::string_view text, std::string_view key, bool hex) {
    std::string needle = "\n" + std::string(key) + ":";
    std::size_t at = text.starts_with(std::string(key) + ":") ? 0 : text.find(needle);
    if (at == std::string_view::npos) return std::nullopt;
    at += at == 0 ? key.size() + 1 : needle.size();
    while (at < text.size() && (text[at] == '\t' || text[at] == ' ')) ++at;
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data() + at, text.data() + text.size(), value, hex ? 16 : 10);
    if (ec != std::errc() || end == text.data() + at) return std::nullopt;
    return value;
}

std::optional<std::string> check_tracer(std::string_view status_text, const std::function<bool(int)>& in_box) {
    auto tracer = status_field(status_text, "TracerPid");
    if (!tracer || *tracer == 0 || in_box(static_cast<int>(*tracer))) return std::nullopt;
    return "traced by pid " + std::to_string(*tracer) + ", outside the box";
}

std::optional<std::string> check_host_capabilities(int proc_dir, std::string_view status_text,
                                                   const BoxIdentity& box) {
    UniqueFd user(::openat(proc_dir, "ns/user", O_RDONLY | O_CLOEXEC));
    if (user.get() < 0 || inode_of_fd(user.get()) != box.host_user_ns) return std::nullopt;
    auto caps = status_field(status_text, "CapEff", true);
    if (!caps || *caps == 0) return std::nullopt;
    char hex[32];
    auto [end, ec] = std::to_chars(hex, hex + sizeof hex, *caps, 16);
    return "holds capabilities 0x" + std::string(hex, end) + " in the host's user namespace";
}

}  // namespace sandbox::linux_watchdog
