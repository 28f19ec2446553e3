#include "cgroup_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <thread>

namespace sandbox::linux_box::cgroupfs {

namespace {

std::optional<std::string> read_fd(int fd) {
    std::string out;
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::nullopt;
        if (n == 0) return out;
        out.append(buf, static_cast<std::size_t>(n));
    }
}

int write_fd(int fd, const std::string& value) {
    ssize_t n;
    do {
        n = ::write(fd, value.data(), value.size());
    } while (n < 0 && errno == EINTR);
    if (n < 0) return errno;
    return static_cast<std::size_t>(n) == value.size() ? 0 : EIO;
}

}  // namespace

std::optional<std::string> read_file(const std::string& path) {
    return read_at(AT_FDCWD, path.c_str());
}

std::optional<std::string> read_at(int dir_fd, const char* name) {
    int fd = ::openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    auto text = read_fd(fd);
    ::close(fd);
    return text;
}

int write_at(int dir_fd, const char* name, const std::string& value) {
    int fd = ::openat(dir_fd, name, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return errno;
    int err = write_fd(fd, value);
    ::close(fd);
    return err;
}

int write_file(const std::string& path, const std::string& value) {
    return write_at(AT_FDCWD, path.c_str(), value);
}

std::map<std::string, std::uint64_t> parse_flat_keyed(const std::string& text) {
    std::map<std::string, std::uint64_t> out;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string key, value;
        if (!(words >> key >> value)) continue;
        if (auto number = parse_u64(value)) out[key] = *number;
    }
    return out;
}

std::optional<std::uint64_t> parse_u64(const std::string& text) {
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) ++i;
    if (i == text.size() || text[i] < '0' || text[i] > '9') return std::nullopt;
    std::uint64_t value = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
    }
    return value;
}

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream words(text);
    std::string word;
    while (words >> word) out.push_back(word);
    return out;
}

std::vector<int> parse_pids(const std::string& text) {
    std::vector<int> out;
    std::istringstream words(text);
    int pid;
    while (words >> pid) out.push_back(pid);
    return out;
}

std::string errno_text(int err) {
    return std::string(std::strerror(err)) + " (errno " + std::to_string(err) + ")";
}

bool remove_dir(const std::string& path) {
    // A v1 memory group can answer EBUSY for a short while after its last task exited.
    for (int attempt = 0; attempt < 200; ++attempt) {
        if (::rmdir(path.c_str()) == 0 || errno == ENOENT) return true;
        if (errno != EBUSY) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

}  // namespace sandbox::linux_box::cgroupfs
