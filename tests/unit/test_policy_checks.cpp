// Malformed policies an nsjail user would write: impossible limits, negative or absurd
// values given as strings, duplicate and relative paths, unknown capability names. Each is
// refused with the key path of the offending value.
#include <doctest/doctest.h>
#include <sandbox/sandbox.hpp>

using namespace sandbox;

namespace {

void refused(const std::string& json, const char* message) {
    INFO("policy: " << json);
    CHECK_THROWS_WITH_AS(SecurityPolicy::from_json(json), doctest::Contains(message), PolicyError);
}

}  // namespace

TEST_CASE("impossible limits name the limit") {
    refused(R"({"limits":{"memory_bytes":0}})", "limits.memory_bytes: 0 bytes is outside 4194304..");
    refused(R"({"limits":{"memory_bytes":"0M"}})", "limits.memory_bytes: 0 bytes is outside");
    refused(R"({"limits":{"cpu_time_ms":0}})", "limits.cpu_time_ms: 0 ms is outside 1..");
    refused(R"({"limits":{"pids":0}})", "limits.pids: 0 processes is outside 1..");
    refused(R"({"limits":{"open_files":0}})", "limits.open_files: 0 fds is outside 4..");
    refused(R"({"limits":{"tmp_size_bytes":"1K"}})", "limits.tmp_size_bytes: 1024 bytes is outside 4096..");
    refused(R"({"limits":{"address_space_bytes":"1M"}})", "limits.address_space_bytes");
}

TEST_CASE("absurd sizes and durations are refused, as numbers or as strings") {
    refused(R"({"limits":{"memory_bytes":"9999999T"}})", "$.limits.memory_bytes: '9999999T' is absurdly large");
    refused(R"({"limits":{"memory_bytes":"1e300"}})", "$.limits.memory_bytes: '1e300' is absurdly large");
    refused(R"({"limits":{"memory_bytes":1e30}})", "$.limits.memory_bytes: expected a whole number");
    refused(R"({"limits":{"memory_bytes":"128P"}})", "$.limits.memory_bytes: unknown size unit 'P'");
    refused(R"({"limits":{"memory_bytes":"100T"}})", "limits.memory_bytes: 109951162777600 bytes is outside");
    refused(R"({"limits":{"wall_timeout_ms":"1000000h"}})", "$.limits.wall_timeout_ms: '1000000h' is absurdly long");
    refused(R"({"limits":{"wall_timeout_ms":"30d"}})", "$.limits.wall_timeout_ms: unknown time unit 'd'");
    refused(R"({"limits":{"wall_timeout_ms":"8d"}})", "unknown time unit");
    refused(R"({"limits":{"cpu_time_ms":"200h"}})", "limits.cpu_time_ms: 720000000 ms is outside");
    refused(R"({"limits":{"pids":5000000000}})", "$.limits.pids: is absurdly large");
    refused(R"({"limits":{"open_files":"64"}})", "$.limits.open_files: expected a number");
}

TEST_CASE("negative values are refused wherever the sign hides") {
    refused(R"({"limits":{"wall_timeout_ms":"-5s"}})", "$.limits.wall_timeout_ms: must not be negative");
    refused(R"({"limits":{"wall_timeout_ms":" -5s"}})", "$.limits.wall_timeout_ms: must not be negative");
    refused(R"({"limits":{"cpu_time_ms":"\t-1"}})", "$.limits.cpu_time_ms: must not be negative");
    refused(R"({"limits":{"memory_bytes":" -1M"}})", "$.limits.memory_bytes: must not be negative");
    refused(R"({"limits":{"memory_bytes":"-0"}})", "$.limits.memory_bytes: must not be negative");
    refused(R"({"limits":{"wall_timeout_ms":-5}})", "$.limits.wall_timeout_ms: must not be negative");
    refused(R"({"limits":{"stdout_max_bytes":-1}})", "$.limits.stdout_max_bytes: must not be negative");
}

TEST_CASE("sizes and durations: whitespace, signs and spellings that are not numbers") {
    refused(R"({"limits":{"memory_bytes":"0x100000M"}})", "$.limits.memory_bytes: unknown size unit 'x100000M'");
    refused(R"({"limits":{"wall_timeout_ms":"nan"}})", "$.limits.wall_timeout_ms: not a number");
    refused(R"({"limits":{"wall_timeout_ms":"inf"}})", "$.limits.wall_timeout_ms: not a number");
    refused(R"({"limits":{"memory_bytes":"64 M"}})", "$.limits.memory_bytes: unknown size unit ' M'");
    refused(R"({"limits":{"memory_bytes":""}})", "$.limits.memory_bytes: empty value");
    CHECK(SecurityPolicy::from_json(R"({"limits":{"memory_bytes":"+64M"}})").limits.memory_bytes == 64ull << 20);
    CHECK(SecurityPolicy::from_json(R"({"limits":{"wall_timeout_ms":"1.5s"}})").limits.wall_timeout_ms == 1500);
}

TEST_CASE("paths: relative, unclean, too long and duplicate paths name the list and index") {
    refused(R"({"files":{"read":["/data","data"]}})", "files.read[1]: 'data' must be an absolute path");
    refused(R"({"files":{"exec":["./bin"]}})", "files.exec[0]: './bin' must be an absolute path");
    refused(R"({"files":{"write":["/out/."]}})", "files.write[0]: '/out/.' must not contain '.' or '..' parts");
    refused(R"({"readonly_paths":["/a/../etc"]})", "readonly_paths[0]: '/a/../etc' must not contain");
    refused(R"({"files":{"write":["/out","/tmp","/out/"]}})", "files.write[2]: '/out/' repeats files.write[0] ('/out')");
    refused(R"({"files":{"read":["/a//b","/a/b"]}})", "files.read[1]: '/a/b' repeats files.read[0]");
    refused(R"({"readonly_paths":["/opt","/opt"]})", "readonly_paths[1]: '/opt' repeats readonly_paths[0]");
    refused(R"({"workdir":"/tmp/"})", "workdir: '/tmp/' is reserved by the box");
    refused(R"({"files":{"read":["/)" + std::string(5000, 'a') + R"("]}})",
            "files.read[0]: a path of 5001 bytes is longer than 4095");
    // The same path in two lists is not a repeat: write and exec each add to read.
    CHECK_NOTHROW(SecurityPolicy::from_json(R"({"files":{"read":["/d"],"write":["/d"],"exec":["/d"]}})"));
}

TEST_CASE("capabilities: unknown names, near misses and repeats") {
    refused(R"({"keep_capabilities":["CAP_WIZARD"]})",
            "keep_capabilities[0]: unknown capability 'CAP_WIZARD' (names look like CAP_NET_BIND_SERVICE)");
    refused(R"({"keep_capabilities":["net_bind_service"]})",
            "keep_capabilities[0]: unknown capability 'net_bind_service' (did you mean CAP_NET_BIND_SERVICE?)");
    refused(R"({"keep_capabilities":["cap_sys_admin"]})", "(did you mean CAP_SYS_ADMIN?)");
    refused(R"({"keep_capabilities":["CAP_KILL","CAP_CHOWN","CAP_KILL"]})",
            "keep_capabilities[2]: 'CAP_KILL' repeats keep_capabilities[0]");
    refused(R"({"keep_capabilities":[""]})", "keep_capabilities[0]: unknown capability ''");
}
