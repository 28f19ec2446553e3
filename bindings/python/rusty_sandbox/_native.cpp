// rusty_sandbox._native: a thin pybind11 layer over the C ABI (<sandbox/sandbox.h>). It only
// calls rsb_* functions, so the Python package exercises the same ABI as C callers. The
// pure-Python package (__init__.py) builds the friendly API on top.
#include "_native_errors.hpp"
#include "_native_monitor.hpp"
#include "_native_telemetry.hpp"

#include <sandbox/sandbox.h>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace py = pybind11;
using namespace rsb_py;

namespace {

const std::map<std::string, rsb_limit>& limit_names() {
    static const std::map<std::string, rsb_limit> names{
        {"memory_bytes", RSB_LIMIT_MEMORY_BYTES},
        {"cpu_time_ms", RSB_LIMIT_CPU_TIME_MS},
        {"wall_timeout_ms", RSB_LIMIT_WALL_TIMEOUT_MS},
        {"pids", RSB_LIMIT_PIDS},
        {"file_size_bytes", RSB_LIMIT_FILE_SIZE_BYTES},
        {"open_files", RSB_LIMIT_OPEN_FILES},
        {"address_space_bytes", RSB_LIMIT_ADDRESS_SPACE_BYTES},
        {"stdout_max_bytes", RSB_LIMIT_STDOUT_MAX_BYTES},
        {"stderr_max_bytes", RSB_LIMIT_STDERR_MAX_BYTES},
        {"tmp_size_bytes", RSB_LIMIT_TMP_SIZE_BYTES},
        {"workdir_size_bytes", RSB_LIMIT_WORKDIR_SIZE_BYTES},
    };
    return names;
}

rsb_limit limit_of(const std::string& name) {
    auto it = limit_names().find(name);
    if (it == limit_names().end()) {
        PyErr_SetString(policy_error, ("unknown limit '" + name + "'").c_str());
        throw py::error_already_set();
    }
    return it->second;
}

const std::map<std::string, rsb_policy_list>& list_names() {
    static const std::map<std::string, rsb_policy_list> names{
        {"readonly_paths", RSB_LIST_READONLY_PATHS},   {"files.read", RSB_LIST_FILES_READ},
        {"files.write", RSB_LIST_FILES_WRITE},         {"files.exec", RSB_LIST_FILES_EXEC},
        {"allowed_hosts", RSB_LIST_ALLOWED_HOSTS},     {"keep_capabilities", RSB_LIST_KEEP_CAPABILITIES},
    };
    return names;
}

rsb_policy_list list_of(const std::string& name) {
    auto it = list_names().find(name);
    if (it == list_names().end()) raise(policy_error, "unknown policy list '" + name + "'");
    return it->second;
}

class Policy {
public:
    explicit Policy(const std::string& level) {
        rsb_level value;
        check(rsb_level_from_name(level.c_str(), &value));
        check(rsb_policy_new(value, &handle_));
    }
    explicit Policy(rsb_policy* handle) : handle_(handle) {}
    Policy(const Policy& other) { check(rsb_policy_clone(other.handle_, &handle_)); }
    Policy& operator=(const Policy&) = delete;
    ~Policy() { rsb_policy_free(handle_); }

    static Policy from_json(const std::string& json) {
        rsb_policy* handle = nullptr;
        check(rsb_policy_from_json(json.c_str(), &handle));
        return Policy(handle);
    }
    std::string to_json() const {
        OwnedString json;
        check(rsb_policy_to_json(handle_, &json.text));
        return json.str();
    }
    void validate() const { check(rsb_policy_validate(handle_)); }

