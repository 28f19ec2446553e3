// rsb_command_*: Command behind a handle.
#include "call.hpp"

using namespace sandbox;
using namespace sandbox::capi;

namespace {

Command& command_of(rsb_command* handle) {
    return live(handle, HandleKind::command, "command")->command;
}

std::string bytes(const void* data, size_t length) {
    if (length == 0) return {};
    require(data, "data");
    return std::string(static_cast<const char*>(data), length);
}

}  // namespace

extern "C" {

rsb_code rsb_command_new(rsb_command** out) {
    return guarded(__func__, [&] {
        require(out, "out");
        *out = make_handle<rsb_command>(HandleKind::command);
        return RSB_OK;
    });
}

rsb_code rsb_command_add_arg(rsb_command* command, const char* arg) {
    return guarded(__func__, [&] {
        auto& c = command_of(command);
        require(arg, "arg");
        c.argv.emplace_back(arg);
        return RSB_OK;
    });
}

rsb_code rsb_command_set_env(rsb_command* command, const char* name, const char* value) {
    return guarded(__func__, [&] {
        auto& c = command_of(command);
        require(name, "name");
        require(value, "value");
        c.env[name] = value;
        return RSB_OK;
    });
}

rsb_code rsb_command_pass_env(rsb_command* command, const char* name) {
    return guarded(__func__, [&] {
        auto& c = command_of(command);
        require(name, "name");
        c.pass_env(name);
        return RSB_OK;
    });
}

rsb_code rsb_command_set_stdin(rsb_command* command, const void* data, size_t length) {
    return guarded(__func__, [&] {
        auto& c = command_of(command);
        c.stdin_data = bytes(data, length);
        return RSB_OK;
    });
}

rsb_code rsb_command_add_file(rsb_command* command, const char* path, const void* data,
                              size_t length) {
    return guarded(__func__, [&] {
        auto& c = command_of(command);
        require(path, "path");
        c.files[path] = bytes(data, length);
        return RSB_OK;
    });
}

rsb_code rsb_command_set_cwd(rsb_command* command, const char* dir) {
    return guarded(__func__, [&] {
        auto& c = command_of(command);
        require(dir, "dir");
        c.working_dir = dir;
        return RSB_OK;
    });
}

rsb_code rsb_command_validate(const rsb_command* command) {
    return guarded(__func__, [&] {
        command_of(const_cast<rsb_command*>(command)).validate();
        return RSB_OK;
    });
}

rsb_code rsb_command_free(rsb_command* command) {
    return guarded(__func__, [&] {
        free_handle(live(command, HandleKind::command, "command"));
        return RSB_OK;
    });
}

}  // extern "C"
