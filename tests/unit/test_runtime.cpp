#include <doctest/doctest.h>
#include <sandbox/sandbox.hpp>

using namespace sandbox;

TEST_CASE("runtimes by name, alias and extension") {
    const auto& reg = RuntimeRegistry::builtin();
    REQUIRE(reg.by_name("python") != nullptr);
    CHECK(reg.by_name("py") == reg.by_name("python"));
    CHECK(reg.by_name("js")->name == "javascript");
    CHECK(reg.for_file("dir/hello.py")->name == "python");
    CHECK(reg.for_file("x.mjs")->name == "javascript");
    CHECK(reg.for_file("run.sh")->name == "shell");
    CHECK(reg.for_file("README") == nullptr);
    CHECK(reg.by_name("cobol") == nullptr);
    CHECK_FALSE(reg.by_name("javascript")->tolerates_address_space_limit);
}

TEST_CASE("a missing interpreter is a SetupError naming it") {
    Runtime fake{.name = "fortran", .extensions = {".f"}, .interpreters = {"/nonexistent/gfortran-run"}};
    CHECK_THROWS_WITH_AS(RuntimeRegistry::resolve_interpreter(fake), doctest::Contains("/nonexistent/gfortran-run"),
                         SetupError);
}

TEST_CASE("a source command places the file in the workdir") {
    auto cmd = RuntimeRegistry::command_for_source(*RuntimeRegistry::builtin().by_name("python"), "main.py",
                                                   "print(1)", "/work");
    CHECK(cmd.argv.front() == "/usr/bin/python3");
    CHECK(cmd.argv.back() == "/work/main.py");
    CHECK(cmd.files.at("main.py") == "print(1)");
}
