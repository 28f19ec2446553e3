#include "root_layout.hpp"

#include "host_facts.hpp"

#include <sandbox/error.hpp>

#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <set>
#include <string>

namespace sandbox::linux_box {
namespace {

constexpr const char* scratch = "/tmp";  // any host directory: the tmpfs on it is private
constexpr const char* new_root = "/newroot";
constexpr const char* old_root = "/oldroot";

// Mount attributes every bind gets; the MOUNT_ATTR_* values equal the MS_* ones.
constexpr unsigned long read_only_attrs = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
constexpr unsigned long writable_attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;

// A path inside the box must be absolute, normalised enough to have no "." or ".." parts.
void check_box_path(const std::string& path, const char* what) {
    bool ok = !path.empty() && path[0] == '/';
    std::size_t start = 1;
    while (ok && start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        std::string part = path.substr(start, end - start);
        if (part == "." || part == ".." || (part.empty() && end != path.size())) ok = false;
        start = end + 1;
    }
    if (!ok) {
        throw SetupError(std::string(what) + " '" + path +
                         "' must be an absolute path without '.', '..' or '//' parts");
    }
}

std::string trim_trailing_slash(std::string path) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    return path;
}

class Layout {
public:
    std::vector<FsOp> ops;

    void add(FsOp op) { ops.push_back(std::move(op)); }

    // mkdir -p of `dir` under the new root, skipping directories made before.
    void make_dirs(const std::string& box_dir, unsigned mode = 0755) {
        if (box_dir == "/" || box_dir.empty()) return;
        std::size_t pos = 0;
        while (pos != std::string::npos) {
            pos = box_dir.find('/', pos + 1);
            std::string prefix = box_dir.substr(0, pos);
            if (made_.insert(prefix).second) {
                add({.kind = FsOp::make_dir, .step = "create directory",
                     .path = new_root + prefix, .mode = mode});
            }
        }
    }

    void make_parent_dirs(const std::string& box_path) {
        make_dirs(box_path.substr(0, box_path.rfind('/')));
    }

    void mount_tmpfs(const std::string& box_dir, unsigned long flags, const std::string& data,
                     const char* step) {
        make_dirs(box_dir);
        add({.kind = FsOp::mount, .step = step, .path = new_root + box_dir, .source = "tmpfs",
             .fstype = "tmpfs", .data = data, .flags = flags});
    }

    // Binds host `source` (seen under /oldroot) at `target` in the box.
    void bind(const std::string& source, const std::string& target, bool is_dir,
              unsigned long attrs, bool recursive) {
        if (is_dir) {
            make_dirs(target);
        } else {
            make_parent_dirs(target);
            add({.kind = FsOp::make_file, .step = "create bind mount point",
                 .path = new_root + target, .mode = 0644});
        }
        add({.kind = FsOp::mount, .step = "bind mount", .path = new_root + target,
             .source = old_root + source, .flags = recursive ? MS_BIND | MS_REC : 0ul + MS_BIND});
        add({.kind = FsOp::restrict_bind, .step = "restrict bind mount",
             .path = new_root + target, .flags = attrs, .mode = recursive ? 1u : 0u});
    }

    void write_file(const std::string& box_path, std::string contents, unsigned mode) {
        make_parent_dirs(box_path);
        add({.kind = FsOp::write_file, .step = "write file", .path = new_root + box_path,
             .data = std::move(contents), .mode = mode});
    }

