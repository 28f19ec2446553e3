// Drives an io_context until a monitor has ended (its root is gone) or a deadline passes.
#pragma once

#include <sandbox/monitor.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <vector>

namespace monitor_test {

inline void run_until_ended(boost::asio::io_context& io, const sandbox::ResourceMonitor& monitor,
                            std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (monitor.running() && std::chrono::steady_clock::now() < deadline)
        io.run_for(std::chrono::milliseconds(5));
}

// Collects every event a monitor sends.
struct EventLog {
    std::vector<sandbox::Event> events;
    sandbox::EventSink sink() {
        return [this](const sandbox::Event& e) { events.push_back(e); };
    }
    double max_value(const char* metric) const {
        double best = 0;
        for (const auto& e : events)
            if (auto it = e.values.find(metric); it != e.values.end() && e.name == "sample")
                best = std::max(best, it->second);
        return best;
    }
};

}  // namespace monitor_test
