#include "init_image.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>

// The image's bytes, placed by the generated box_init_image.cpp (init/embed_image.py).
extern "C" const char rsb_box_init_image_begin[];
extern "C" const char rsb_box_init_image_end[];

namespace sandbox::linux_box {
namespace {

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

struct InitImage {
    int fd = -1;
    std::string why;
};

// MFD_EXEC (6.3+) states the intent where vm.memfd_noexec would otherwise make the memfd
// non-executable; older kernels reject the flag, and their memfds are executable anyway.
int create_memfd() {
    int fd = ::memfd_create("rusty-sandbox-box-init", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
    if (fd < 0 && errno == EINVAL) fd = ::memfd_create("rusty-sandbox-box-init", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    return fd;
}

// Runs box-init bare (it exits at once) to learn whether the execve itself is allowed: a
// security module may refuse it. posix_spawn reports a failed execve as its result.
int run_bare(int fd) {
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    char name[] = "rusty-sandbox-init";
    char* argv[] = {name, nullptr};
    char* envp[] = {nullptr};
    pid_t pid = -1;
    if (int err = ::posix_spawn(&pid, path.c_str(), nullptr, nullptr, argv, envp)) return err;
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    return 0;
}

InitImage load_image() {
    InitImage image;
    int fd = create_memfd();
    if (fd < 0) {
        image.why = std::string("memfd_create refused an executable memfd: ") + std::strerror(errno);
        return image;
    }
    const char* data = rsb_box_init_image_begin;
    std::size_t left = static_cast<std::size_t>(rsb_box_init_image_end - rsb_box_init_image_begin);
    while (left > 0) {
        ssize_t n = ::write(fd, data, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            image.why = std::string("writing box-init into its memfd: ") + std::strerror(errno);
            ::close(fd);
            return image;
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
        image.why = std::string("sealing the box-init memfd: ") + std::strerror(errno);
        ::close(fd);
        return image;
    }
    if (int err = run_bare(fd)) {
        image.why = std::string("executing box-init from its memfd: ") + std::strerror(err);
        ::close(fd);
        return image;
    }
    image.fd = fd;
    return image;
}

const InitImage& image() {
    static const InitImage& loaded = *new InitImage(load_image());  // never destroyed: a supervisor thread may still use it at exit
    return loaded;
}

}  // namespace

int box_init_fd() { return image().fd; }

const std::string& box_init_unavailable_reason() { return image().why; }

}  // namespace sandbox::linux_box
