// Result: status names, the CLI exit code convention, JSON and the readable report.
#include "json_reader.hpp"
#include "utf8.hpp"

#include <sandbox/breach.hpp>
#include <sandbox/result.hpp>

#include <array>
#include <cstring>
#include <sstream>

namespace sandbox {

namespace {
constexpr std::array all_statuses = {
    Status::ok,           Status::nonzero_exit,       Status::signaled, Status::timeout,
    Status::cpu_limit,    Status::memory_limit,       Status::pids_limit, Status::output_limit,
    Status::security_violation, Status::killed,       Status::setup_error, Status::internal_error,
};
constexpr std::int64_t result_schema_version = 1;
}  // namespace

std::string_view to_string(Status status) {
    switch (status) {
        case Status::ok: return "ok";
        case Status::nonzero_exit: return "nonzero_exit";
        case Status::signaled: return "signaled";
        case Status::timeout: return "timeout";
        case Status::cpu_limit: return "cpu_limit";
        case Status::memory_limit: return "memory_limit";
        case Status::pids_limit: return "pids_limit";
        case Status::output_limit: return "output_limit";
        case Status::security_violation: return "security_violation";
        case Status::killed: return "killed";
        case Status::setup_error: return "setup_error";
        case Status::internal_error: return "internal_error";
    }
    return "unknown";
}

Status status_from_string(std::string_view name) {
    for (auto s : all_statuses)
        if (to_string(s) == name) return s;
    throw PolicyError("unknown result status '" + std::string(name) + "'");
}

int Result::cli_exit_code() const {
    if (status == Status::setup_error || status == Status::internal_error) return 125;
    if (exit_code >= 0) return exit_code;
    if (signal > 0) return 128 + signal;
    return 125;
}

std::string Result::to_json() const {
    boost::json::array degraded_list;
    for (const auto& d : degraded) degraded_list.emplace_back(d);
    boost::json::array event_list;
    boost::json::array security_events;
    for (const auto& e : events) {
        event_list.push_back(boost::json::parse(e.to_json()));
        if (e.kind == EventKind::security) security_events.push_back(event_list.back());
    }
    boost::json::array findings;
    for (const auto& f : lint_findings) findings.push_back(boost::json::parse(f.to_json()));
    boost::json::object obj{
        {"version", result_schema_version},
        {"status", to_string(status)},
        {"exit_code", exit_code},
        {"signal", signal},
        {"wall_time_s", wall_time_s},
        {"cpu_user_s", cpu_user_s},
        {"cpu_sys_s", cpu_sys_s},
        {"peak_memory_bytes", peak_memory_bytes},
        {"stdout", to_valid_utf8(stdout_data)},
        {"stderr", to_valid_utf8(stderr_data)},
        {"stdout_truncated", stdout_truncated},
        {"stderr_truncated", stderr_truncated},
        {"message", to_valid_utf8(message)},
        {"usage_source", usage_source},
        {"degraded", std::move(degraded_list)},
        {"events", std::move(event_list)},
        {"security_events", std::move(security_events)},
        {"breach_summary",
         boost::json::parse(breach_summary_json.empty() ? BreachSummary{}.to_json() : breach_summary_json)},
        {"lint_findings", std::move(findings)},
    };
    return boost::json::serialize(obj);
}

Result Result::from_json(std::string_view text) {
    using namespace json_reader;
    boost::json::value root = parse(text, "result");
    const auto& obj = as_object(root, "$");
    Result r;
    // Readers ignore keys they do not know: results only ever gain keys.
    for (const auto& [key, v] : obj) {
        std::string path = "$." + std::string(key);
        if (key == "status") r.status = status_from_string(as_string(v, path));
        else if (key == "exit_code") r.exit_code = static_cast<int>(as_int(v, path));
        else if (key == "signal") r.signal = static_cast<int>(as_int(v, path));
        else if (key == "wall_time_s") r.wall_time_s = as_double(v, path);
        else if (key == "cpu_user_s") r.cpu_user_s = as_double(v, path);
        else if (key == "cpu_sys_s") r.cpu_sys_s = as_double(v, path);
        else if (key == "peak_memory_bytes") r.peak_memory_bytes = as_uint(v, path);
        else if (key == "stdout") r.stdout_data = as_string(v, path);
        else if (key == "stderr") r.stderr_data = as_string(v, path);
        else if (key == "stdout_truncated") r.stdout_truncated = as_bool(v, path);
        else if (key == "stderr_truncated") r.stderr_truncated = as_bool(v, path);
        else if (key == "message") r.message = as_string(v, path);
        else if (key == "usage_source") r.usage_source = as_string(v, path);
        else if (key == "breach_summary") r.breach_summary_json = boost::json::serialize(v);
        else if (key == "degraded") {
            if (!v.is_array()) fail(path, "expected an array");
            for (const auto& d : v.get_array()) r.degraded.push_back(as_string(d, path + "[]"));
        }
    }
    return r;
}

std::string Result::to_report() const {
    std::ostringstream out;
    out << "status:      " << to_string(status);
    if (exit_code >= 0) out << " (exit code " << exit_code << ")";
    if (signal > 0) out << " (signal " << signal << ", " << strsignal(signal) << ")";
    out << "\n";
    if (!message.empty()) out << "message:     " << message << "\n";
    out.setf(std::ios::fixed);
    out.precision(3);
    out << "wall time:   " << wall_time_s << " s\n";
    out << "cpu time:    " << cpu_user_s << " s user, " << cpu_sys_s << " s system";
    if (!usage_source.empty()) out << " (" << usage_source << ")";
    out << "\n";
    out.precision(1);
    out << "peak memory: " << static_cast<double>(peak_memory_bytes) / (1024.0 * 1024.0) << " MiB\n";
    auto section = [&](const char* name, const std::string& data, bool truncated) {
        out << name << " (" << data.size() << " bytes" << (truncated ? ", truncated" : "") << ")";
        if (data.empty()) {
            out << "\n";
            return;
        }
        out << ":\n";
        constexpr std::size_t shown = 4096;
        std::string text = to_valid_utf8(std::string_view(data).substr(0, shown));
        out << text << (text.ends_with('\n') ? "" : "\n");
        if (data.size() > shown) out << "[... " << data.size() - shown << " more bytes]\n";
    };
    section("stdout", stdout_data, stdout_truncated);
    section("stderr", stderr_data, stderr_truncated);
    for (const auto& d : degraded) out << "degraded:    " << d << "\n";
    return out.str();
}

}  // namespace sandbox
