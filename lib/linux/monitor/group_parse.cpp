#include "group_parse.hpp"

#include <charconv>

namespace sandbox::linux_monitor {
namespace {

// The number at the start of `text`, and where it ended.
template <typename T>
std::optional<T> leading_number(std::string_view text, std::string_view& rest) {
    T value{};
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || ptr == text.data()) return std::nullopt;
    rest = text.substr(static_cast<std::size_t>(ptr - text.data()));
    return value;
}

// The line of `text` after `pos`, and where the next one starts.
std::string_view line_at(std::string_view text, std::size_t& pos) {
    std::size_t eol = text.find('\n', pos);
    std::string_view line = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? text.size() : eol + 1;
    return line;
}

}  // namespace

std::optional<std::uint64_t> parse_group_number(std::string_view text) {
    std::string_view rest;
    auto value = leading_number<std::uint64_t>(text, rest);
    if (!value || !(rest.empty() || rest == "\n")) return std::nullopt;
    return value;
}

std::optional<CpuStatUsec> parse_cpu_stat_usec(std::string_view text) {
    std::optional<std::uint64_t> user, system;
    for (std::size_t pos = 0; pos < text.size();) {
        std::string_view line = line_at(text, pos);
        std::size_t space = line.find(' ');
        if (space == std::string_view::npos) continue;
        std::string_view key = line.substr(0, space);
        std::optional<std::uint64_t>* slot = key == "user_usec" ? &user : key == "system_usec" ? &system : nullptr;
        if (slot) *slot = parse_group_number(line.substr(space + 1));
    }
    if (!user || !system) return std::nullopt;
    return CpuStatUsec{*user, *system};
}

bool parse_group_pids(std::string_view text, std::vector<int>& out) {
    out.clear();
    for (std::size_t pos = 0; pos < text.size();) {
        std::string_view line = line_at(text, pos);
        std::string_view rest;
        auto pid = leading_number<int>(line, rest);
        if (!pid || *pid <= 0 || !rest.empty()) {
            out.clear();
            return false;
        }
        out.push_back(*pid);
    }
    return true;
}

}  // namespace sandbox::linux_monitor
