#include "input_file.hpp"

#include "usage_error.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace sandbox_cli {

std::string read_whole_file(const std::string& path, const char* what) {
    if (path == "-") {
        return std::string(std::istreambuf_iterator<char>(std::cin), {});
    }
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        throw UsageError(std::string(what) + " '" + path + "' does not exist or is not a regular file");
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    if (!in) {
        throw UsageError(std::string("cannot read ") + what + " '" + path + "'");
    }
    return contents.str();
}

}  // namespace sandbox_cli
