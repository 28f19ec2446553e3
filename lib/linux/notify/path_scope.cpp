#include "path_scope.hpp"

namespace sandbox::linux_notify {

std::string normalize_path(std::string_view absolute) {
    std::vector<std::string_view> parts;
    std::size_t pos = 0;
    while (pos < absolute.size()) {
        std::size_t end = absolute.find('/', pos);
        if (end == std::string_view::npos) end = absolute.size();
        std::string_view part = absolute.substr(pos, end - pos);
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        pos = end + 1;
    }
    std::string out;
    for (auto part : parts) {
        out += '/';
        out += part;
    }
    return out.empty() ? "/" : out;
}

PathScope::PathScope(std::vector<std::string> prefixes) {
    for (const auto& p : prefixes) prefixes_.push_back(normalize_path(p));
}

bool PathScope::contains(std::string_view path) const {
    if (path.empty() || path[0] != '/') return true;
    const std::string p = normalize_path(path);
    if (p == "/") return true;
    for (const auto& prefix : prefixes_) {
        if (prefix == "/") return true;
        if (p.compare(0, prefix.size(), prefix) == 0 && (p.size() == prefix.size() || p[prefix.size()] == '/'))
            return true;
    }
    return false;
}

}  // namespace sandbox::linux_notify
