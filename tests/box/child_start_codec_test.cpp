// The launch payload box-init decodes: every field survives the round trip, and any
// truncated or padded payload is refused rather than half-read.
#include "child_start_codec.hpp"

#include <doctest/doctest.h>

#include <sys/resource.h>

#include <string>

using namespace sandbox::linux_box;

namespace {

struct SampleSpec {
    std::vector<std::string> argv_strings{"/bin/sh", "-c", "echo x"};
    std::vector<std::string> env_strings{"A=1", "EMPTY="};
    std::vector<char*> argv, envp;
    LandlockRules landlock;
    std::vector<sock_filter> filter{{0x20, 0, 0, 4}, {0x06, 0, 0, 0x7fff0000}};
    ChildSpec spec;
    ChildFds fds;

    SampleSpec() {
        for (auto& s : argv_strings) argv.push_back(s.data());
        argv.push_back(nullptr);
        for (auto& s : env_strings) envp.push_back(s.data());
        envp.push_back(nullptr);
        landlock.handled_fs = 0x1fff;
        landlock.handled_net = 3;
        landlock.scoped = 1;
        landlock.restrict_flags = 2;
        landlock.paths = {{"/usr", 0x7, true}, {"/work", 0x1fff, false}};
        landlock.connect_ports = {80, 443};
        spec.own_network = false;
        spec.child_writes_id_maps = true;
        spec.seccomp_listener = true;
        spec.uid = 1000;
        spec.gid = 1001;
        spec.uid_map = "1000 65534 1\n";
        spec.gid_map = "1001 65534 1\n";
        spec.cap_last_cap = 40;
        spec.keep_caps = 1u << 10;
        spec.supervisor_pid = 4242;
        spec.fs_ops = {{.kind = FsOp::mount, .step = "bind mount", .path = "/new/usr", .source = "/usr",
                        .fstype = "", .data = "", .flags = 4096, .mode = 0},
                       {.kind = FsOp::write_file, .step = "write file", .path = "/new/work/f", .data = std::string("a\0b", 3),
                        .mode = 0644}};
        spec.hostname = "sandbox";
        spec.cwd = "/work";
        spec.argv = argv;
        spec.envp = envp;
        spec.rlimits = {{RLIMIT_CORE, {0, 0}}, {RLIMIT_NOFILE, {64, RLIM_INFINITY}}};
        spec.landlock = &landlock;
        spec.seccomp.len = static_cast<unsigned short>(filter.size());
        spec.seccomp.filter = filter.data();
        fds = {.stdin_read = 3, .stdout_write = 4, .stderr_write = 5, .status_write = 6, .sync_read = 7,
               .supervisor_pidfd = 8, .notify_send = 9, .cgroup_attach = {10, 11}, .keep = {3, 4, 5, 6, 7, 8, 9, 10, 11}};
    }
};

}  // namespace

TEST_CASE("the launch payload round-trips every field") {
    SampleSpec sample;
    const std::string bytes = encode_child_start(sample.spec, sample.fds);
    DecodedChildStart decoded;
    REQUIRE(decode_child_start(bytes.data(), bytes.size(), decoded));
    const ChildSpec& s = decoded.spec;
    CHECK(s.isolate);
    CHECK_FALSE(s.own_network);
    CHECK(s.child_writes_id_maps);
    CHECK(s.seccomp_listener);
    CHECK(s.uid == 1000);
    CHECK(s.gid == 1001);
    CHECK(s.uid_map == "1000 65534 1\n");
    CHECK(s.cap_last_cap == 40);
    CHECK(s.keep_caps == 1u << 10);
    CHECK(s.supervisor_pid == 4242);
    REQUIRE(s.fs_ops.size() == 2);
    CHECK(std::string(s.fs_ops[0].step) == "bind mount");
    CHECK(s.fs_ops[0].source == "/usr");
    CHECK(s.fs_ops[0].flags == 4096);
    CHECK(s.fs_ops[1].kind == FsOp::write_file);
    CHECK(s.fs_ops[1].data == std::string("a\0b", 3));
    CHECK(s.fs_ops[1].mode == 0644);
    CHECK(s.hostname == "sandbox");
    CHECK(s.cwd == "/work");
    REQUIRE(s.argv.size() == 4);
    CHECK(std::string(s.argv[2]) == "echo x");
    CHECK(s.argv[3] == nullptr);
    REQUIRE(s.envp.size() == 3);
    CHECK(std::string(s.envp[1]) == "EMPTY=");
    REQUIRE(s.rlimits.size() == 2);
    CHECK(s.rlimits[1].second.rlim_max == RLIM_INFINITY);
    REQUIRE(s.landlock != nullptr);
    CHECK(s.landlock->handled_fs == 0x1fff);
    CHECK(s.landlock->restrict_flags == 2);
    REQUIRE(s.landlock->paths.size() == 2);
    CHECK_FALSE(s.landlock->paths[1].optional);
    CHECK(s.landlock->connect_ports == std::vector<std::uint16_t>{80, 443});
    REQUIRE(s.seccomp.len == 2);
    CHECK(s.seccomp.filter[1].k == 0x7fff0000);
    CHECK(decoded.fds.notify_send == 9);
    CHECK(decoded.fds.cgroup_attach == std::vector<int>{10, 11});
    CHECK(decoded.fds.keep.size() == 9);
}

TEST_CASE("a truncated, padded or foreign payload is refused") {
    SampleSpec sample;
    const std::string bytes = encode_child_start(sample.spec, sample.fds);
    for (std::size_t size = 0; size < bytes.size(); ++size) {
        DecodedChildStart decoded;
        CHECK_FALSE(decode_child_start(bytes.data(), size, decoded));
    }
    DecodedChildStart padded;
    const std::string longer = bytes + "x";
    CHECK_FALSE(decode_child_start(longer.data(), longer.size(), padded));
    std::string other_version = bytes;
    other_version[0] = 2;
    DecodedChildStart foreign;
    CHECK_FALSE(decode_child_start(other_version.data(), other_version.size(), foreign));
    // A length far beyond what is left (here uid_map's, after the version, seven flags, uid
    // and gid) must not allocate or read past the end.
    std::string huge = bytes.substr(0, 4 + 7 + 4 + 4) + std::string("\xff\xff\xff\x7f", 4) + "abc";
    DecodedChildStart bounded;
    CHECK_FALSE(decode_child_start(huge.data(), huge.size(), bounded));
}
