// Resources: the runs table, CPU and memory graphs of the first run, the process list and
// the selected process's details.
#include "format.hpp"
#include "graph.hpp"
#include "views.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace sandbox_cli::dashboard {
namespace {

constexpr int details_width = 36;
constexpr int max_run_rows = 3;

double metric(const RunState& run, const char* name) {
    auto it = run.latest.find(name);
    return it == run.latest.end() ? 0 : it->second;
}

std::string state_name(char state) {
    switch (state) {
        case 'R': return "R (running)";
        case 'S': return "S (sleeping)";
        case 'D': return "D (disk sleep)";
        case 'Z': return "Z (zombie)";
        case 'T': return "T (stopped)";
        case 't': return "t (traced)";
        case 'I': return "I (idle)";
        default: return std::string(1, state);
    }
}

void draw_runs_table(Canvas& canvas, const DashboardModel& model, int row, int rows) {
    canvas.text(row, 0, "RUN PID       CPU      MEM       PEAK      LIMIT    PROCS  THR  FDS  NET RX/TX", Style::heading);
    int shown = 0;
    for (const auto& run : model.runs()) {
        if (shown == rows) break;
        char line[160];
        const std::string limit = run.memory_limit_bytes ? format_bytes(static_cast<double>(*run.memory_limit_bytes)) : "-";
        std::snprintf(line, sizeof line, "%-3llu %-8d %6s %9s %9s %9s %5.0f %4.0f %4.0f  %s/%s",
                      static_cast<unsigned long long>(run.run_id), run.pid,
                      format_percent(metric(run, "cpu_percent")).c_str(),
                      format_bytes(metric(run, "memory_bytes")).c_str(),
                      format_bytes(metric(run, "memory_peak_bytes")).c_str(), limit.c_str(),
                      metric(run, "processes"), metric(run, "threads"), metric(run, "fds"),
                      format_bytes(metric(run, "net_rx_bytes")).c_str(),
                      format_bytes(metric(run, "net_tx_bytes")).c_str());
        canvas.text(row + 1 + shown, 0, line);
        if (!run.end_status.empty()) {
            canvas.text(row + 1 + shown, canvas.cols() - 14, " ended: " + run.end_status, Style::warn);
        }
        ++shown;
    }
    if (shown == 0) canvas.text(row + 1, 0, "waiting for the first sample...", Style::dim);
}

void draw_graphs(Canvas& canvas, const RunState& run, int row, int height) {
    GraphSpec cpu{"CPU % of one core", {}, 100, std::nullopt, [](double v) { return format_percent(v); }};
    GraphSpec memory{"Memory", {}, 1, std::nullopt, [](double v) { return format_bytes(v); }};
    double cpu_high = 0, memory_high = 0;
    for (const auto& point : run.history) {
        cpu.points.push_back({point.time_s, point.cpu_percent});
        memory.points.push_back({point.time_s, point.memory_bytes});
        cpu_high = std::max(cpu_high, point.cpu_percent);
        memory_high = std::max(memory_high, point.memory_bytes);
    }
    cpu.top = cpu_graph_top(cpu_high);
    if (run.memory_limit_bytes) memory.limit = static_cast<double>(*run.memory_limit_bytes);
    memory.top = memory_graph_top(memory_high, memory.limit);
    const int half = canvas.cols() / 2;
    draw_graph(canvas, row, 0, height, half, cpu);
    draw_graph(canvas, row, half, height, canvas.cols() - half, memory);
}

void draw_process_list(Canvas& canvas, const DashboardModel& model, int row, int height, int width) {
    std::string header = "PID      S   CPU s      RSS  FDS  THR  COMMAND";
    header.resize(static_cast<std::size_t>(width - 1), ' ');
    canvas.text(row, 0, header, Style::heading);
    const auto list = model.process_list();
    if (list.empty()) {
        canvas.text(row + 1, 0, "no processes listed yet", Style::dim);
        return;
    }
    const int visible = height - 1;
    const auto selected = static_cast<int>(model.selected_index());
    // Keep the selection on screen: scroll by whole pages.
    const int first = visible > 0 ? (selected / visible) * visible : 0;
    for (int i = 0; i < visible && first + i < static_cast<int>(list.size()); ++i) {
        const auto& process = *list[static_cast<std::size_t>(first + i)];
        char line[256];
        std::snprintf(line, sizeof line, "%-8d %c %7s %8s %4llu %4llu  %s", process.pid, process.state,
                      format_seconds(process.cpu_s).c_str(), format_bytes(static_cast<double>(process.rss_bytes)).c_str(),
                      static_cast<unsigned long long>(process.fds), static_cast<unsigned long long>(process.threads),
                      (process.cmdline.empty() ? "[" + process.comm + "]" : process.cmdline).c_str());
        std::string text(line);
        text.resize(static_cast<std::size_t>(width - 1), ' ');
        canvas.text(row + 1 + i, 0, text, first + i == selected ? Style::selected : Style::normal);
    }
}

void draw_details(Canvas& canvas, const DashboardModel& model, int row, int height, int x) {
    const int width = canvas.cols() - x;
    for (int r = 0; r < height; ++r) canvas.text(row + r, x, "|", Style::dim);
    const sandbox::ProcessSample* process = model.selected_process();
    if (process == nullptr) {
        canvas.text(row, x + 2, "Details", Style::heading);
        return;
    }
    std::vector<std::string> lines;
    lines.push_back("pid " + std::to_string(process->pid) + " ppid " + std::to_string(process->ppid) + " " +
                    state_name(process->state));
    lines.push_back("rss " + format_bytes(static_cast<double>(process->rss_bytes)) + "  fds " + std::to_string(process->fds));
    lines.push_back("threads " + std::to_string(process->threads) + "  cpu " + format_seconds(process->cpu_s));
    // The command line may take two lines of the pane.
    const std::string command = "cmd " + (process->cmdline.empty() ? "[" + process->comm + "]" : process->cmdline);
    const auto text_width = static_cast<std::size_t>(width - 2);
    lines.push_back(command.substr(0, text_width));
    if (command.size() > text_width) lines.push_back("    " + command.substr(text_width, text_width - 4));
    std::string pair;
    const auto& namespaces = model.selected_namespaces();
    lines.push_back(namespaces.empty() ? "namespaces: unknown" : "namespaces:");
    for (const auto& [name, id] : namespaces) {
        const std::string entry = name + ":" + id;
        if (!pair.empty() && pair.size() + 1 + entry.size() > text_width) {
            lines.push_back(pair);
            pair.clear();
        }
        pair += (pair.empty() ? "" : " ") + entry;
    }
    if (!pair.empty()) lines.push_back(pair);

    canvas.text(row, x + 2, "Process " + std::to_string(process->pid), Style::heading);
    for (int i = 0; i + 1 < height && i < static_cast<int>(lines.size()); ++i) {
        canvas.text(row + 1 + i, x + 2, lines[static_cast<std::size_t>(i)]);
    }
}

}  // namespace

void draw_resources_view(Canvas& canvas, const DashboardModel& model, int top, int bottom) {
    const int run_rows = std::clamp(static_cast<int>(model.runs().size()), 1, max_run_rows);
    draw_runs_table(canvas, model, top, run_rows);
    const int rest_top = top + 1 + run_rows;
    const int rest = bottom - rest_top + 1;
    // 80x24: graphs of 8 rows (6 plotted), 11 for the process list and its details.
    const int graph_height = std::max(5, rest * 2 / 5 + 1);
    if (!model.runs().empty()) draw_graphs(canvas, model.runs().front(), rest_top, graph_height);
    const int list_top = rest_top + graph_height;
    const int list_height = bottom - list_top + 1;
    const int list_width = canvas.cols() - details_width;
    draw_process_list(canvas, model, list_top, list_height, list_width);
    draw_details(canvas, model, list_top, list_height, list_width);
}

}  // namespace sandbox_cli::dashboard
