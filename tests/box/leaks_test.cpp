// Launches leave nothing behind in the supervisor: processes, fds, mounts, temp entries.
#include "box_harness.hpp"
#include "init_image.hpp"

#include <doctest/doctest.h>

#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <set>
#include <string>

using namespace box_test;

namespace {

// Entries in the host's /tmp a box could have left: the scratch root's directories, or
// anything owned by the box's host uid. (Other processes may use /tmp meanwhile.)
std::set<std::string> box_tmp_entries() {
    std::set<std::string> names;
    DIR* dir = ::opendir("/tmp");
    while (dirent* e = ::readdir(dir)) {
        std::string name = e->d_name;
        struct stat st {};
        bool box_owned = ::lstat(("/tmp/" + name).c_str(), &st) == 0 && st.st_uid == 65534;
        if (name == "newroot" || name == "oldroot" || box_owned) names.insert(name);
    }
    ::closedir(dir);
    return names;
}

}  // namespace

TEST_CASE("200 sequential launches leave no process, fd, mount or temp entry behind") {
    // The box-init memfd is made once per process and kept open by design: not a leak.
    sandbox::linux_box::box_init_fd();
    const int fds = count_open_fds();
    const int mounts = count_mounts();
    const int children = count_children();
    const auto tmp = box_tmp_entries();
    BoxPlan plan = plan_for({"/bin/true"});
    plan.files = {{"f.txt", "x"}};
    int ok = 0;
    for (int i = 0; i < 200; ++i) {
        BoxRun run = run_box(plan);
        ok += run.target_status() == 0 && WIFEXITED(run.init_status) && WEXITSTATUS(run.init_status) == 0;
    }
    CHECK(ok == 200);
    CHECK(count_open_fds() == fds);
    CHECK(count_mounts() == mounts);
    CHECK(count_children() == children);
    CHECK(box_tmp_entries() == tmp);
}
