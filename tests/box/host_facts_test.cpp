// host_facts: the per-process cache of fixed host paths follows the host when a file is
// replaced, appears or disappears.
#include "host_facts.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace sandbox::linux_box;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    std::string path;
    TempDir() {
        char name[] = "/tmp/host-facts-test-XXXXXX";
        REQUIRE(::mkdtemp(name) != nullptr);
        path = name;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

// Replaces `link` atomically, as `ln -sf` followed by a rename does.
void relink(const std::string& target, const std::string& link) {
    std::string temp = link + ".new";
    REQUIRE(::symlink(target.c_str(), temp.c_str()) == 0);
    REQUIRE(::rename(temp.c_str(), link.c_str()) == 0);
}

std::string real(const std::string& path) {
    char resolved[PATH_MAX];
    REQUIRE(::realpath(path.c_str(), resolved) != nullptr);
    return resolved;
}

}  // namespace

TEST_CASE("a fixed path is resolved again once its symlink points elsewhere or it is gone") {
    TempDir dir;
    const std::string zone_a = dir.path + "/zone-a", zone_b = dir.path + "/zone-b";
    const std::string link = dir.path + "/localtime";
    write(zone_a, "a");
    write(zone_b, "b");
    REQUIRE(::symlink(zone_a.c_str(), link.c_str()) == 0);

    CHECK(fixed_host_path(link) == real(zone_a));
    CHECK(fixed_host_path(link) == real(zone_a));  // from the cache
    relink(zone_b, link);
    CHECK(fixed_host_path(link) == real(zone_b));
    REQUIRE(::unlink(link.c_str()) == 0);
    CHECK_FALSE(fixed_host_path(link).has_value());
    REQUIRE(::symlink(zone_a.c_str(), link.c_str()) == 0);
    CHECK(fixed_host_path(link) == real(zone_a));  // appeared again
}

TEST_CASE("known_canonical answers only for a resolved path that is still the same file") {
    TempDir dir;
    const std::string file = dir.path + "/services";
    const std::string link = dir.path + "/services-link";
    write(file, "x");
    REQUIRE(::symlink(file.c_str(), link.c_str()) == 0);
    struct stat st {};
    REQUIRE(::stat(link.c_str(), &st) == 0);
    CHECK_FALSE(known_canonical(link, st).has_value());  // never resolved as a fixed path

    REQUIRE(fixed_host_path(link).has_value());
    CHECK(known_canonical(link, st) == real(file));
    CHECK(known_canonical(real(file), st) == real(file));  // its canonical form too

    // Replaced by another file (a new inode): the caller must resolve it itself.
    const std::string replacement = dir.path + "/services.new";
    write(replacement, "y");
    REQUIRE(::rename(replacement.c_str(), file.c_str()) == 0);
    struct stat now {};
    REQUIRE(::stat(link.c_str(), &now) == 0);
    CHECK_FALSE(known_canonical(link, now).has_value());
    CHECK_FALSE(known_canonical(real(file), now).has_value());
}

TEST_CASE("root_entries and host_char_devices describe this host") {
    for (const RootEntry& entry : root_entries()) {
        struct stat st {};
        bool exists = ::lstat(entry.path, &st) == 0;
        CAPTURE(entry.path);
        if (!exists) {
            CHECK(entry.kind == RootEntry::absent);
        } else if (S_ISLNK(st.st_mode)) {
            REQUIRE(entry.kind == RootEntry::symlink);
            CHECK(fs::read_symlink(entry.path).string() == entry.link_text);
        } else {
            CHECK(entry.kind == (S_ISDIR(st.st_mode) ? RootEntry::directory : RootEntry::other));
        }
    }
    CHECK(root_entries().size() == 6);
    auto devices = host_char_devices();
    CHECK(std::find(devices.begin(), devices.end(), "/dev/null") != devices.end());
    for (const auto& device : devices) {
        struct stat st {};
        CHECK((::stat(device.c_str(), &st) == 0 && S_ISCHR(st.st_mode)));
    }
}

TEST_CASE("proc_entries lists the /proc entries that exist, with their kind") {
    auto found = proc_entries({"sys", "self", "no-such-entry"});
    REQUIRE(found.size() == 2);
    CHECK(found[0].path == "/proc/sys");
    CHECK(found[0].is_dir);
    CHECK(found[1].path == "/proc/self");
}
