#include "child_landlock.hpp"

#include "../landlock/landlock_abi.hpp"
#include "status_pipe.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>

namespace sandbox::linux_box {
namespace {

namespace ll = sandbox::landlock;

void add_path_rule(int ruleset, const LandlockPathRule& rule, std::uint64_t handled, int status_fd) noexcept {
    int fd = ::open(rule.path.c_str(), O_PATH | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT && rule.optional) return;
        fail_setup(status_fd, "open for Landlock rule", rule.path.c_str());
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) fail_setup(status_fd, "stat for Landlock rule", rule.path.c_str());
    std::uint64_t access = rule.access & handled;
    // The kernel refuses directory rights on a rule for a file.
    if (!S_ISDIR(st.st_mode)) access &= ll::fs_file_rights;
    if (access != 0) {
        landlock_path_beneath_attr attr{};
        attr.allowed_access = access;
        attr.parent_fd = fd;
        if (ll::add_rule(ruleset, ll::rule_path_beneath, &attr) != 0) {
            fail_setup(status_fd, "add Landlock path rule", rule.path.c_str());
        }
    }
    ::close(fd);
}

}  // namespace

void apply_landlock(const ChildSpec& spec, int status_fd) noexcept {
    if (spec.landlock == nullptr) return;
    const LandlockRules& rules = *spec.landlock;
    ll::RulesetAttr attr;
    attr.handled_access_fs = rules.handled_fs;
    attr.handled_access_net = rules.handled_net;
    attr.scoped = rules.scoped;
    // An older kernel takes only the prefix it knows (the planner left the rest zero).
    std::size_t size = rules.scoped ? sizeof attr
                       : rules.handled_net ? offsetof(ll::RulesetAttr, scoped)
                                           : offsetof(ll::RulesetAttr, handled_access_net);
    int ruleset = ll::create_ruleset(&attr, size, 0);
    if (ruleset < 0) fail_setup(status_fd, "landlock_create_ruleset", nullptr);
    if (rules.handled_fs) {
        for (const auto& rule : rules.paths) add_path_rule(ruleset, rule, rules.handled_fs, status_fd);
    }
    if (rules.handled_net & ll::net_connect_tcp) {
        for (std::uint16_t port : rules.connect_ports) {
            ll::NetPortAttr net{ll::net_connect_tcp, port};
            if (ll::add_rule(ruleset, ll::rule_net_port, &net) != 0) {
                fail_setup(status_fd, "add Landlock port rule", nullptr);
            }
        }
    }
    if (ll::restrict_self(ruleset, rules.restrict_flags) != 0) fail_setup(status_fd, "landlock_restrict_self", nullptr);
    ::close(ruleset);
}

}  // namespace sandbox::linux_box
