// The same hostile probes through the public API (sandbox::Sandbox::run at the standard
// level): what the supervisor really builds must hold as the launcher tests say.
#include <sandbox/sandbox.hpp>

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string probe_dir = PROBE_DIR;

sandbox::Result run_standard(std::vector<std::string> argv) {
    auto policy = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::standard);
    policy.readonly_paths.push_back(probe_dir);
    policy.limits.wall_timeout_ms = 30'000;
    sandbox::Command command;
    command.argv = std::move(argv);
    return sandbox::Sandbox(policy).run(command);
}

std::map<std::string, int> parse(const std::string& out) {
    std::map<std::string, int> result;
    std::istringstream in(out);
    std::string name, field;
    while (in >> name >> field) result[name] = std::stoi(field.substr(field.find('=') + 1));
    return result;
}

}  // namespace

TEST_CASE("Sandbox::run standard: denylisted calls get EPERM, clone3 ENOSYS, threads work") {
    const std::vector<std::string> denied = {
        "mount", "pivot_root", "ptrace", "process_vm_readv", "bpf", "perf_event_open",
        "keyctl", "unshare", "setns", "clone_newuser", "userfaultfd", "open_by_handle_at",
        "io_uring_setup", "tiocsti", "tiocsti_high", "reboot", "init_module", "fsopen",
    };
    std::vector<std::string> argv = {probe_dir + "/syscall_probe"};
    argv.insert(argv.end(), denied.begin(), denied.end());
    argv.insert(argv.end(), {"clone3", "thread"});
    sandbox::Result r = run_standard(argv);
    INFO(r.to_json());
    REQUIRE(r.status == sandbox::Status::ok);
    auto result = parse(r.stdout_data);
    for (const std::string& name : denied) {
        INFO(name);
        CHECK(result[name] == EPERM);
    }
    CHECK(result["clone3"] == ENOSYS);
    CHECK(result["thread"] == 0);
}

TEST_CASE("Sandbox::run standard: foreign ABIs denied") {
    sandbox::Result r = run_standard({probe_dir + "/abi_probe"});
    INFO(r.to_json());
    CHECK(r.stdout_data == "int80 errno=1\nx32 errno=1\n");
}

TEST_CASE("Sandbox::run standard: no host file through /proc/1/root, kill -1 stays inside") {
    pid_t bystander = ::fork();
    REQUIRE(bystander >= 0);
    if (bystander == 0) {
        if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(1);
        ::execl("/bin/sleep", "sleep", "60", nullptr);
        ::_exit(1);
    }
    sandbox::Result r = run_standard({"/bin/sh", "-c",
                                      "cat /proc/1/root/etc/shadow 2>&1 | grep -c root:; "
                                      "sleep 100 & sleep 0.1; kill -9 -1; wait $!; echo bg=$?"});
    INFO(r.to_json());
    CHECK(r.stdout_data == "0\nbg=137\n");
    int status = 0;
    CHECK(::waitpid(bystander, &status, WNOHANG) == 0);
    ::kill(bystander, SIGKILL);
    ::waitpid(bystander, &status, 0);
}

TEST_CASE("Sandbox::run standard: a copied setuid-root binary does not give root") {
    char templ[] = "/tmp/box-api-setuid-XXXXXX";
    REQUIRE(::mkdtemp(templ) != nullptr);
    std::string dir = templ;
    std::string copy = dir + "/print_ids";
    REQUIRE(std::system(("cp " + probe_dir + "/print_ids " + copy + " && chmod 755 " + dir +
                         " && chown root:root " + copy + " && chmod 4755 " + copy).c_str()) == 0);
    auto policy = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::standard);
    policy.readonly_paths.push_back(dir);
    sandbox::Command command;
    command.argv = {copy};
    sandbox::Result r = sandbox::Sandbox(policy).run(command);
    INFO(r.to_json());
    CHECK(r.stdout_data.find("euid=0") == std::string::npos);
    CHECK(r.status == sandbox::Status::ok);
    ::unlink(copy.c_str());
    ::rmdir(templ);
}
