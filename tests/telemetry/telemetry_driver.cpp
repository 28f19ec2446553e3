// A program the peer tests (Prometheus, OTLP) drive over stdin: it owns one Telemetry and runs
// boxes with chosen outcomes. One command per line, one JSON answer per line:
//   run <scenario> [count]   ok | nonzero | signaled | timeout | memory | setup_error
//   bare <scenario> [count]  the same without the telemetry sink (for the benchmark)
//   flush <ms>               Telemetry::flush, answers {"flushed": true|false, "ms": ...}
//   stats                    Telemetry::stats
//   quit                     destroys the Telemetry (its destructor flushes) and exits
// Usage: telemetry_driver '<TelemetryConfig JSON>'
#include <sandbox/sandbox.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <iostream>
#include <sstream>
#include <string>

namespace {

using namespace sandbox;

struct Scenario {
    // Telemetry does not depend on the level; basic keeps runs fast (cgroup limits still apply).
    SecurityPolicy policy = SecurityPolicy::for_level(SecurityLevel::basic);
    Command command;
};

Scenario scenario(const std::string& name) {
    Scenario s;
    if (name == "ok") {
        s.command.argv = {"/bin/true"};
    } else if (name == "nonzero") {
        s.command.argv = {"/bin/sh", "-c", "exit 3"};
    } else if (name == "signaled") {
        s.command.argv = {"/bin/sh", "-c", "kill -SEGV $$"};
    } else if (name == "timeout") {
        s.command.argv = {"/bin/sleep", "10"};
        s.policy.limits.wall_timeout_ms = 300;
    } else if (name == "memory") {
        s.command.argv = {"/usr/bin/python3", "-c", "b = bytearray(512 * 1024 * 1024)"};
        s.policy.limits.memory_bytes = 64ull << 20;
    } else if (name == "setup_error") {
        s.command.argv = {"/nonexistent/program"};
    } else {
        throw std::invalid_argument("unknown scenario '" + name + "'");
    }
    return s;
}

std::string stats_json(const TelemetryStats& s) {
    return boost::json::serialize(boost::json::object{{"events_received", s.events_received},
                                                      {"events_dropped", s.events_dropped},
                                                      {"otlp_requests_ok", s.otlp_requests_ok},
                                                      {"otlp_requests_failed", s.otlp_requests_failed},
                                                      {"otlp_items_dropped", s.otlp_items_dropped},
                                                      {"otlp_items_rejected", s.otlp_items_rejected},
                                                      {"pushes_failed", s.pushes_failed}});
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: telemetry_driver '<TelemetryConfig JSON>'\n";
        return 2;
    }
    auto telemetry = std::make_unique<Telemetry>(TelemetryConfig::from_json(argv[1]));
    std::cout << "{\"prometheus_port\": " << telemetry->prometheus_port() << "}" << std::endl;
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream words(line);
        std::string command;
        words >> command;
        try {
            if (command == "run" || command == "bare") {
                std::string name;
                int count = 1;
                words >> name >> count;
                Scenario s = scenario(name);
                Sandbox box(s.policy);
                if (command == "run") box.add_sink(telemetry->sink());
                boost::json::array statuses, wall_ms;
                for (int i = 0; i < count; ++i) {
                    auto t0 = std::chrono::steady_clock::now();
                    Result r = box.run(s.command);
                    statuses.emplace_back(to_string(r.status));
                    wall_ms.emplace_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
                }
                std::cout << boost::json::serialize(boost::json::object{{"statuses", statuses}, {"ms", wall_ms}})
                          << std::endl;
            } else if (command == "flush") {
                long ms = 0;
                words >> ms;
                auto t0 = std::chrono::steady_clock::now();
                bool ok = telemetry->flush(std::chrono::milliseconds(ms));
                double took = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
                std::cout << "{\"flushed\": " << (ok ? "true" : "false") << ", \"ms\": " << took << "}" << std::endl;
            } else if (command == "stats") {
                std::cout << stats_json(telemetry->stats()) << std::endl;
            } else if (command == "quit") {
                auto t0 = std::chrono::steady_clock::now();
                telemetry.reset();
                double took = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
                std::cout << "{\"quit_ms\": " << took << "}" << std::endl;
                return 0;
            } else {
                std::cout << "{\"error\": \"unknown command\"}" << std::endl;
            }
        } catch (const std::exception& e) {
            std::cout << boost::json::serialize(boost::json::object{{"error", e.what()}}) << std::endl;
        }
    }
    return 0;
}
