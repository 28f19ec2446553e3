// UsageError: bad command-line input, printed as "sandbox-cli: error: <what>" with exit code 2.
#pragma once

#include <stdexcept>

namespace sandbox_cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace sandbox_cli
