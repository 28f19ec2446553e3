#include "stale_workdirs.hpp"

#include "host_pids.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <filesystem>
#include <string_view>

namespace sandbox {
namespace {

constexpr std::string_view prefix = "rusty-sandbox-";

}  // namespace

std::string workdir_name_prefix() { return std::string(prefix) + std::to_string(::getpid()) + "-"; }

void remove_stale_workdirs(const std::string& tmp_dir) {
    if (!pids_are_host_wide()) return;
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(tmp_dir, ec)) {
        std::string name = entry.path().filename();
        if (!name.starts_with(prefix)) continue;
        std::string_view rest = std::string_view(name).substr(prefix.size());
        pid_t owner = 0;
        auto [end, err] = std::from_chars(rest.data(), rest.data() + rest.size(), owner);
        if (err != std::errc() || end == rest.data() || end == rest.data() + rest.size() || *end != '-' || owner <= 0)
            continue;
        if (owner == ::getpid() || ::kill(owner, 0) == 0 || errno != ESRCH) continue;
        fs::remove_all(entry.path(), ec);
    }
}

}  // namespace sandbox
