#include "policy_file.hpp"

#include "usage_error.hpp"

#include <sandbox/error.hpp>

#include <boost/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sandbox_cli {
namespace {

std::string read_config(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw UsageError("--config " + path + ": does not exist or is not a regular file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw UsageError("--config " + path + ": cannot read it (" + std::strerror(errno) + ")");
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        throw UsageError("--config " + path + ": cannot read it");
    }
    return text.str();
}

// The document with its "level" set to `level`. A text that is not a JSON object is returned
// unchanged: the library's parser names what is wrong with it.
std::string with_level(const std::string& text, sandbox::SecurityLevel level) {
    boost::system::error_code ec;
    boost::json::value document = boost::json::parse(text, ec);
    if (ec || !document.is_object()) {
        return text;
    }
    document.get_object()["level"] = sandbox::to_string(level);
    return boost::json::serialize(document);
}

}  // namespace

sandbox::SecurityPolicy load_policy_file(const std::string& path, std::optional<sandbox::SecurityLevel> level) {
    std::string text = read_config(path);
    if (level) {
        text = with_level(text, *level);
    }
    try {
        return sandbox::SecurityPolicy::from_json(text);
    } catch (const sandbox::PolicyError& e) {
        throw UsageError("--config " + path + ": " + e.what());
    }
}

}  // namespace sandbox_cli
