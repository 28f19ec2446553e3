#include "proc_parse.hpp"

#include <charconv>

namespace sandbox::linux_monitor {
namespace {

// Splits off the next space-separated field of `rest`.
std::string_view next_field(std::string_view& rest) {
    std::size_t start = rest.find_first_not_of(" \t");
    if (start == std::string_view::npos) {
        rest = {};
        return {};
    }
    rest.remove_prefix(start);
    std::size_t end = rest.find_first_of(" \t\n");
    std::string_view field = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
    return field;
}

template <typename T>
bool to_number(std::string_view text, T& out) {
    if (text.empty()) return false;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

// The number after `key` in a "key: value" line of a key-per-line file.
std::optional<std::uint64_t> keyed_number(std::string_view text, std::string_view key) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        std::string_view line = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
        if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':') {
            std::string_view rest = line.substr(key.size() + 1);
            std::uint64_t v = 0;
            if (to_number(next_field(rest), v)) return v;
            return std::nullopt;
        }
        if (eol == std::string_view::npos) break;
        pos = eol + 1;
    }
    return std::nullopt;
}

}  // namespace

std::optional<StatFields> parse_stat(std::string_view text) {
    // comm is in parentheses and may itself hold spaces and ')': it ends at the last ')'.
    std::size_t open = text.find('(');
    std::size_t close = text.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return std::nullopt;
    StatFields f;
    if (!to_number(text.substr(0, open == 0 ? 0 : open - 1), f.pid)) return std::nullopt;
    f.comm = std::string(text.substr(open + 1, close - open - 1));
    std::string_view rest = text.substr(close + 1);
    // Fields from 3 (state) on, numbered as in proc(5).
    std::string_view fields[22];
    for (auto& field : fields) field = next_field(rest);
    if (fields[0].size() != 1) return std::nullopt;
    f.state = fields[0][0];
    bool ok = to_number(fields[1], f.ppid) && to_number(fields[7], f.minflt) && to_number(fields[9], f.majflt) &&
              to_number(fields[11], f.utime) && to_number(fields[12], f.stime) &&
              to_number(fields[13], f.cutime) && to_number(fields[14], f.cstime) &&
              to_number(fields[17], f.num_threads) && to_number(fields[19], f.starttime) &&
              to_number(fields[21], f.rss_pages);
    if (!ok) return std::nullopt;
    return f;
}

std::optional<std::uint64_t> parse_status_kb(std::string_view text, std::string_view key) {
    auto kb = keyed_number(text, key);
    if (!kb) return std::nullopt;
    return *kb * 1024;
}

std::optional<IoFields> parse_io(std::string_view text) {
    auto r = keyed_number(text, "read_bytes");
    auto w = keyed_number(text, "write_bytes");
    if (!r || !w) return std::nullopt;
    return IoFields{*r, *w};
}

std::optional<monitor_detail::NetCounters> parse_net_dev(std::string_view text) {
    monitor_detail::NetCounters sum;
    bool any = false;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t eol = text.find('\n', pos);
        std::string_view line = text.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
        pos = eol == std::string_view::npos ? text.size() : eol + 1;
        // "  lo: rx_bytes rx_packets errs drop fifo frame compressed multicast tx_bytes tx_packets ..."
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view rest = line.substr(colon + 1);
        std::uint64_t v[10];
        bool ok = true;
        for (auto& n : v) ok = ok && to_number(next_field(rest), n);
        if (!ok) continue;  // the two header lines
        sum.rx_bytes += v[0];
        sum.rx_packets += v[1];
        sum.tx_bytes += v[8];
        sum.tx_packets += v[9];
        any = true;
    }
    if (!any) return std::nullopt;
    return sum;
}

std::string cmdline_to_text(std::string_view raw) {
    while (!raw.empty() && raw.back() == '\0') raw.remove_suffix(1);
    std::string out(raw);
    for (char& c : out)
        if (c == '\0') c = ' ';
    return out;
}

}  // namespace sandbox::linux_monitor
