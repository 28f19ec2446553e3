// Making arbitrary program output safe to put in JSON strings.
#pragma once

#include <string>
#include <string_view>

namespace sandbox {

// Returns `bytes` with every invalid UTF-8 sequence replaced by U+FFFD, so that a binary flood
// on stdout still yields valid JSON. Valid text passes through unchanged.
std::string to_valid_utf8(std::string_view bytes);

}  // namespace sandbox
