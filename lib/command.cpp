// Command: validation and environment pass-through.
#include <sandbox/command.hpp>
#include <sandbox/error.hpp>

#include <cstdlib>

namespace sandbox {

Command& Command::pass_env(const std::string& name) {
    if (const char* value = std::getenv(name.c_str())) env[name] = value;
    return *this;
}

namespace {

void require_no_nul(const std::string& text, const std::string& what) {
    if (text.find('\0') != std::string::npos)
        throw PolicyError(what + " contains a NUL byte, which the kernel would cut there");
}

}  // namespace

void Command::validate() const {
    if (argv.empty()) throw PolicyError("command: argv is empty (nothing to run)");
    if (argv[0].empty()) throw PolicyError("command: argv[0] is an empty string");
    for (std::size_t i = 0; i < argv.size(); ++i)
        require_no_nul(argv[i], "command: argv[" + std::to_string(i) + "]");
    for (const auto& [key, value] : env) {
        if (key.empty() || key.find('=') != std::string::npos)
            throw PolicyError("command: environment name '" + key + "' is empty or contains '='");
        require_no_nul(key, "command: environment name");
        require_no_nul(value, "command: environment value of " + key);
    }
    for (const auto& [path, contents] : files) {
        (void)contents;
        require_no_nul(path, "command: file name");
        if (path.empty() || path[0] == '/')
            throw PolicyError("command: file '" + path + "' must be a relative path in the workdir");
        std::size_t start = 0;
        while (start <= path.size()) {
            std::size_t end = path.find('/', start);
            if (end == std::string::npos) end = path.size();
            std::string part = path.substr(start, end - start);
            if (part == ".." || part == "." || part.empty())
                throw PolicyError("command: file '" + path + "' must not contain '', '.' or '..' parts");
            start = end + 1;
        }
    }
    require_no_nul(working_dir, "command: working_dir");
    if (!working_dir.empty() && working_dir[0] != '/')
        throw PolicyError("command: working_dir '" + working_dir + "' must be an absolute path in the box");
}

}  // namespace sandbox
