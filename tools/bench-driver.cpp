// bench-driver: times runs of one command through sandbox::Sandbox::run in-process, for
// tools/bench (measuring sandbox-cli instead would add its own exec and library load).
//
//   bench-driver --level standard --runs 30 [--spacing-ms 50] -- /bin/true
//       "caller_rss_kb <VmRSS before the first run>", one line "run_ms <milliseconds>" per
//       run, then "peak_rss_kb <VmHWM of this process>"
//   bench-driver --level standard --workers 2 --seconds 3 -- /bin/true
//       "runs_per_second <r>" over all workers, then "peak_rss_kb <kb>"
//   bench-driver --level standard --runs 30 --phases -- /bin/true
//       the median of each launch phase in ms instead of the run lines (where the time goes):
//       launched (box started), target_started, init_exited, result (finalized), returned
//   bench-driver --touch-mib 400 --level standard --runs 30 -- /bin/true
//       first writes every page of a 400 MiB buffer, kept until exit: times the launch
//       from a large caller (tools/bench-bindings)
//   bench-driver --level standard --concurrent 100 -- /bin/true
//       "concurrent_s <seconds>": 100 runs started at once on one io_context, launched one
//       after the other as the C ABI's supervisor thread does (the C++ form of 100
//       concurrent Python run_async calls)
//   bench-driver --serve --level standard -- /bin/true
//       reads a run count per line on stdin; times that many runs ("run_ms" lines), then
//       prints "done"; ends at the end of input (tools/bench-bindings interleaves callers)
// Any run that does not end with status ok is an error (exit 1): a failed run is not a
// fast run.
#include <sandbox/sandbox.hpp>

#include <boost/asio/post.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    sandbox::SecurityLevel level = sandbox::SecurityLevel::standard;
    int runs = 20;
    int spacing_ms = 0;
    int workers = 0;  // > 0: throughput mode
    int concurrent = 0;  // > 0: that many runs at once
    double seconds = 3;
    bool phases = false;
    bool serve = false;
    int touch_mib = 0;
    std::vector<std::string> argv;
};

int to_int(const std::string& text, const char* what) {
    const auto bad_value = std::invalid_argument(std::string(what) + ": '" + text + "' is not a count >= 0");
    std::size_t used = 0;
    int value = 0;
    try {
        value = std::stoi(text, &used);
    } catch (const std::logic_error&) {  // not a number, or out of int's range
        throw bad_value;
    }
    if (used != text.size() || value < 0) throw bad_value;
    return value;
}

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        std::string word = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::invalid_argument(word + " needs a value");
            return argv[++i];
        };
        if (word == "--") {
            options.argv.assign(argv + i + 1, argv + argc);
            break;
        } else if (word == "--level") {
            options.level = sandbox::security_level_from_string(value());
        } else if (word == "--runs") {
            options.runs = to_int(value(), "--runs");
        } else if (word == "--spacing-ms") {
            options.spacing_ms = to_int(value(), "--spacing-ms");
        } else if (word == "--workers") {
            options.workers = to_int(value(), "--workers");
        } else if (word == "--concurrent") {
            options.concurrent = to_int(value(), "--concurrent");
        } else if (word == "--serve") {
            options.serve = true;
        } else if (word == "--phases") {
            options.phases = true;
        } else if (word == "--seconds") {
            options.seconds = to_int(value(), "--seconds");
        } else if (word == "--touch-mib") {
            options.touch_mib = to_int(value(), "--touch-mib");
        } else {
            throw std::invalid_argument("unknown argument '" + word + "'");
        }
    }
    if (options.argv.empty()) throw std::invalid_argument("no command after --");
    return options;
}

void require_ok(const sandbox::Result& result) {
    if (result.status != sandbox::Status::ok) {
        throw std::runtime_error("a run ended with status " + std::string(sandbox::to_string(result.status)) +
                                 ": " + result.message + " " + result.stderr_data);
    }
}

// A "Vm...:" field of /proc/self/status in kB.
long status_kb(const std::string& field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(field, 0) == 0) return std::stol(line.substr(field.size()));
    }
    throw std::runtime_error("no " + field + " in /proc/self/status");
}

// A buffer of `mib` MiB with every page written, so that it is resident and the caller's
// page tables map all of it (a launch that copies the address space pays for each page).
std::vector<char> touched_buffer(int mib) {
    try {
        return std::vector<char>(static_cast<std::size_t>(mib) << 20, 1);
    } catch (const std::bad_alloc&) {
        throw std::runtime_error("--touch-mib " + std::to_string(mib) + ": cannot allocate that much");
    }
}

sandbox::Command command_of(const Options& options) {
    sandbox::Command command;
    command.argv = options.argv;
    command.env["PATH"] = "/usr/local/bin:/usr/bin:/bin";
    return command;
}

