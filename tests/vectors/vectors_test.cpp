// The shared vectors of runs.json through the C++ API: the reference the C, Python and
// Node suites must agree with.
#include <sandbox/sandbox.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

namespace json = boost::json;

namespace {

json::array load_vectors() {
    std::ifstream file(RSB_VECTORS_JSON);
    REQUIRE(file.good());
    std::stringstream text;
    text << file.rdbuf();
    return json::parse(text.str()).as_object().at("vectors").as_array();
}

sandbox::Command command_of(const json::object& spec) {
    sandbox::Command command;
    for (const auto& arg : spec.at("argv").as_array())
        command.argv.emplace_back(arg.as_string());
    if (const auto* in = spec.if_contains("stdin")) command.stdin_data = in->as_string();
    if (const auto* env = spec.if_contains("env"))
        for (const auto& [key, value] : env->as_object())
            command.env[std::string(key)] = value.as_string();
    if (const auto* files = spec.if_contains("files"))
        for (const auto& [path, contents] : files->as_object())
            command.files[std::string(path)] = contents.as_string();
    if (const auto* cwd = spec.if_contains("cwd")) command.working_dir = cwd->as_string();
    return command;
}

// Runs one vector; throws PolicyError where the library refuses it.
sandbox::Result run(const json::object& vector) {
    const auto* policy = vector.if_contains("policy");
    sandbox::Sandbox box(policy ? sandbox::SecurityPolicy::from_json(json::serialize(*policy))
                                : sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::standard));
    return box.run(command_of(vector.at("command").as_object()));
}

}  // namespace

TEST_CASE("shared vectors through the C++ API") {
    for (const auto& item : load_vectors()) {
        const auto& vector = item.as_object();
        const auto& expect = vector.at("expect").as_object();
        CAPTURE(vector.at("name").as_string());
        if (const auto* error = expect.if_contains("error")) {
            REQUIRE(error->as_string() == "policy");
            const std::string needle(expect.at("error_contains").as_string());
            try {
                run(vector);
                FAIL("the library ran a vector it must refuse");
            } catch (const sandbox::PolicyError& e) {
                CHECK(std::string(e.what()).find(needle) != std::string::npos);
            }
            continue;
        }
        const sandbox::Result result = run(vector);
        CAPTURE(result.message);
        if (const auto* v = expect.if_contains("status"))
            CHECK(sandbox::to_string(result.status) == std::string_view(v->as_string()));
        if (const auto* v = expect.if_contains("exit_code")) CHECK(result.exit_code == v->as_int64());
        if (const auto* v = expect.if_contains("signal")) CHECK(result.signal == v->as_int64());
        if (const auto* v = expect.if_contains("stdout"))
            CHECK(result.stdout_data == std::string_view(v->as_string()));
        if (const auto* v = expect.if_contains("stderr"))
            CHECK(result.stderr_data == std::string_view(v->as_string()));
    }
}
