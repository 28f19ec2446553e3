#include "arg_cursor.hpp"

#include "usage_error.hpp"

namespace sandbox_cli {

std::vector<std::string> ArgCursor::rest() {
    std::vector<std::string> remaining(args_.begin() + static_cast<long>(index_), args_.end());
    index_ = args_.size();
    return remaining;
}

std::string ArgCursor::value_of(const std::string& word, std::string_view name) {
    if (word.size() > name.size() && word[name.size()] == '=') {
        return word.substr(name.size() + 1);
    }
    if (done()) {
        throw UsageError(std::string(name) + " needs a value");
    }
    return next();
}

bool is_option(const std::string& word, std::string_view name) {
    return word.compare(0, name.size(), name) == 0 &&
           (word.size() == name.size() || word[name.size()] == '=');
}

}  // namespace sandbox_cli