    std::string level() const {
        rsb_level value;
        const char* name = nullptr;
        check(rsb_policy_get_level(handle_, &value));
        check(rsb_level_name(value, &name));
        return name;
    }
    void set_level(const std::string& name) {
        rsb_level value;
        check(rsb_level_from_name(name.c_str(), &value));
        check(rsb_policy_set_level(handle_, value));
    }
    std::string network() const {
        rsb_network value;
        check(rsb_policy_get_network(handle_, &value));
        return value == RSB_NETWORK_HOST ? "host" : "none";
    }
    void set_network(const std::string& name) {
        if (name != "host" && name != "none") {
            PyErr_SetString(policy_error, ("network: expected 'none' or 'host', got '" + name + "'").c_str());
            throw py::error_already_set();
        }
        check(rsb_policy_set_network(handle_, name == "host" ? RSB_NETWORK_HOST : RSB_NETWORK_NONE));
    }
    std::string output_overflow() const {
        rsb_output_overflow value;
        check(rsb_policy_get_output_overflow(handle_, &value));
        return value == RSB_OVERFLOW_KILL ? "kill" : "truncate";
    }
    void set_output_overflow(const std::string& name) {
        if (name != "kill" && name != "truncate") {
            PyErr_SetString(policy_error,
                            ("on_output_overflow: expected 'kill' or 'truncate', got '" + name + "'").c_str());
            throw py::error_already_set();
        }
        check(rsb_policy_set_output_overflow(handle_, name == "kill" ? RSB_OVERFLOW_KILL : RSB_OVERFLOW_TRUNCATE));
    }
    std::optional<std::uint64_t> limit(const std::string& name) const {
        std::uint64_t value = 0;
        int is_set = 0;
        check(rsb_policy_get_limit(handle_, limit_of(name), &value, &is_set));
        return is_set ? std::optional<std::uint64_t>(value) : std::nullopt;
    }
    void set_limit(const std::string& name, std::optional<std::uint64_t> value) {
        if (value)
            check(rsb_policy_set_limit(handle_, limit_of(name), *value));
        else
            check(rsb_policy_clear_limit(handle_, limit_of(name)));
    }
    std::string seccomp() const {
        rsb_seccomp value;
        const char* name = nullptr;
        check(rsb_policy_get_seccomp(handle_, &value));
        check(rsb_seccomp_name(value, &name));
        return name;
    }
    void set_seccomp(const std::string& name) {
        rsb_seccomp value;
        check(rsb_seccomp_from_name(name.c_str(), &value));
        check(rsb_policy_set_seccomp(handle_, value));
    }
    std::string on_breach() const {
        rsb_breach_response value;
        const char* name = nullptr;
        check(rsb_policy_get_on_breach(handle_, &value));
        check(rsb_breach_response_name(value, &name));
        return name;
    }
    void set_on_breach(const std::string& name) {
        rsb_breach_response value;
        check(rsb_breach_response_from_name(name.c_str(), &value));
        check(rsb_policy_set_on_breach(handle_, value));
    }
    std::vector<std::string> list(const std::string& name) const {
        const rsb_policy_list which = list_of(name);
        std::size_t count = 0;
        check(rsb_policy_list_count(handle_, which, &count));
        std::vector<std::string> values;
        for (std::size_t i = 0; i < count; ++i) {
            const char* value = nullptr;
            check(rsb_policy_list_get(handle_, which, i, &value));
            values.emplace_back(value);
        }
        return values;
    }
    // Replaces the list; on a bad value the list keeps its old entries.
    void set_list(const std::string& name, const std::vector<std::string>& values) {
        const rsb_policy_list which = list_of(name);
        const std::vector<std::string> old = list(name);
        check(rsb_policy_list_clear(handle_, which));
        for (const auto& value : values) {
            rsb_code code = rsb_policy_list_add(handle_, which, value.c_str());
            if (code < 0) {
                const std::string message = rsb_last_error();
                check(rsb_policy_list_clear(handle_, which));
                for (const auto& kept : old) check(rsb_policy_list_add(handle_, which, kept.c_str()));
                raise(policy_error, message);
            }
        }
    }
    std::string host_resolution_json() const {
        OwnedString json;
        check(rsb_policy_host_resolution_json(handle_, &json.text));
        return json.str();
    }
    // Replaces the pins; on a bad entry the old pins stay.
    void set_host_resolution(const std::map<std::string, std::vector<std::string>>& pins,
                             const std::map<std::string, std::vector<std::string>>& old) {
        check(rsb_policy_clear_host_resolution(handle_));
        for (const auto& [name, addresses] : pins)
            for (const auto& address : addresses) {
                if (rsb_policy_add_host_address(handle_, name.c_str(), address.c_str()) >= 0) continue;
                const std::string message = rsb_last_error();
                check(rsb_policy_clear_host_resolution(handle_));
                for (const auto& [kept_name, kept] : old)
                    for (const auto& a : kept) check(rsb_policy_add_host_address(handle_, kept_name.c_str(), a.c_str()));
                raise(policy_error, message);
            }
    }
    std::string hostname() const {
        const char* value = nullptr;
        check(rsb_policy_get_hostname(handle_, &value));
        return value;
    }
    std::string workdir() const {
        const char* value = nullptr;
        check(rsb_policy_get_workdir(handle_, &value));
        return value;
    }
    std::pair<std::uint32_t, std::uint32_t> host_ids() const {
        std::uint32_t uid = 0, gid = 0;
        check(rsb_policy_get_host_ids(handle_, &uid, &gid));
        return {uid, gid};
    }
    void set_hostname(const std::string& name) { check(rsb_policy_set_hostname(handle_, name.c_str())); }
    void set_workdir(const std::string& dir) { check(rsb_policy_set_workdir(handle_, dir.c_str())); }
    void set_host_ids(std::uint32_t uid, std::uint32_t gid) { check(rsb_policy_set_host_ids(handle_, uid, gid)); }

