// Each status of the vocabulary, produced by a real program in a real box.
#include "run_helpers.hpp"

#include <doctest/doctest.h>

#include <csignal>

using namespace sandbox;
using namespace test_support;

TEST_CASE("exit 0 is ok and output is captured") {
    auto r = sh("echo hello; echo oops >&2");
    CHECK(r.status == Status::ok);
    CHECK(r.exit_code == 0);
    CHECK(r.stdout_data == "hello\n");
    CHECK(r.stderr_data == "oops\n");
    CHECK(r.wall_time_s > 0);
}

TEST_CASE("exit 3 is nonzero_exit") {
    auto r = sh("exit 3");
    CHECK(r.status == Status::nonzero_exit);
    CHECK(r.exit_code == 3);
    CHECK(r.cli_exit_code() == 3);
}

TEST_CASE("kill -SEGV $$ is signaled") {
    auto r = sh("kill -SEGV $$");
    CHECK(r.status == Status::signaled);
    CHECK(r.signal == SIGSEGV);
    CHECK(r.exit_code == -1);
    CHECK(r.cli_exit_code() == 128 + SIGSEGV);
}

TEST_CASE("a Python busy loop hits cpu_limit, with CPU time near the limit") {
    auto p = policy();
    p.limits.cpu_time_ms = 1000;
    auto r = py("while True: pass", p);
    CHECK(r.status == Status::cpu_limit);
    CHECK(r.cpu_user_s + r.cpu_sys_s >= 0.95);
    CHECK(r.cpu_user_s + r.cpu_sys_s < 2.5);
}

TEST_CASE("sleep 100 hits the wall timeout and the tree is killed") {
    auto p = policy();
    p.limits.wall_timeout_ms = 500;
    auto r = sh("sleep 100 & sleep 100", p);
    CHECK(r.status == Status::timeout);
    CHECK(r.wall_time_s < 5);
    CHECK(r.message.find("wall time") != std::string::npos);
}

TEST_CASE("an allocation loop is memory_limit, told apart from a plain SIGKILL") {
    auto p = policy();
    p.limits.memory_bytes = 64ull << 20;
    auto r = py("a = []\nwhile True: a.append(b'x' * (1 << 20))", p);
    CHECK(r.status == Status::memory_limit);
    CHECK(r.peak_memory_bytes >= (60ull << 20));
    CHECK(r.peak_memory_bytes <= (66ull << 20));
    auto plain = sh("kill -KILL $$", p);
    CHECK(plain.status == Status::signaled);
    CHECK(plain.signal == SIGKILL);
}

TEST_CASE("a fork loop is pids_limit or contained") {
    auto p = policy();
    p.limits.pids = 16;
    p.limits.wall_timeout_ms = 3000;
    auto r = sh("while true; do sleep 5 & done", p);
    CHECK(r.status == Status::pids_limit);
    CHECK(r.wall_time_s < 10);
}

TEST_CASE("a 100 MiB stdout flood is output_limit with the first MiB kept") {
    auto r = sh("head -c 104857600 /dev/zero");
    CHECK(r.status == Status::output_limit);
    CHECK(r.stdout_truncated);
    CHECK(r.stdout_data.size() == (1u << 20));
    CHECK(r.stdout_data.find_first_not_of('\0') == std::string::npos);
}

TEST_CASE("with truncate, a flood keeps running to its end") {
    auto p = policy();
    p.limits.on_output_overflow = OutputOverflow::truncate;
    p.limits.stdout_max_bytes = 1000;
    auto r = sh("head -c 5000000 /dev/urandom; echo done >&2", p);
    CHECK(r.status == Status::ok);
    CHECK(r.stdout_truncated);
    CHECK(r.stdout_data.size() == 1000);
    CHECK(r.stderr_data == "done\n");
    CHECK(r.to_json().find("\"status\":\"ok\"") != std::string::npos);  // binary stdout still valid JSON
}

TEST_CASE("a missing program is setup_error naming it") {
    auto r = run({"/nonexistent/prog"});
    CHECK(r.status == Status::setup_error);
    CHECK(r.message.find("/nonexistent/prog") != std::string::npos);
    CHECK(r.cli_exit_code() == 125);
    auto r2 = run({"no-such-command-anywhere"});
    CHECK(r2.status == Status::setup_error);
    CHECK(r2.message.find("no-such-command-anywhere") != std::string::npos);
}

TEST_CASE("stdin, environment and workdir files reach the program") {
    Command c;
    c.argv = {"/bin/sh", "-c", "cat; echo \"[$GREETING]\"; cat in/data.txt; pwd; env | wc -l"};
    c.stdin_data = "from stdin\n";
    c.env["GREETING"] = "hi";
    c.files["in/data.txt"] = "file contents\n";
    auto r = Sandbox(policy()).run(c);
    CHECK(r.status == Status::ok);
    // sh itself adds PWD (and may add OLDPWD): the box adds nothing of the supervisor's.
    CHECK(r.stdout_data.find("from stdin\n[hi]\nfile contents\n/work\n") == 0);
}

TEST_CASE("run_code: python, javascript and shell") {
    Sandbox box(policy());
    auto r = box.run_code("python", "print(6 * 7)");
    CHECK(r.status == Status::ok);
    CHECK(r.stdout_data == "42\n");
    auto js = box.run_code("javascript", "console.log(6 * 7)");
    CHECK(js.status == Status::ok);
    CHECK(js.stdout_data == "42\n");
    auto s = box.run_code("shell", "echo $((6 * 7))");
    CHECK(s.stdout_data == "42\n");
    CHECK_THROWS_AS(box.run_code("cobol", "DISPLAY 'HI'."), PolicyError);
}

TEST_CASE("the basic level runs on the host filesystem with its files in a temp workdir") {
    Command c;
    c.argv = {"/bin/sh", "-c", "cat x.txt; id -u"};
    c.files["x.txt"] = "basic\n";
    auto r = Sandbox(policy(SecurityLevel::basic)).run(c);
    CHECK(r.status == Status::ok);
    CHECK(r.stdout_data.find("basic\n") == 0);
    if (::geteuid() == 0) CHECK(r.stdout_data.find("65534") != std::string::npos);  // never host root
}

TEST_CASE("run_code attaches advisory lint findings; they never stop the run") {
    auto r = Sandbox(policy()).run_code("python", "import os\nos.system('true')\nprint('ran')");
    CHECK(r.status == Status::ok);
    CHECK(r.stdout_data == "ran\n");
    REQUIRE_FALSE(r.lint_findings.empty());
    CHECK(r.to_json().find("\"lint_findings\"") != std::string::npos);
}
