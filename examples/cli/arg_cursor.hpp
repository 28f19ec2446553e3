// Walking a subcommand's words: options take their value from the next word or after '='.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox_cli {

class ArgCursor {
public:
    explicit ArgCursor(const std::vector<std::string>& args) : args_(args) {}

    bool done() const { return index_ >= args_.size(); }
    const std::string& next() { return args_[index_++]; }
    // Every word not consumed yet; the cursor is done afterwards.
    std::vector<std::string> rest();
    // For an option word like "--memory" or "--memory=256M": its value. Throws UsageError
    // "<name> needs a value" when the word is the last one.
    std::string value_of(const std::string& word, std::string_view name);

private:
    const std::vector<std::string>& args_;
    std::size_t index_ = 0;
};

// "--memory=1G" matches option "--memory"; "--memoryx" does not.
bool is_option(const std::string& word, std::string_view name);

}  // namespace sandbox_cli
