#include "watch_context.hpp"

#include <sys/stat.h>

namespace sandbox::linux_notify {

WatchContext watch_context_for(const linux_box::BoxPlan& plan, SeccompMode mode,
                               std::optional<std::uint16_t> proxy_port) {
    std::vector<std::string> prefixes = {plan.workdir, "/tmp", "/proc", "/dev"};
    for (const auto& bind : plan.binds) prefixes.push_back(bind.target);
    // On a merged-/usr host the box mirrors /bin, /lib... as links into its bound /usr.
    for (const char* link : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
        struct stat st {};
        if (::lstat(link, &st) == 0 && S_ISLNK(st.st_mode)) prefixes.push_back(link);
    }
    WatchContext context;
    context.end_on_violation = mode == SeccompMode::allowlist_kill;
    context.files = PathScope(std::move(prefixes));
    context.proxy_port = proxy_port;
    return context;
}

}  // namespace sandbox::linux_notify
