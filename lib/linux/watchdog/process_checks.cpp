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
#include <set>

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

std::set<std::string_view> lines_of(std::string_view text) {
    std::set<std::string_view> lines;
    while (!text.empty()) {
        std::size_t end = text.find('\n');
        if (end != 0) lines.insert(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    return lines;
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
    // A line (hierarchy:controllers:path) the box's init does not have. An exiting process
    // may show fewer lines: that is no move.
    std::set<std::string_view> box_lines = lines_of(box.cgroup);
    for (std::string_view line : lines_of(now))
        if (!box_lines.count(line)) return "left the box's cgroup: now in " + std::string(line);
    return std::nullopt;
}

bool is_exiting(std::string_view stat_text) {
    // Fields after the command's closing parenthesis: state ppid pgrp session tty_nr tpgid flags.
    std::size_t at = stat_text.rfind(')');
    if (at == std::string_view::npos) return true;
    std::string_view rest = stat_text.substr(at + 1);
    for (int field = 0; field < 6; ++field) {
        std::size_t next = rest.find(' ', 1);
        if (next == std::string_view::npos) return true;
        rest = rest.substr(next);
    }
    rest.remove_prefix(1);
    unsigned long flags = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), flags);
    constexpr unsigned long pf_exiting = 0x4;  // PF_EXITING of include/linux/sched.h
    return ec != std::errc() || (flags & pf_exiting) != 0;
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
