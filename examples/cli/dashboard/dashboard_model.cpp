#include "dashboard_model.hpp"

#include "format.hpp"

#include <algorithm>
#include <cctype>

namespace sandbox_cli::dashboard {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

double value_or_zero(const std::map<std::string, double>& values, const char* name) {
    auto it = values.find(name);
    return it == values.end() ? 0 : it->second;
}

}  // namespace

std::string_view view_title(View view) {
    switch (view) {
        case View::resources: return "Resources";
        case View::security: return "Security";
        case View::events: return "Events";
    }
    return "?";
}

DashboardModel::DashboardModel(sandbox::BreachResponse response) : detector_(response) {}

RunState& DashboardModel::run_state(std::uint64_t run_id, int pid) {
    for (auto& run : runs_) {
        if (run.run_id == run_id) return run;
    }
    RunState& run = runs_.emplace_back();
    run.run_id = run_id;
    run.pid = pid;
    run.label = pid != 0 ? "pid " + std::to_string(pid) : "run " + std::to_string(run_id);
    return run;
}

const RunState* DashboardModel::run(std::uint64_t run_id) const {
    for (const auto& run : runs_) {
        if (run.run_id == run_id) return &run;
    }
    return nullptr;
}

void DashboardModel::describe_run(std::uint64_t run_id, int pid, std::string label,
                                  std::optional<std::uint64_t> memory_limit_bytes) {
    RunState& run = run_state(run_id, pid);
    run.pid = pid;
    run.label = std::move(label);
    run.memory_limit_bytes = memory_limit_bytes;
}

void DashboardModel::add_sample(RunState& run, const sandbox::Event& event) {
    run.latest = event.values;
    if (run.pid == 0) run.pid = event.pid;
    run.history.push_back({event.time_s, value_or_zero(event.values, "cpu_percent"),
                           value_or_zero(event.values, "memory_bytes")});
    if (run.history.size() > history_points) run.history.pop_front();
}

void DashboardModel::apply(const sandbox::Event& event) {
    if (event.kind == sandbox::EventKind::resource_sample && event.name == "sample") {
        add_sample(run_state(event.run_id, event.pid), event);
        return;
    }
    if (event.kind == sandbox::EventKind::resource_sample && event.name == "resource_history") {
        return;  // the whole history as JSON: the graphs already hold it
    }
    if (event.kind == sandbox::EventKind::security) detector_.observe(event);
    events_.push_back(event);
    if (events_.size() > event_capacity) events_.pop_front();
}

void DashboardModel::set_processes(std::uint64_t run_id, std::vector<sandbox::ProcessSample> processes) {
    RunState* found = nullptr;
    for (auto& run : runs_) {
        if (run.run_id == run_id) found = &run;
    }
    if (found == nullptr) return;  // a listing for a run nobody described or sampled
    found->processes = std::move(processes);
}

void DashboardModel::set_selected_namespaces(Namespaces namespaces) {
    selected_namespaces_ = std::move(namespaces);
}

void DashboardModel::end_run(std::uint64_t run_id, std::string status) {
    for (auto& run : runs_) {
        if (run.run_id == run_id) run.end_status = std::move(status);
    }
}

std::vector<const sandbox::Event*> DashboardModel::filtered_events() const {
    std::vector<const sandbox::Event*> shown;
    const std::string needle = lower(ui_.filter);
    for (const auto& event : events_) {
        if (needle.empty() || lower(event_line(event)).find(needle) != std::string::npos) {
            shown.push_back(&event);
        }
    }
    return shown;
}

std::vector<const sandbox::Event*> DashboardModel::security_events() const {
    std::vector<const sandbox::Event*> shown;
    for (const auto& event : events_) {
        if (event.kind == sandbox::EventKind::security) shown.push_back(&event);
    }
    return shown;
}

std::vector<const sandbox::ProcessSample*> DashboardModel::process_list() const {
    std::vector<const sandbox::ProcessSample*> list;
    for (const auto& run : runs_) {
        for (const auto& process : run.processes) list.push_back(&process);
    }
    return list;
}

std::size_t DashboardModel::selected_index() const {
    const auto list = process_list();
    if (list.empty()) return no_selection;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (list[i]->pid == ui_.selected_pid) return i;
    }
    return 0;  // nothing chosen yet, or the chosen process is gone: the first one
}

const sandbox::ProcessSample* DashboardModel::selected_process() const {
    const std::size_t index = selected_index();
    return index == no_selection ? nullptr : process_list()[index];
}

void DashboardModel::next_view() {
    ui_.view = static_cast<View>((static_cast<int>(ui_.view) + 1) % 3);
}

void DashboardModel::move_selection(int delta) {
    const auto list = process_list();
    if (list.empty()) return;
    const auto last = static_cast<long>(list.size()) - 1;
    const long index = std::clamp(static_cast<long>(selected_index()) + delta, 0L, last);
    ui_.selected_pid = list[static_cast<std::size_t>(index)]->pid;
}

void DashboardModel::scroll_events(int delta) {
    const long most = std::max(0L, static_cast<long>(filtered_events().size()) - 1);
    ui_.event_scroll = static_cast<std::size_t>(std::clamp(static_cast<long>(ui_.event_scroll) + delta, 0L, most));
}

}  // namespace sandbox_cli::dashboard
