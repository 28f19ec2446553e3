// The standard level as an unprivileged user: no cgroups, and the result says which limits
// fell back.
#include <sandbox/sandbox.hpp>

#include <doctest/doctest.h>

#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace {

constexpr const char* test_user = "rsb-rootless";

std::string capture(const std::string& command) {
    std::string out;
    FILE* p = ::popen(command.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
    return out;
}

}  // namespace

TEST_CASE("standard level works rootless and reports the limits it could not apply") {
    if (::geteuid() != 0) {
        MESSAGE("not root: this suite already runs rootless");
        return;
    }
    if (!::getpwnam(test_user))
        REQUIRE(std::system((std::string("useradd --system --no-create-home --shell /usr/sbin/nologin ") + test_user)
                                .c_str()) == 0);
    // The probe lives in the build tree: make sure the user can reach it.
    std::string probe = ROOTLESS_PROBE;
    std::string out = capture("setpriv --reuid=" + std::string(test_user) + " --regid=" + test_user +
                              " --clear-groups --inh-caps=-all " + probe + " 2>&1");
    INFO(out);
    auto r = sandbox::Result::from_json(out);
    CHECK(r.status == sandbox::Status::ok);
    CHECK(r.stdout_data.find("inside\n1000\nCapEff:\t0000000000000000\n") == 0);
    CHECK(r.stdout_data.find("Read-only file system") != std::string::npos);
    bool said_no_cgroup = false;
    for (const auto& d : r.degraded) said_no_cgroup = said_no_cgroup || d.find("cgroup") != std::string::npos;
    CHECK(said_no_cgroup);
    CHECK(r.usage_source == "rusage");
}
