#include "child_mounts.hpp"

#include "status_pipe.hpp"

#include <fcntl.h>
#include <linux/mount.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace sandbox::linux_box {
namespace {

// Adds `attrs` (MOUNT_ATTR_RDONLY/NOSUID/NODEV/NOEXEC) to the mount at `path`.
// mount_setattr (5.12+) only sets bits, so flags the kernel locked on a mount from a more
// privileged namespace (atime modes, noexec, ...) stay as they are and it can be recursive.
// Older kernels: MS_REMOUNT|MS_BIND, which must repeat the locked flags (read with statfs)
// or it fails with EPERM; not recursive there.
bool restrict_mount(const char* path, unsigned long attrs, bool recursive) {
    mount_attr attr{};
    attr.attr_set = attrs;
    if (::syscall(SYS_mount_setattr, AT_FDCWD, path, recursive ? AT_RECURSIVE : 0u, &attr,
                  sizeof attr) == 0) {
        return true;
    }
    if (errno != ENOSYS) return false;
    struct statfs st {};
    if (::statfs(path, &st) != 0) return false;
    // The ST_* bits of f_flags equal the MS_* bits for these, MOUNT_ATTR_* for the first four.
    unsigned long flags = MS_REMOUNT | MS_BIND | attrs;
    flags |= st.f_flags & (ST_RDONLY | ST_NOSUID | ST_NODEV | ST_NOEXEC | ST_NOATIME | ST_NODIRATIME);
    if (st.f_flags & ST_RELATIME) flags |= MS_RELATIME;
    return ::mount(nullptr, path, nullptr, flags, nullptr) == 0;
}

bool write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool create_file(const FsOp& op, bool with_data) {
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (with_data ? O_TRUNC : 0);
    int fd = ::open(op.path.c_str(), flags, op.mode);
    if (fd < 0) return false;
    bool ok = !with_data || write_all(fd, op.data.data(), op.data.size());
    int saved = errno;
    ::close(fd);
    errno = saved;
    return ok;
}

const char* or_null(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

bool run_op(const FsOp& op) {
    switch (op.kind) {
        case FsOp::make_dir:
            return ::mkdir(op.path.c_str(), op.mode) == 0 || errno == EEXIST;
        case FsOp::make_file:
            return create_file(op, false);
        case FsOp::mount:
            return ::mount(or_null(op.source), op.path.c_str(), or_null(op.fstype), op.flags,
                           or_null(op.data)) == 0;
        case FsOp::restrict_bind:
            return restrict_mount(op.path.c_str(), op.flags, op.mode != 0);
        case FsOp::symlink:
            return ::symlink(op.source.c_str(), op.path.c_str()) == 0;
        case FsOp::write_file:
            return create_file(op, true);
        case FsOp::change_dir:
            return ::chdir(op.path.c_str()) == 0;
        case FsOp::pivot_root:
            return ::syscall(SYS_pivot_root, op.path.c_str(), op.source.c_str()) == 0;
        case FsOp::unmount:
            return ::umount2(op.path.c_str(), static_cast<int>(op.flags)) == 0;
    }
    errno = EINVAL;
    return false;
}

}  // namespace

void run_fs_ops(const std::vector<FsOp>& ops, int status_fd) noexcept {
    for (const FsOp& op : ops) {
        if (!run_op(op)) fail_setup(status_fd, op.step, op.path.c_str());
    }
}

}  // namespace sandbox::linux_box