    const rsb_policy* handle() const { return handle_; }

private:
    rsb_policy* handle_ = nullptr;
};

// A command built from Python values, freed on scope exit.
class Command {
public:
    Command(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
            const py::bytes& stdin_data, const std::map<std::string, py::bytes>& files,
            const std::string& cwd) {
        check(rsb_command_new(&handle_));
        for (const auto& arg : argv) check(rsb_command_add_arg(handle_, arg.c_str()));
        for (const auto& [name, value] : env) check(rsb_command_set_env(handle_, name.c_str(), value.c_str()));
        std::string_view in = stdin_data;
        check(rsb_command_set_stdin(handle_, in.data(), in.size()));
        for (const auto& [path, contents] : files) {
            std::string_view data = contents;
            check(rsb_command_add_file(handle_, path.c_str(), data.data(), data.size()));
        }
        if (!cwd.empty()) check(rsb_command_set_cwd(handle_, cwd.c_str()));
    }
    Command(const Command&) = delete;
    Command& operator=(const Command&) = delete;
    ~Command() { rsb_command_free(handle_); }
    const rsb_command* handle() const { return handle_; }

private:
    rsb_command* handle_ = nullptr;
};

// One run's verdict, holding the library's result handle. verdict() gives what nearly every
// caller reads (status, codes, output) in one call; json() the rest (message, usage, events,
// ...) only when Result first needs it. Serialising and parsing the whole result on every run
// cost about 0.1 ms right after the wait, when caches are cold (to_json 41 us, json.loads
// 56 us, measured in a loop of /bin/true runs).
class RunResult {
public:
    explicit RunResult(rsb_result* handle) : handle_(handle) {}
    RunResult(const RunResult&) = delete;
    RunResult& operator=(const RunResult&) = delete;
    ~RunResult() { rsb_result_free(handle_); }

    // (status, exit_code, signal, cli_exit_code, stdout, stderr)
    py::tuple verdict() const {
        rsb_run_status status;
        const char* status_name = nullptr;
        int exit_code = 0, signal = 0, cli_exit_code = 0;
        check(rsb_result_status(handle_, &status));
        check(rsb_run_status_name(status, &status_name));
        check(rsb_result_exit_code(handle_, &exit_code));
        check(rsb_result_signal(handle_, &signal));
        check(rsb_result_cli_exit_code(handle_, &cli_exit_code));
        const char* out = nullptr;
        const char* err = nullptr;
        std::size_t out_length = 0, err_length = 0;
        check(rsb_result_stdout(handle_, &out, &out_length));
        check(rsb_result_stderr(handle_, &err, &err_length));
        return py::make_tuple(status_name, exit_code, signal, cli_exit_code, py::bytes(out, out_length),
                              py::bytes(err, err_length));
    }
    std::string json() const {
        OwnedString json;
        check(rsb_result_to_json(handle_, &json.text));
        return json.str();
    }

private:
    rsb_result* handle_;
};

// What the supervisor thread hands to one run: queued event JSON and an eventfd that
// becomes readable when the run ends (asyncio watches it). Never touches Python.
struct RunMailbox {
    EventMailbox events;
    int done_fd = -1;

