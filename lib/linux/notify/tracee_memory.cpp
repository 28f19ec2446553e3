#include "tracee_memory.hpp"

#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>

namespace sandbox::linux_notify {
namespace {

// Reads up to `length` bytes; a string may end just before an unmapped page, so a short
// read is not an error here.
ssize_t read_some(pid_t pid, std::uint64_t address, char* out, std::size_t length) {
    iovec local{out, length};
    iovec remote{reinterpret_cast<void*>(address), length};
    return ::process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

}  // namespace

std::optional<std::string> read_bytes(pid_t pid, std::uint64_t address, std::size_t length) {
    std::string out(length, '\0');
    if (length == 0) return out;
    if (read_some(pid, address, out.data(), length) != static_cast<ssize_t>(length)) return std::nullopt;
    return out;
}

std::optional<std::string> read_c_string(pid_t pid, std::uint64_t address, std::size_t max) {
    if (address == 0) return std::nullopt;
    std::string out;
    char chunk[256];
    while (out.size() < max) {
        // Never across a page boundary in one read: the next page may be unmapped.
        const std::uint64_t here = address + out.size();
        const std::size_t to_page_end = 4096 - (here % 4096);
        const std::size_t want = std::min({sizeof chunk, to_page_end, max - out.size()});
        ssize_t n = read_some(pid, here, chunk, want);
        if (n <= 0) return std::nullopt;
        const char* end = std::find(chunk, chunk + n, '\0');
        out.append(chunk, static_cast<std::size_t>(end - chunk));
        if (end != chunk + n) return out;
    }
    return out;
}

}  // namespace sandbox::linux_notify