// Milestones of one run in ms since its start, from the run's lifecycle events.
std::vector<double> phases_of(const sandbox::Result& result, double returned_ms) {
    double launched = -1, target_started = -1, init_exited = -1;
    for (const auto& event : result.events) {
        if (event.name == "started") launched = event.time_s * 1000;
        if (event.name != "exited") continue;
        auto value = [&](const char* key) {
            auto it = event.values.find(key);
            return it == event.values.end() ? -1.0 : it->second * 1000;
        };
        target_started = value("target_started_s");
        init_exited = value("init_exited_s");
    }
    return {launched, target_started, init_exited, result.wall_time_s * 1000, returned_ms};
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

void time_runs(const sandbox::Sandbox& box, const Options& options) {
    const sandbox::Command command = command_of(options);
    std::vector<std::vector<double>> phases(5);
    for (int i = 0; i < options.runs; ++i) {
        if (options.spacing_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(options.spacing_ms));
        auto start = Clock::now();
        sandbox::Result result = box.run(command);
        std::chrono::duration<double, std::milli> took = Clock::now() - start;
        require_ok(result);
        if (!options.phases) {
            std::printf("run_ms %.3f\n", took.count());
            continue;
        }
        auto run_phases = phases_of(result, took.count());
        for (std::size_t p = 0; p < phases.size(); ++p) phases[p].push_back(run_phases[p]);
    }
    if (!options.phases) return;
    const char* names[] = {"launched", "target_started", "init_exited", "result", "returned"};
    for (std::size_t p = 0; p < phases.size(); ++p) std::printf("%s_ms %.3f\n", names[p], median(phases[p]));
}

void time_concurrent(const sandbox::Sandbox& box, const Options& options) {
    const sandbox::Command command = command_of(options);
    boost::asio::io_context io;
    std::vector<std::shared_ptr<sandbox::Execution>> executions;
    std::string failure;
    auto start = Clock::now();
    for (int i = 0; i < options.concurrent; ++i) {
        // Each launch is a handler, so exits are handled between launches.
        boost::asio::post(io, [&] {
            executions.push_back(box.start(io, command));
            executions.back()->async_wait([&failure](const sandbox::Result& result) {
                if (result.status != sandbox::Status::ok && failure.empty())
                    failure = std::string(sandbox::to_string(result.status)) + ": " + result.message;
            });
        });
    }
    io.run();
    std::chrono::duration<double> took = Clock::now() - start;
    if (!failure.empty()) throw std::runtime_error("a run did not end ok: " + failure);
    std::printf("concurrent_s %.3f\n", took.count());
}

// Each line of stdin is a count of runs to time now; "done" (flushed) follows their times.
void serve_runs(const sandbox::Sandbox& box, Options options) {
    std::fflush(stdout);
    std::string line;
    while (std::getline(std::cin, line)) {
        options.runs = to_int(line, "run count");
        time_runs(box, options);
        std::printf("done\n");
        std::fflush(stdout);
    }
}

void measure_throughput(const sandbox::Sandbox& box, const Options& options) {
    const sandbox::Command command = command_of(options);
    const auto deadline = Clock::now() + std::chrono::duration<double>(options.seconds);
    std::atomic<long> completed{0};
    std::mutex error_mutex;
    std::string error;
    auto start = Clock::now();
    std::vector<std::thread> workers;
    for (int w = 0; w < options.workers; ++w) {
        workers.emplace_back([&] {
            try {
                while (Clock::now() < deadline) {
                    require_ok(box.run(command));
                    ++completed;
                }
            } catch (const std::exception& e) {
                std::lock_guard lock(error_mutex);
                error = e.what();
            }
        });
    }
    for (auto& worker : workers) worker.join();
    std::chrono::duration<double> took = Clock::now() - start;
    if (!error.empty()) throw std::runtime_error(error);
    std::printf("runs_per_second %.1f\n", static_cast<double>(completed) / took.count());
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options options = parse(argc, argv);
        const std::vector<char> ballast = touched_buffer(options.touch_mib);
        const sandbox::Sandbox box(sandbox::SecurityPolicy::for_level(options.level));
        std::printf("caller_rss_kb %ld\n", status_kb("VmRSS:"));
        if (options.workers > 0) {
            measure_throughput(box, options);
        } else if (options.concurrent > 0) {
            time_concurrent(box, options);
        } else if (options.serve) {
            serve_runs(box, options);
        } else {
            time_runs(box, options);
        }
        std::printf("peak_rss_kb %ld\n", status_kb("VmHWM:"));
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench-driver: %s\n", e.what());
        return 1;
    }
}
