// The built-in runtimes: which interpreter runs a language and what it tolerates.
#include <sandbox/error.hpp>
#include <sandbox/runtime.hpp>

#include <unistd.h>

namespace sandbox {
namespace {

RuntimeRegistry make_builtin() {
    RuntimeRegistry r;
    r.add(Runtime{
        .name = "python",
        .extensions = {".py"},
        // Debian's interpreter, never a pyenv or venv one the host user may have on PATH.
        .interpreters = {"/usr/bin/python3"},
        .interpreter_args = {"-B"},  // no .pyc writes into the workdir
        .mounts = {},
        .env = {{"PYTHONIOENCODING", "utf-8"}, {"LANG", "C.UTF-8"}},
        .tolerates_address_space_limit = true,
    });
    r.add(Runtime{
        .name = "javascript",
        .extensions = {".js", ".mjs", ".cjs"},
        .interpreters = {"/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs"},
        .interpreter_args = {},
        .mounts = {},
        .env = {{"LANG", "C.UTF-8"}},
        // V8 reserves a large virtual address range at start-up: limit it by cgroup memory.
        .tolerates_address_space_limit = false,
    });
    r.add(Runtime{
        .name = "shell",
        .extensions = {".sh"},
        .interpreters = {"/bin/sh"},
        .interpreter_args = {},
        .mounts = {},
        .env = {{"PATH", "/usr/local/bin:/usr/bin:/bin"}, {"LANG", "C.UTF-8"}},
        .tolerates_address_space_limit = true,
    });
    r.add(Runtime{
        .name = "native",
        .extensions = {},
        .interpreters = {},
        .interpreter_args = {},
        .mounts = {},
        .env = {},
        .tolerates_address_space_limit = true,
    });
    return r;
}

}  // namespace

const RuntimeRegistry& RuntimeRegistry::builtin() {
    static const RuntimeRegistry& registry = *new RuntimeRegistry(make_builtin());  // never destroyed: a supervisor thread may still use it at exit
    return registry;
}

void RuntimeRegistry::add(Runtime runtime) {
    for (auto& existing : runtimes_)
        if (existing.name == runtime.name) {
            existing = std::move(runtime);
            return;
        }
    runtimes_.push_back(std::move(runtime));
}

const Runtime* RuntimeRegistry::by_name(std::string_view name) const {
    if (name == "py" || name == "python3") name = "python";
    else if (name == "js" || name == "node" || name == "nodejs") name = "javascript";
    else if (name == "sh") name = "shell";
    for (const auto& r : runtimes_)
        if (r.name == name) return &r;
    return nullptr;
}

const Runtime* RuntimeRegistry::for_file(std::string_view path) const {
    auto slash = path.rfind('/');
    std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
    auto dot = base.rfind('.');
    if (dot == std::string_view::npos || dot == 0) return nullptr;
    std::string_view ext = base.substr(dot);
    for (const auto& r : runtimes_)
        for (const auto& e : r.extensions)
            if (e == ext) return &r;
    return nullptr;
}

std::string RuntimeRegistry::resolve_interpreter(const Runtime& runtime) {
    for (const auto& candidate : runtime.interpreters)
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    std::string tried;
    for (const auto& candidate : runtime.interpreters) tried += (tried.empty() ? "" : ", ") + candidate;
    throw SetupError("runtime '" + runtime.name + "': interpreter not found on this host (tried " +
                     (tried.empty() ? std::string("none") : tried) + ")");
}

Command RuntimeRegistry::command_for_source(const Runtime& runtime, const std::string& file_name,
                                            std::string source, const std::string& workdir) {
    Command cmd;
    std::string in_box = workdir + "/" + file_name;
    if (runtime.interpreters.empty()) {
        cmd.argv = {in_box};
    } else {
        cmd.argv.push_back(resolve_interpreter(runtime));
        cmd.argv.insert(cmd.argv.end(), runtime.interpreter_args.begin(), runtime.interpreter_args.end());
        cmd.argv.push_back(in_box);
    }
    cmd.env = runtime.env;
    cmd.files[file_name] = std::move(source);
    return cmd;
}

}  // namespace sandbox