    void symlink(const std::string& link_text, const std::string& box_path) {
        make_parent_dirs(box_path);
        add({.kind = FsOp::symlink, .step = "create symlink", .path = new_root + box_path,
             .source = link_text});
    }

private:
    std::set<std::string> made_;
};

bool host_stat(const std::string& path, struct stat& st) { return ::stat(path.c_str(), &st) == 0; }

// Enters a scratch tmpfs with the host's root at /oldroot and an empty /newroot tmpfs.
void enter_scratch_root(Layout& l) {
    l.add({.kind = FsOp::mount, .step = "make mounts private", .path = "/",
           .flags = MS_REC | MS_PRIVATE});
    l.add({.kind = FsOp::mount, .step = "mount scratch tmpfs", .path = scratch,
           .source = "tmpfs", .fstype = "tmpfs", .data = "size=64k,mode=0755",
           .flags = MS_NOSUID | MS_NODEV | MS_NOEXEC});
    l.add({.kind = FsOp::change_dir, .step = "enter scratch tmpfs", .path = scratch});
    l.add({.kind = FsOp::make_dir, .step = "create directory", .path = "newroot", .mode = 0755});
    l.add({.kind = FsOp::make_dir, .step = "create directory", .path = "oldroot", .mode = 0755});
    l.add({.kind = FsOp::pivot_root, .step = "pivot into scratch tmpfs", .path = ".",
           .source = "oldroot"});
    l.add({.kind = FsOp::change_dir, .step = "enter scratch root", .path = "/"});
    l.add({.kind = FsOp::mount, .step = "mount root tmpfs", .path = new_root, .source = "tmpfs",
           .fstype = "tmpfs", .data = "size=1m,nr_inodes=4096,mode=0755",
           .flags = MS_NOSUID | MS_NODEV});
}

void add_plan_binds(Layout& l, const BoxPlan& plan, std::set<std::string>& bound) {
    std::vector<const BindMount*> binds;
    for (const BindMount& b : plan.binds) binds.push_back(&b);
    // Parents before children, so a nested bind lands on top of its parent's bind.
    std::stable_sort(binds.begin(), binds.end(), [](const BindMount* a, const BindMount* b) {
        return a->target < b->target;
    });
    for (const BindMount* b : binds) {
        std::string source = trim_trailing_slash(b->source);
        std::string target = trim_trailing_slash(b->target.empty() ? b->source : b->target);
        check_box_path(source, "bind source");
        check_box_path(target, "bind target");
        if (target == "/") throw SetupError("bind target '/' is not allowed: the root is built by the box");
        struct stat st {};
        if (!host_stat(source, st)) {
            if (b->optional && errno == ENOENT) continue;
            throw SetupError("bind source '" + source + "': " + std::strerror(errno));
        }
        // The child sees the host under /oldroot, where an absolute symlink (/etc/localtime
        // -> /usr/share/zoneinfo/...) would resolve against the wrong root: bind its target.
        if (auto canonical = known_canonical(source, st)) {
            source = *canonical;  // a fixed path the planner resolved, still the same file
        } else {
            char resolved[PATH_MAX];
            if (!::realpath(source.c_str(), resolved)) {
                throw SetupError("bind source '" + source + "': " + std::strerror(errno));
            }
            source = resolved;
        }
        l.bind(source, target, S_ISDIR(st.st_mode), b->writable ? writable_attrs : read_only_attrs,
               true);
        bound.insert(target);
    }
}

// Debian is merged-/usr: /bin, /lib, ... are symlinks into /usr; mirror the host's links.
void add_usr_symlinks(Layout& l, const std::set<std::string>& bound) {
    for (const RootEntry& entry : root_entries()) {
        if (entry.kind == RootEntry::symlink && !bound.count(entry.path)) l.symlink(entry.link_text, entry.path);
    }
}

void add_etc_files(Layout& l, const BoxPlan& plan, const std::set<std::string>& bound) {
    const std::string uid = std::to_string(plan.inside_uid);
    const std::string gid = std::to_string(plan.inside_gid);
    const std::string home = plan.workdir;
    if (!bound.count("/etc/passwd")) {
        std::string passwd = plan.inside_uid == 0 ? "" : "root:x:0:0:root:/root:/usr/sbin/nologin\n";
        passwd += "sandbox:x:" + uid + ":" + gid + ":sandbox:" + home + ":/bin/sh\n";
        passwd += "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
        l.write_file("/etc/passwd", std::move(passwd), 0644);
    }
    if (!bound.count("/etc/group")) {
        std::string group = plan.inside_gid == 0 ? "" : "root:x:0:\n";
        group += "sandbox:x:" + gid + ":\nnogroup:x:65534:\n";
        l.write_file("/etc/group", std::move(group), 0644);
    }
    if (!bound.count("/etc/hosts")) {
        l.write_file("/etc/hosts",
                     "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t" +
                         plan.hostname + "\n",
                     0644);
    }
}

// A tmpfs /dev holding binds of the harmless host devices (mknod is refused in a user
// namespace), a private devpts, the usual links, and a size-capped /dev/shm; read-only
// afterwards.
void add_dev(Layout& l, const BoxPlan& plan) {
    l.mount_tmpfs("/dev", MS_NOSUID | MS_NOEXEC, "size=64k,nr_inodes=64,mode=0755", "mount /dev tmpfs");
    for (const std::string& host : host_char_devices()) {
        l.add({.kind = FsOp::make_file, .step = "create device mount point",
               .path = new_root + host, .mode = 0666});
        l.add({.kind = FsOp::mount, .step = "bind device", .path = new_root + host,
               .source = old_root + host, .flags = MS_BIND});
        l.add({.kind = FsOp::restrict_bind, .step = "restrict device bind", .path = new_root + host,
               .flags = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC});
    }
    // Programs that open a pty (script, expect, pty.openpty) get a devpts of their own: the
    // host's ptys stay out of sight, and /dev/ptmx leads to this instance's multiplexer.
    l.make_dirs("/dev/pts");
    l.add({.kind = FsOp::mount, .step = "mount /dev/pts", .path = std::string(new_root) + "/dev/pts",
           .source = "devpts", .fstype = "devpts", .data = "newinstance,ptmxmode=0666,mode=0620",
           .flags = MS_NOSUID | MS_NOEXEC});
    l.symlink("pts/ptmx", "/dev/ptmx");
    l.symlink("/proc/self/fd", "/dev/fd");
    l.symlink("/proc/self/fd/0", "/dev/stdin");
    l.symlink("/proc/self/fd/1", "/dev/stdout");
    l.symlink("/proc/self/fd/2", "/dev/stderr");
    l.mount_tmpfs("/dev/shm", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                  "size=" + std::to_string(plan.tmp_size_bytes) + ",mode=1777", "mount /dev/shm");
    l.add({.kind = FsOp::restrict_bind, .step = "make /dev read-only", .path = std::string(new_root) + "/dev",
           .flags = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC});
}

// A fresh proc for the box's pid namespace; the parts that reach kernel-wide state are
// read-only (dirs) or hidden behind /dev/null (files), as container runtimes do.
void add_proc(Layout& l) {
    l.make_dirs("/proc", 0555);
    l.add({.kind = FsOp::mount, .step = "mount /proc", .path = std::string(new_root) + "/proc",
           .source = "proc", .fstype = "proc", .flags = MS_NOSUID | MS_NODEV | MS_NOEXEC});
    for (const ProcEntry& entry : proc_entries({"sys", "sysrq-trigger", "irq", "bus", "fs"})) {
        const std::string& box = entry.path;
        l.add({.kind = FsOp::mount, .step = "bind /proc entry", .path = new_root + box,
               .source = new_root + box, .flags = MS_BIND | MS_REC});
        l.add({.kind = FsOp::restrict_bind, .step = "make /proc entry read-only",
               .path = new_root + box, .flags = read_only_attrs | MOUNT_ATTR_NOEXEC, .mode = 1});
    }
    for (const ProcEntry& entry : proc_entries({"kcore", "keys", "timer_list", "sched_debug", "kallsyms"})) {
        if (entry.is_dir) continue;
        const std::string& box = entry.path;
        l.add({.kind = FsOp::mount, .step = "mask /proc entry", .path = new_root + box,
               .source = std::string(new_root) + "/dev/null", .flags = MS_BIND});
    }
}

// /tmp and the workdir come before the plan's binds so that a bind may land inside them.
void add_writable_dirs(Layout& l, const BoxPlan& plan) {
    check_box_path(plan.workdir, "workdir");
    if (plan.workdir == "/" || plan.workdir == "/tmp") {
        throw SetupError("workdir '" + plan.workdir + "' collides with the box's own mounts");
    }
    l.mount_tmpfs("/tmp", MS_NOSUID | MS_NODEV,
                  "size=" + std::to_string(plan.tmp_size_bytes) + ",mode=1777", "mount /tmp");
    l.mount_tmpfs(plan.workdir, MS_NOSUID | MS_NODEV,
                  "size=" + std::to_string(plan.workdir_size_bytes) + ",mode=0755,uid=" +
                      std::to_string(plan.inside_uid) + ",gid=" + std::to_string(plan.inside_gid),
                  "mount workdir");
}

void add_workdir_files(Layout& l, const BoxPlan& plan) {
    for (const auto& [relative, contents] : plan.files) {
        if (relative.empty() || relative[0] == '/') {
            throw SetupError("file '" + relative + "' must be a path relative to the workdir");
        }
        std::string box_path = plan.workdir + "/" + relative;
        check_box_path(box_path, "file");
        l.write_file(box_path, contents, 0644);
    }
}

// Read-only root, then /newroot becomes "/": pivot_root(".", ".") stacks the scratch root on
// top of the new one, and detaching it (MNT_DETACH takes the whole subtree) takes the host
// root at /oldroot with it. One detach, no rmdir: each would cost an RCU grace period.
void leave_scratch_root(Layout& l) {
    l.add({.kind = FsOp::restrict_bind, .step = "make root read-only", .path = new_root,
           .flags = read_only_attrs});
    l.add({.kind = FsOp::change_dir, .step = "enter new root", .path = new_root});
    l.add({.kind = FsOp::pivot_root, .step = "pivot into new root", .path = ".", .source = "."});
    l.add({.kind = FsOp::unmount, .step = "detach scratch and host root", .path = ".", .flags = MNT_DETACH});
    l.add({.kind = FsOp::change_dir, .step = "enter /", .path = "/"});
}

}  // namespace

std::vector<FsOp> build_root_layout(const BoxPlan& plan) {
    Layout l;
    std::set<std::string> bound;
    enter_scratch_root(l);
    add_writable_dirs(l, plan);
    add_plan_binds(l, plan, bound);
    add_usr_symlinks(l, bound);
    add_etc_files(l, plan, bound);
    add_dev(l, plan);
    add_proc(l);
    add_workdir_files(l, plan);
    leave_scratch_root(l);
    return std::move(l.ops);
}

}  // namespace sandbox::linux_box
