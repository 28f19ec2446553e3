#include "bpf_export.hpp"

#include <sandbox/error.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace sandbox::linux_box {
namespace {

[[noreturn]] void fail(const char* step, int err) {
    throw SetupError(std::string("seccomp: ") + step + ": " + std::strerror(err));
}

}  // namespace

std::vector<sock_filter> export_bpf(scmp_filter_ctx ctx) {
    int fd = ::memfd_create("seccomp-bpf", MFD_CLOEXEC);
    if (fd < 0) fail("memfd_create", errno);
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    if (int rc = seccomp_export_bpf(ctx, fd); rc < 0) fail("seccomp_export_bpf", -rc);
    off_t size = ::lseek(fd, 0, SEEK_END);
    if (size < 0) fail("lseek", errno);
    if (size == 0 || size % sizeof(sock_filter) != 0) fail("exported program has an odd size", EINVAL);
    std::vector<sock_filter> program(static_cast<std::size_t>(size) / sizeof(sock_filter));
    if (::pread(fd, program.data(), static_cast<std::size_t>(size), 0) != size) fail("pread", errno);
    return program;
}

}  // namespace sandbox::linux_box
