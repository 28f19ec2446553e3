// Runtime registry: how a language or file extension runs inside a box.
#pragma once

#include <sandbox/command.hpp>
#include <sandbox/export.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox {

struct Runtime {
    std::string name;                         // "python", "javascript", "shell", "native"
    std::vector<std::string> extensions;      // ".py"
    std::vector<std::string> interpreters;    // candidates, first existing wins; empty: native
    std::vector<std::string> interpreter_args;  // between the interpreter and the file
    std::vector<std::string> mounts;          // host paths it needs read-only, beyond the base
    std::map<std::string, std::string> env;   // environment it needs in the box
    // V8 and the JVM reserve huge virtual memory: they get the cgroup limit, never RLIMIT_AS.
    bool tolerates_address_space_limit = true;
};

class SANDBOX_API RuntimeRegistry {
public:
    // python (/usr/bin/python3), javascript (node), shell (/bin/sh), native.
    static const RuntimeRegistry& builtin();

    const Runtime* by_name(std::string_view name) const;  // also accepts aliases: py, js, sh
    const Runtime* for_file(std::string_view path) const;  // by extension, else nullptr
    const std::vector<Runtime>& all() const { return runtimes_; }
    void add(Runtime runtime);

    // The interpreter the runtime would use on this host. Throws SetupError naming it when
    // none of its candidates exists.
    static std::string resolve_interpreter(const Runtime& runtime);

    // A command that runs `source` as `file_name` in the workdir with this runtime.
    // Throws SetupError when the interpreter is missing.
    static Command command_for_source(const Runtime& runtime, const std::string& file_name,
                                      std::string source, const std::string& workdir);

private:
    std::vector<Runtime> runtimes_;
};

}  // namespace sandbox
