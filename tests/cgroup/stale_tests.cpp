// remove_stale_cgroups(): groups of dead owners go (members killed first), groups of live
// owners stay.
#include <doctest/doctest.h>

#include "cgroup_files.hpp"
#include "cgroup_test_support.hpp"
#include "host_run_cgroup.hpp"
#include "run_group_name.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace sandbox::linux_box;
using namespace cgroup_test;

namespace {

// The run-group parent directories of this host (one per hierarchy a run uses).
std::vector<std::string> parent_dirs() {
    std::vector<std::string> degraded;
    auto placement = host_placement(CgroupLimits{}, degraded);
    std::vector<std::string> dirs;
    if (placement.v2) dirs.push_back(placement.v2->parent_dir);
    for (const auto& spot : placement.v1) dirs.push_back(spot.parent_dir);
    return dirs;
}

std::vector<std::string> make_groups(const std::string& name) {
    std::vector<std::string> made;
    for (const auto& parent : parent_dirs()) {
        std::string dir = parent + "/" + name;
        if (::mkdir(dir.c_str(), 0755) == 0) made.push_back(dir);
    }
    return made;
}

}  // namespace

TEST_CASE("stale groups of a dead owner are emptied and removed; a live owner's stay") {
    if (parent_dirs().empty()) {
        MESSAGE("skipped: no cgroup for this process");
        return;
    }
    // A supervisor that died: its pid and start time, recorded before it went.
    pid_t dead = ::fork();
    if (dead == 0) {
        ::pause();
        ::_exit(0);
    }
    auto dead_start = process_start_time(dead);
    REQUIRE(dead_start);
    ::kill(dead, SIGKILL);
    wait_for(dead);
    std::string dead_name = "run-" + std::to_string(dead) + "-" + std::to_string(*dead_start) + "-0-stale";
    auto stale = make_groups(dead_name);
    REQUIRE_FALSE(stale.empty());

    // A process the dead supervisor left running in its groups.
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    pid_t orphan = ::fork();
    if (orphan == 0) {
        for (const auto& dir : stale) {
            if (cgroupfs::write_file(dir + "/cgroup.procs", "0") != 0) ::_exit(120);
        }
        (void)!::write(ready[1], "x", 1);
        ::pause();
        ::_exit(0);
    }
    ::close(ready[1]);
    char byte;
    REQUIRE(::read(ready[0], &byte, 1) == 1);
    ::close(ready[0]);

    // The dead supervisor was ending it: frozen, where a v1 freezer exists.
    bool frozen = false;
    for (const auto& dir : stale) {
        if (cgroupfs::write_file(dir + "/freezer.state", "FROZEN") == 0) frozen = true;
    }
    MESSAGE((std::string("stale group frozen: ") + (frozen ? "yes" : "no (no v1 freezer)")));

    // A live owner's groups (this process, a sequence number no real run uses).
    auto live = make_groups("run-" + std::to_string(::getpid()) + "-" +
                            std::to_string(*process_start_time(::getpid())) + "-999999-live");
    REQUIRE(live.size() == stale.size());

    auto start = std::chrono::steady_clock::now();
    remove_stale_cgroups();
    MESSAGE("remove_stale_cgroups: " << seconds_since(start) * 1e3 << " ms");
    CHECK(seconds_since(start) < 1.0);  // no wait ran into its timeout

    int status = wait_for(orphan);
    CHECK(WIFSIGNALED(status));
    for (const auto& dir : stale) CHECK_MESSAGE(!path_exists(dir), dir);
    for (const auto& dir : live) {
        CHECK_MESSAGE(path_exists(dir), dir);
        ::rmdir(dir.c_str());
    }
}
