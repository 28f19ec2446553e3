// The committed schema (schema/policy-v1.json) describes exactly the keys to_json writes and
// from_json reads: a key added to one and not the other fails here.
#include <doctest/doctest.h>
#include <sandbox/sandbox.hpp>

#include <boost/json.hpp>

#include <fstream>
#include <iterator>
#include <set>
#include <string>

namespace {

std::set<std::string> keys_of(const boost::json::object& obj) {
    std::set<std::string> keys;
    for (const auto& [key, value] : obj) keys.emplace(key);
    return keys;
}

boost::json::object read_schema() {
    std::ifstream in(POLICY_SCHEMA_PATH);
    REQUIRE_MESSAGE(in.good(), "cannot open " POLICY_SCHEMA_PATH);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return boost::json::parse(text).as_object();
}

}  // namespace

TEST_CASE("the policy schema lists every key to_json writes, and no other") {
    const boost::json::object schema = read_schema();
    CHECK(schema.at("additionalProperties") == false);
    const auto& properties = schema.at("properties").as_object();
    const auto written = boost::json::parse(sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::enhanced).to_json())
                             .as_object();
    CHECK(keys_of(properties) == keys_of(written));
    for (const char* nested : {"limits", "files"}) {
        INFO("object: " << nested);
        const auto& described = properties.at(nested).as_object();
        CHECK(described.at("additionalProperties") == false);
        CHECK(keys_of(described.at("properties").as_object()) == keys_of(written.at(nested).as_object()));
    }
    CHECK(properties.at("version").at("const") == written.at("version"));
}