    RunMailbox() : done_fd(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
        if (done_fd < 0) throw std::runtime_error("eventfd failed");
    }
    ~RunMailbox() { close(done_fd); }

    static void on_event(const char* json, std::size_t length, void* user_data) {
        static_cast<RunMailbox*>(user_data)->events.push(std::string(json, length));
    }
    static void on_done(void* user_data) {
        auto* box = static_cast<RunMailbox*>(user_data);
        box->events.end();
        const std::uint64_t one = 1;
        [[maybe_unused]] ssize_t written = write(box->done_fd, &one, sizeof one);
    }
};

// Waits in slices so Ctrl-C reaches Python while a long call blocks.
constexpr auto signal_check_interval = std::chrono::milliseconds(100);

class Run {
public:
    // wait_for_launch: return once the box exists (rsb_sandbox_start), else at once
    // (rsb_sandbox_start_async: the pid is 0 until the "started" event).
    Run(const rsb_sandbox* sandbox, const Command& command, bool wait_for_launch)
        : mailbox_(std::make_unique<RunMailbox>()) {
        auto* start = wait_for_launch ? rsb_sandbox_start : rsb_sandbox_start_async;
        unlocked([&] {
            return start(sandbox, command.handle(), RunMailbox::on_event, RunMailbox::on_done, mailbox_.get(),
                         &handle_);
        });
    }
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;
    ~Run() { close(); }

    int pid() const {
        int pid = 0;
        check(rsb_run_pid(live(), &pid));
        return pid;
    }
    void kill() {
        rsb_run* run = live();
        unlocked([&] { return rsb_run_kill(run); });
    }
    std::unique_ptr<RunResult> poll() const {
        rsb_result* result = nullptr;
        if (check_code(rsb_run_poll(live(), &result)) == RSB_PENDING) return nullptr;
        return std::make_unique<RunResult>(result);
    }
    // timeout None: until the end. Returns None when the run goes on past `timeout` seconds.
    std::unique_ptr<RunResult> wait(std::optional<double> timeout) {
        rsb_run* run = live();
        const auto deadline = std::chrono::steady_clock::now() +
                              std::chrono::duration<double>(timeout.value_or(0));
        for (;;) {
            auto slice = signal_check_interval;
            if (timeout) {
                auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now());
                slice = std::max(std::chrono::milliseconds(0), std::min(slice, left));
            }
            rsb_result* result = nullptr;
            if (unlocked([&] { return rsb_run_wait(run, slice.count(), &result); }) == RSB_OK)
                return std::make_unique<RunResult>(result);
            if (PyErr_CheckSignals() != 0) throw py::error_already_set();
            if (timeout && std::chrono::steady_clock::now() >= deadline) return nullptr;
        }
    }
    // The next event's JSON, waiting up to `timeout` seconds; None if none came.
    std::optional<std::string> next_event(double timeout) { return mailbox_->events.take(timeout); }
    // True once the run has ended and every event was taken: no event can come any more.
    bool events_exhausted() const { return mailbox_->events.exhausted(); }
    int done_fd() const { return mailbox_->done_fd; }
    // Frees the run (killing it if it still runs); callbacks stop before this returns.
    void close() {
        if (handle_ == nullptr) return;
        rsb_run* run = handle_;
        handle_ = nullptr;
        py::gil_scoped_release release;
        rsb_run_free(run);
    }

private:
    rsb_run* live() const {
        if (handle_ == nullptr) {
            PyErr_SetString(sandbox_error, "the run handle was closed");
            throw py::error_already_set();
        }
        return handle_;
    }
    static rsb_code check_code(rsb_code code) {
        check(code);
        return code;
    }

    std::unique_ptr<RunMailbox> mailbox_;  // outlives handle_: close() runs first
    rsb_run* handle_ = nullptr;
};

class Sandbox {
public:
    explicit Sandbox(const Policy& policy) { check(rsb_sandbox_new(policy.handle(), &handle_)); }
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;
    ~Sandbox() { rsb_sandbox_free(handle_); }

