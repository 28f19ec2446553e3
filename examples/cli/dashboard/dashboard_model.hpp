// DashboardModel: everything the dashboard shows, and the user's place in it (view, selected
// process, event filter), with no drawing and no I/O. A DashboardSource feeds it through the
// update API below; the views read it; the key handler (input.hpp) moves the selection and
// edits the filter. All calls come from one thread: the dashboard's io_context.
#pragma once

#include <sandbox/breach.hpp>
#include <sandbox/event.hpp>
#include <sandbox/monitor.hpp>
#include <sandbox/policy.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox_cli::dashboard {

enum class View { resources, security, events };
// "Resources", "Security", "Events": the title each view shows.
std::string_view view_title(View view);

struct HistoryPoint {
    double time_s = 0;
    double cpu_percent = 0;
    double memory_bytes = 0;
};

// One run (or one monitored host tree) as the dashboard knows it.
struct RunState {
    std::uint64_t run_id = 0;
    int pid = 0;                                      // host pid of its root process
    std::string label;                                // what runs: the command line, "pid 1234"
    std::optional<std::uint64_t> memory_limit_bytes;  // drawn as a line in the memory graph
    std::map<std::string, double> latest;             // the latest sample (resource_metric_names)
    std::deque<HistoryPoint> history;                 // newest last, at most history_points
    std::vector<sandbox::ProcessSample> processes;    // the tree at the latest listing
    std::string end_status;                           // "" while it runs
};

// Names of a process's namespaces ("pid", "net", ...) and their inode ids, from /proc/PID/ns.
using Namespaces = std::map<std::string, std::string>;

// Where the user is. Views read it; input.hpp changes it.
struct Interaction {
    View view = View::resources;
    int selected_pid = 0;          // 0: the first process of the list
    std::size_t event_scroll = 0;  // lines scrolled up from the newest event
    std::string filter;            // Events view: case-insensitive substring, "" shows all
    std::optional<std::string> filter_draft;  // set while the user types a filter after '/'
    bool help_visible = false;
    bool auto_refresh = true;      // off: the screen keeps the last picture until 'r'
};

class DashboardModel {
public:
    static constexpr std::size_t history_points = 600;
    static constexpr std::size_t event_capacity = 1000;
    static constexpr std::size_t no_selection = static_cast<std::size_t>(-1);

    // Security events are counted by a BreachDetector with the library's default rules and
    // this response, as the supervisor does: the Security view's summary is live.
    explicit DashboardModel(sandbox::BreachResponse response = sandbox::BreachResponse::report);

    // ---- update API (DashboardSource) ----
    // Names a run; a run first seen in apply() gets pid and "run N" until described.
    void describe_run(std::uint64_t run_id, int pid, std::string label,
                      std::optional<std::uint64_t> memory_limit_bytes);
    // Any event of any run: resource samples update the run's numbers and histories, every
    // other event goes to the log (security events also to the breach counts).
    void apply(const sandbox::Event& event);
    // The run's process tree at its latest sample.
    void set_processes(std::uint64_t run_id, std::vector<sandbox::ProcessSample> processes);
    // The namespaces of the selected process, for the details pane (empty: unknown).
    void set_selected_namespaces(Namespaces namespaces);
    // The run is over; `status` is the Result's status word, or e.g. "exited".
    void end_run(std::uint64_t run_id, std::string status);

    // ---- reading (views, text lines) ----
    const std::vector<RunState>& runs() const { return runs_; }
    const RunState* run(std::uint64_t run_id) const;
    const std::deque<sandbox::Event>& events() const { return events_; }
    // The log after the filter, oldest first.
    std::vector<const sandbox::Event*> filtered_events() const;
    std::vector<const sandbox::Event*> security_events() const;
    const sandbox::BreachSummary& breach_summary() const { return detector_.summary(); }
    // Every run's processes, in run order.
    std::vector<const sandbox::ProcessSample*> process_list() const;
    // Index into process_list() of the selected process, no_selection when the list is empty.
    std::size_t selected_index() const;
    const sandbox::ProcessSample* selected_process() const;
    const Namespaces& selected_namespaces() const { return selected_namespaces_; }

    // ---- interaction ----
    Interaction& ui() { return ui_; }
    const Interaction& ui() const { return ui_; }
    void next_view();
    // Moves the selection by `delta` rows, clamped to the list.
    void move_selection(int delta);
    // Scrolls the event log; positive is towards older events.
    void scroll_events(int delta);

private:
    RunState& run_state(std::uint64_t run_id, int pid);
    void add_sample(RunState& run, const sandbox::Event& event);

    std::vector<RunState> runs_;
    std::deque<sandbox::Event> events_;
    sandbox::BreachDetector detector_;
    Namespaces selected_namespaces_;
    Interaction ui_;
};

}  // namespace sandbox_cli::dashboard
