#include "format.hpp"

#include <cmath>
#include <cstdio>

namespace sandbox_cli::dashboard {

std::string format_bytes(double bytes) {
    static constexpr const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024) {
        return std::to_string(static_cast<std::uint64_t>(bytes < 0 ? 0 : bytes)) + "B";
    }
    double value = bytes / 1024;
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(units)) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%s", value, units[unit]);
    return text;
}

std::string format_percent(double percent) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", percent);
    return text;
}

std::string format_seconds(double seconds) {
    char text[32];
    if (seconds < 60) {
        std::snprintf(text, sizeof text, seconds < 10 ? "%.2fs" : "%.1fs", seconds);
    } else {
        const auto whole = static_cast<long>(std::floor(seconds));
        std::snprintf(text, sizeof text, "%ldm%02lds", whole / 60, whole % 60);
    }
    return text;
}

std::string event_line(const sandbox::Event& event) {
    char time[32];
    std::snprintf(time, sizeof time, "%8.2fs ", event.time_s);
    std::string line = time;
    line += std::string(sandbox::to_string(event.kind));
    if (event.kind == sandbox::EventKind::security) {
        line += " " + std::string(sandbox::to_string(event.type));
        line += " " + std::string(sandbox::to_string(event.severity));
        line += " " + std::string(sandbox::to_string(event.action));
        if (!event.syscall.empty()) line += " " + event.syscall;
        // What it was aimed at comes before the detail, which often starts with raw arguments.
        if (auto target = event.labels.find("target"); target != event.labels.end()) line += " " + target->second;
    }
    line += " " + event.name;
    if (!event.detail.empty()) line += ": " + event.detail;
    if (event.pid != 0) line += " (pid " + std::to_string(event.pid) + ")";
    return line;
}

}  // namespace sandbox_cli::dashboard