    std::unique_ptr<RunResult> run(const Command& command) {
        rsb_result* result = nullptr;
        unlocked([&] { return rsb_sandbox_run(handle_, command.handle(), nullptr, nullptr, &result); });
        return std::make_unique<RunResult>(result);
    }
    std::unique_ptr<RunResult> run_code(const std::string& language, const std::string& source) {
        rsb_result* result = nullptr;
        unlocked([&] {
            return rsb_sandbox_run_code(handle_, language.c_str(), source.data(), source.size(), &result);
        });
        return std::make_unique<RunResult>(result);
    }
    std::unique_ptr<Run> start(const Command& command, bool wait_for_launch) {
        return std::make_unique<Run>(handle_, command, wait_for_launch);
    }
    void set_monitor(double interval_s, std::size_t history_buckets) {
        if (!(interval_s > 0) || interval_s > 86400)
            raise(policy_error, "monitor interval: expected seconds between 0.01 and 86400, got " +
                                    std::to_string(interval_s));
        const auto interval_ms = static_cast<std::uint32_t>(std::lround(interval_s * 1000));
        check(rsb_sandbox_set_monitor(handle_, interval_ms, history_buckets));
    }
    // None leaves a level unset (the C ABI takes a negative value for that).
    void set_monitor_threshold(const std::string& metric, std::optional<double> warn, std::optional<double> limit) {
        for (const auto& level : {warn, limit})
            if (level && !(*level >= 0))
                raise(policy_error, "thresholds." + metric + ": levels must be numbers >= 0");
        check(rsb_sandbox_set_monitor_threshold(handle_, metric.c_str(), warn.value_or(-1), limit.value_or(-1)));
    }
    void add_telemetry(Telemetry& telemetry) { check(rsb_sandbox_add_telemetry(handle_, telemetry.live())); }

private:
    rsb_sandbox* handle_ = nullptr;
};

std::string owned_call(rsb_code (*call)(char**)) {
    OwnedString text;
    check(call(&text.text));
    return text.str();
}

}  // namespace

