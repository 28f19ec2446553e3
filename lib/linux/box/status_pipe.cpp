#include "status_pipe.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstddef>

namespace sandbox::linux_box {
namespace {

std::size_t append(char* out, std::size_t at, std::size_t cap, const char* text) {
    while (text && *text && at + 1 < cap) out[at++] = *text++;
    return at;
}

}  // namespace

void write_status(int fd, StatusRecord::Kind kind, int value, int err, const char* step,
                  const char* detail) noexcept {
    StatusRecord record;
    record.kind = kind;
    record.value = value;
    record.err = err;
    std::size_t at = append(record.message, 0, sizeof record.message, step);
    if (detail && *detail) {
        at = append(record.message, at, sizeof record.message, ": ");
        append(record.message, at, sizeof record.message, detail);
    }
    ssize_t written;
    do {
        written = ::write(fd, &record, sizeof record);
    } while (written < 0 && errno == EINTR);
}

void fail_setup(int status_fd, const char* step, const char* detail) noexcept {
    write_status(status_fd, StatusRecord::setup_failed, 0, errno, step, detail);
    ::_exit(126);
}

void fail_exec(int status_fd, const char* path) noexcept {
    write_status(status_fd, StatusRecord::exec_failed, 0, errno, "execve", path);
    ::_exit(127);
}

}  // namespace sandbox::linux_box
