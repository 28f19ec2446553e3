// The program holds no capability, cannot gain privileges, and runs under the filter.
#include "box_harness.hpp"
#include "seccomp_filter.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace box_test;

namespace {

const char* status_script = "grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' /proc/self/status";

const char* expected_without_filter =
    "CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\nCapEff:\t0000000000000000\n"
    "CapBnd:\t0000000000000000\nCapAmb:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t0\n";

}  // namespace

TEST_CASE("no capability in any set, NoNewPrivs 1, no filter unless asked") {
    CHECK(run_box(shell_plan(status_script)).out == expected_without_filter);
}

TEST_CASE("with the standard denylist: Seccomp 2") {
    BoxPlan plan = shell_plan(status_script);
    plan.seccomp_bpf = sandbox::linux_box::standard_denylist_bpf();
    BoxRun run = run_box(plan);
    CHECK(run.out.find("CapBnd:\t0000000000000000\n") != std::string::npos);
    CHECK(run.out.find("NoNewPrivs:\t1\nSeccomp:\t2\n") != std::string::npos);
}

TEST_CASE("basic level as root: no capability, NoNewPrivs 1") {
    BoxPlan plan = shell_plan(status_script);
    plan.isolate = false;
    plan.cwd = "/";
    CHECK(run_box(plan).out == expected_without_filter);
}

TEST_CASE("inside uid 0 still gets no capability from execve") {
    BoxPlan plan = shell_plan(std::string("id -u; ") + status_script);
    plan.inside_uid = 0;
    plan.inside_gid = 0;
    CHECK(run_box(plan).out == std::string("0\n") + expected_without_filter);
}

TEST_CASE("the denylist is built once and cached") {
    const auto& a = sandbox::linux_box::standard_denylist_bpf();
    const auto& b = sandbox::linux_box::standard_denylist_bpf();
    CHECK(&a == &b);
    CHECK(a.size() > 40);
}