PYBIND11_MODULE(_native, m) {
    m.doc() = "Thin layer over the rusty-sandbox C ABI; use the rusty_sandbox package instead.";

    sandbox_error = PyErr_NewExceptionWithDoc("rusty_sandbox.SandboxError",
                                              "Base of every error rusty_sandbox raises.", nullptr, nullptr);
    policy_error = PyErr_NewExceptionWithDoc(
        "rusty_sandbox.PolicyError", "A policy or command that cannot be honoured as written.", sandbox_error,
        nullptr);
    setup_error = PyErr_NewExceptionWithDoc("rusty_sandbox.SetupError",
                                            "The host could not provide what was asked.", sandbox_error, nullptr);
    m.attr("SandboxError") = py::handle(sandbox_error);
    m.attr("PolicyError") = py::handle(policy_error);
    m.attr("SetupError") = py::handle(setup_error);
    py::tuple no_process_bases = py::make_tuple(py::handle(sandbox_error), py::handle(PyExc_ProcessLookupError));
    no_process_error = PyErr_NewExceptionWithDoc("rusty_sandbox.NoProcessError",
                                                 "The host process to monitor does not exist.",
                                                 no_process_bases.ptr(), nullptr);
    m.attr("NoProcessError") = py::handle(no_process_error);

    m.def("abi_version", &rsb_abi_version);
    m.attr("HEADER_ABI_VERSION") = RSB_ABI_VERSION;
    m.def("library_version", [] {
        const char* version = nullptr;
        check(rsb_library_version(&version));
        return std::string(version);
    });
    m.def("check_host_json", [] { return owned_call(rsb_check_host_json); });
    m.def("check_host_text", [] { return owned_call(rsb_check_host_text); });
    // The readable report of a result (C++ Result::to_report()), from its JSON.
    m.def("result_report", [](const std::string& json) {
        rsb_result* parsed = nullptr;
        check(rsb_result_from_json(json.c_str(), &parsed));
        std::unique_ptr<rsb_result, rsb_code (*)(rsb_result*)> owner(parsed, rsb_result_free);
        OwnedString report;
        check(rsb_result_to_report(parsed, &report.text));
        return report.str();
    });
    m.def("parse_size", [](const std::string& text, const std::string& what) {
        std::uint64_t value = 0;
        check(rsb_parse_size(text.c_str(), what.c_str(), &value));
        return value;
    });
    m.def("parse_duration_ms", [](const std::string& text, const std::string& what) {
        std::uint64_t value = 0;
        check(rsb_parse_duration_ms(text.c_str(), what.c_str(), &value));
        return value;
    });
    py::list limits;
    for (const auto& [name, value] : limit_names()) limits.append(name);
    m.attr("LIMITS") = limits;

    py::class_<Policy>(m, "Policy")
        .def(py::init<const std::string&>(), py::arg("level"))
        .def_static("from_json", &Policy::from_json)
        .def("clone", [](const Policy& p) { return Policy(p); })
        .def("to_json", &Policy::to_json)
        .def("validate", &Policy::validate)
        .def_property("level", &Policy::level, &Policy::set_level)
        .def_property("network", &Policy::network, &Policy::set_network)
        .def_property("output_overflow", &Policy::output_overflow, &Policy::set_output_overflow)
        .def("limit", &Policy::limit)
        .def("set_limit", &Policy::set_limit)
        .def_property("seccomp", &Policy::seccomp, &Policy::set_seccomp)
        .def_property("on_breach", &Policy::on_breach, &Policy::set_on_breach)
        .def("get_list", &Policy::list)
        .def("set_list", &Policy::set_list)
        .def("host_resolution_json", &Policy::host_resolution_json)
        .def("set_host_resolution", &Policy::set_host_resolution)
        .def_property_readonly("hostname", &Policy::hostname)
        .def_property_readonly("workdir", &Policy::workdir)
        .def_property_readonly("host_ids", &Policy::host_ids)
        .def("set_hostname", &Policy::set_hostname)
        .def("set_workdir", &Policy::set_workdir)
        .def("set_host_ids", &Policy::set_host_ids);

    py::class_<Command>(m, "Command")
        .def(py::init<const std::vector<std::string>&, const std::map<std::string, std::string>&, const py::bytes&,
                      const std::map<std::string, py::bytes>&, const std::string&>(),
             py::arg("argv"), py::arg("env"), py::arg("stdin"), py::arg("files"), py::arg("cwd"));

    py::class_<RunResult>(m, "RunResult")
        .def("verdict", &RunResult::verdict)
        .def("json", &RunResult::json);

    py::class_<Run>(m, "Run")
        .def_property_readonly("pid", &Run::pid)
        .def("kill", &Run::kill)
        .def("poll", &Run::poll)
        .def("wait", &Run::wait, py::arg("timeout") = py::none())
        .def("next_event", &Run::next_event, py::arg("timeout"))
        .def("events_exhausted", &Run::events_exhausted)
        .def_property_readonly("done_fd", &Run::done_fd)
        .def("close", &Run::close);

    py::class_<Sandbox>(m, "Sandbox")
        .def(py::init<const Policy&>())
        .def("run", &Sandbox::run)
        .def("run_code", &Sandbox::run_code)
        .def("start", &Sandbox::start, py::arg("command"), py::arg("wait_for_launch") = true)
        .def("set_monitor", &Sandbox::set_monitor, py::arg("interval"), py::arg("history"))
        .def("set_monitor_threshold", &Sandbox::set_monitor_threshold, py::arg("metric"), py::arg("warn"),
             py::arg("limit"))
        .def("add_telemetry", &Sandbox::add_telemetry);

    py::class_<Monitor>(m, "Monitor")
        .def(py::init<int, double>(), py::arg("pid"), py::arg("interval"))
        .def("next_event", &Monitor::next_event, py::arg("timeout"))
        .def("exhausted", &Monitor::exhausted)
        .def_property_readonly("running", &Monitor::running)
        .def_property_readonly("sample_count", &Monitor::sample_count)
        .def("stop", &Monitor::stop)
        .def("close", &Monitor::close);

    py::class_<Telemetry>(m, "Telemetry")
        .def(py::init<const std::string&>(), py::arg("config_json"))
        .def("flush", &Telemetry::flush, py::arg("timeout"))
        .def_property_readonly("prometheus_port", &Telemetry::prometheus_port)
        .def("stats_json", &Telemetry::stats_json)
        .def("close", &Telemetry::close);
}
