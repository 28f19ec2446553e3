#include "host_facts.hpp"

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <ctime>
#include <map>
#include <mutex>

namespace sandbox::linux_box {
namespace {

std::mutex facts_mutex;

// A file as stat(2) shows it: a replaced file has another inode (or, for a reused inode
// number, a newer ctime).
struct FileId {
    dev_t dev = 0;
    ino_t ino = 0;
    std::int64_t ctime_ns = 0;
    bool operator==(const FileId&) const = default;
};

std::int64_t ns_of(const timespec& t) { return std::int64_t(t.tv_sec) * 1'000'000'000 + t.tv_nsec; }

FileId id_of(const struct stat& st) { return {st.st_dev, st.st_ino, ns_of(st.st_ctim)}; }

struct Resolved {
    std::string canonical;
    FileId id;
};
std::map<std::string, Resolved>& resolved_paths() {
    static std::map<std::string, Resolved>& paths = *new std::map<std::string, Resolved>;  // never destroyed: a supervisor thread may still use it at exit
    return paths;
}

// A directory's listing is unchanged while its inode and mtime are. The kernel stamps mtime
// with a coarse clock, so a change in the same tick as the snapshot would keep the mtime:
// a snapshot is only trusted when the mtime was already a second old when it was taken.
struct DirSnapshot {
    FileId id;
    std::int64_t mtime_ns = -1;
    bool trusted = false;

    bool still_valid(const char* dir) const {
        struct stat st {};
        return trusted && ::stat(dir, &st) == 0 && id_of(st) == id && ns_of(st.st_mtim) == mtime_ns;
    }
    void take(const char* dir) {
        struct stat st {};
        timespec now {};
        ::clock_gettime(CLOCK_REALTIME, &now);
        trusted = ::stat(dir, &st) == 0 && ns_of(st.st_mtim) < ns_of(now) - 1'000'000'000;
        id = id_of(st);
        mtime_ns = ns_of(st.st_mtim);
    }
};

}  // namespace

std::optional<std::string> fixed_host_path(const std::string& path) {
    struct stat st {};
    std::lock_guard lock(facts_mutex);
    auto& paths = resolved_paths();
    if (::stat(path.c_str(), &st) != 0) {
        paths.erase(path);
        return std::nullopt;
    }
    auto it = paths.find(path);
    if (it != paths.end() && it->second.id == id_of(st)) return it->second.canonical;
    char resolved[PATH_MAX];
    if (!::realpath(path.c_str(), resolved)) return std::nullopt;
    // Stamped with the stat taken before resolving: a change in between makes the next
    // lookup resolve again.
    Resolved entry{resolved, id_of(st)};
    paths[path] = entry;
    paths[entry.canonical] = entry;
    return entry.canonical;
}

std::optional<std::string> known_canonical(const std::string& path, const struct stat& st) {
    std::lock_guard lock(facts_mutex);
    auto& paths = resolved_paths();
    auto it = paths.find(path);
    if (it == paths.end() || !(it->second.id == id_of(st))) return std::nullopt;
    return it->second.canonical;
}

std::vector<RootEntry> root_entries() {
    static DirSnapshot& root = *new DirSnapshot;  // never destroyed: a supervisor thread may still use it at exit
    static std::vector<RootEntry>& entries = *new std::vector<RootEntry>;
    std::lock_guard lock(facts_mutex);
    if (root.still_valid("/")) return entries;
    root.take("/");
    entries.clear();
    for (const char* path : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
        RootEntry entry{path};
        struct stat st {};
        if (::lstat(path, &st) == 0) {
            entry.kind = S_ISDIR(st.st_mode) ? RootEntry::directory
                         : S_ISLNK(st.st_mode) ? RootEntry::symlink
                                               : RootEntry::other;
        }
        if (entry.kind == RootEntry::symlink) {
            char text[PATH_MAX];
            ssize_t n = ::readlink(path, text, sizeof text);
            if (n > 0) {
                entry.link_text.assign(text, static_cast<std::size_t>(n));
            } else {
                entry.kind = RootEntry::other;
            }
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

std::vector<std::string> host_char_devices() {
    static DirSnapshot& dev = *new DirSnapshot;  // never destroyed: a supervisor thread may still use it at exit
    static std::vector<std::string>& devices = *new std::vector<std::string>;
    std::lock_guard lock(facts_mutex);
    if (dev.still_valid("/dev")) return devices;
    dev.take("/dev");
    devices.clear();
    for (const char* name : {"null", "zero", "full", "random", "urandom"}) {
        std::string path = std::string("/dev/") + name;
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0 && S_ISCHR(st.st_mode)) devices.push_back(path);
    }
    return devices;
}

std::vector<ProcEntry> proc_entries(const std::vector<const char*>& names) {
    // nullopt: absent. Never destroyed: a supervisor thread may still use it at exit.
    static auto& is_dir_by_name = *new std::map<std::string, std::optional<bool>>;
    std::lock_guard lock(facts_mutex);
    std::vector<ProcEntry> found;
    for (const char* name : names) {
        auto it = is_dir_by_name.find(name);
        if (it == is_dir_by_name.end()) {
            struct stat st {};
            std::string path = std::string("/proc/") + name;
            std::optional<bool> is_dir;
            if (::stat(path.c_str(), &st) == 0) is_dir = S_ISDIR(st.st_mode);
            it = is_dir_by_name.emplace(name, is_dir).first;
        }
        if (it->second) found.push_back({std::string("/proc/") + name, *it->second});
    }
    return found;
}

}  // namespace sandbox::linux_box
