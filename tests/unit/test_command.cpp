#include <doctest/doctest.h>
#include <sandbox/sandbox.hpp>

using namespace sandbox;

TEST_CASE("commands are validated before anything starts") {
    Command c;
    CHECK_THROWS_WITH_AS(c.validate(), doctest::Contains("argv is empty"), PolicyError);
    c.argv = {"/bin/true"};
    CHECK_NOTHROW(c.validate());
    c.files["../escape"] = "x";
    CHECK_THROWS_WITH_AS(c.validate(), doctest::Contains("'..'"), PolicyError);
    c.files.clear();
    c.files["/abs"] = "x";
    CHECK_THROWS_WITH_AS(c.validate(), doctest::Contains("relative path"), PolicyError);
    c.files.clear();
    c.env["A=B"] = "x";
    CHECK_THROWS_AS(c.validate(), PolicyError);
    c.env.clear();
    c.argv.push_back(std::string("a\0b", 3));
    CHECK_THROWS_WITH_AS(c.validate(), doctest::Contains("NUL"), PolicyError);
}

TEST_CASE("the environment is empty unless passed through") {
    Command c;
    CHECK(c.env.empty());
    ::setenv("RSB_TEST_VAR", "value", 1);
    c.pass_env("RSB_TEST_VAR").pass_env("RSB_TEST_UNSET_VAR");
    CHECK(c.env.size() == 1);
    CHECK(c.env.at("RSB_TEST_VAR") == "value");
}

TEST_CASE("Sandbox::start rejects an empty argv") {
    Sandbox box;
    boost::asio::io_context io;
    CHECK_THROWS_AS(box.start(io, Command{}), PolicyError);
}
