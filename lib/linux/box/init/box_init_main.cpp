// box-init: the box's first process. The launcher execs it from a memfd right after clone
// (init_image.hpp), in the box's new namespaces, with
//   argv[1] = the fd of a memfd holding the encoded ChildSpec and ChildFds,
//   argv[2] = the status pipe's write end (to report a payload it cannot read).
// From there on it is the same child as ever: run_box_child builds the box, starts the
// target and stays as its init or subreaper.
#include "../child_main.hpp"
#include "../child_start_codec.hpp"
#include "../status_pipe.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace {

using namespace sandbox::linux_box;

int fd_argument(const char* text) {
    char* end = nullptr;
    long value = std::strtol(text, &end, 10);
    return (end != text && *end == '\0' && value >= 0 && value < 1 << 20) ? static_cast<int>(value) : -1;
}

bool read_payload(int fd, std::string& out) {
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_size <= 0) return false;
    out.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < out.size()) {
        ssize_t n = ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    // The launcher blocked every signal around clone (the child shared its memory until
    // this execve); handlers are default again now, so the mask can go.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    if (argc == 1) return 0;  // the host check runs it bare: it could be executed
    if (argc != 3) return 126;
    const int payload_fd = fd_argument(argv[1]);
    const int status_fd = fd_argument(argv[2]);
    if (payload_fd < 0 || status_fd < 0) return 126;
    std::string payload;
    static DecodedChildStart start;  // static: run_box_child never returns
    if (!read_payload(payload_fd, payload) || !decode_child_start(payload.data(), payload.size(), start)) {
        errno = EINVAL;
        fail_setup(status_fd, "box-init", "cannot read the launch payload");
    }
    ::close(payload_fd);
    std::string().swap(payload);
    // They crossed the execve without close-on-exec; the target's must not cross its own
    // (the status pipe especially: it reports the target's execve failure by staying open).
    for (int fd : start.fds.keep) {
        if (::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) fail_setup(status_fd, "box-init", "restore close-on-exec");
    }
    run_box_child(start.spec, start.fds);
}
