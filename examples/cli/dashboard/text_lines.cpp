#include "text_lines.hpp"

#include "format.hpp"
#include "../output.hpp"

#include <boost/asio/signal_set.hpp>

#include <csignal>
#include <cstdio>
#include <map>

namespace sandbox_cli::dashboard {
namespace {

double metric(const RunState& run, const char* name) {
    auto it = run.latest.find(name);
    return it == run.latest.end() ? 0 : it->second;
}

// Prints the samples the model got since the last call, one line each.
class LinePrinter {
public:
    explicit LinePrinter(const DashboardModel& model) : model_(model) {}

    void print_new() {
        for (const auto& run : model_.runs()) {
            if (run.history.empty()) continue;
            const double latest = run.history.back().time_s;
            auto [it, first] = printed_.try_emplace(run.run_id, latest);
            if (!first && it->second == latest) continue;
            it->second = latest;
            write_stdout(sample_line(run) + "\n");
        }
    }

private:
    const DashboardModel& model_;
    std::map<std::uint64_t, double> printed_;  // run id -> time of the sample printed last
};

}  // namespace

std::string sample_line(const RunState& run) {
    std::string line = "pid=" + std::to_string(run.pid);
    if (run.run_id != 0) line += " run=" + std::to_string(run.run_id);
    char numbers[64];
    std::snprintf(numbers, sizeof numbers, " procs=%.0f threads=%.0f fds=%.0f", metric(run, "processes"),
                  metric(run, "threads"), metric(run, "fds"));
    line += " cpu=" + format_percent(metric(run, "cpu_percent"));
    line += " mem=" + format_bytes(metric(run, "memory_bytes"));
    line += " peak=" + format_bytes(metric(run, "memory_peak_bytes"));
    line += numbers;
    line += " net_rx=" + format_bytes(metric(run, "net_rx_bytes"));
    line += " net_tx=" + format_bytes(metric(run, "net_tx_bytes"));
    return line;
}

LoopResult run_text_lines(boost::asio::io_context& io, DashboardSource& source, DashboardModel& model) {
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    LinePrinter printer(model);
    LoopResult result;
    bool finished = false;
    // On return and on an exception alike: the source stops and the signals get their
    // default dispositions back.
    struct Stopper {
        DashboardSource& source;
        boost::asio::signal_set& signals;
        ~Stopper() {
            source.stop();
            boost::system::error_code ignored;
            signals.clear(ignored);
        }
    } stopper{source, signals};

    signals.async_wait([&](boost::system::error_code ec, int signo) {
        if (ec || finished) return;
        result = {LoopEnd::signal, signo};
        finished = true;
    });
    source.start(io, model, {[&] { printer.print_new(); },
                             [&] {
                                 printer.print_new();
                                 if (!finished) result = {LoopEnd::source_ended, 0};
                                 finished = true;
                             }});
    while (!finished && io.run_one() > 0) {
    }
    signals.cancel();
    return result;
}

}  // namespace sandbox_cli::dashboard
