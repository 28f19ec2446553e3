// --config FILE: a SecurityPolicy from its versioned JSON.
#pragma once

#include <sandbox/policy.hpp>

#include <optional>
#include <string>

namespace sandbox_cli {

// Reads and parses `path`. With `level`, the file's "level" is replaced by it before parsing,
// so the keys the file omits take that level's defaults. Throws UsageError
// "--config PATH: $.key.path: what is wrong" for an unreadable or invalid file.
sandbox::SecurityPolicy load_policy_file(const std::string& path, std::optional<sandbox::SecurityLevel> level);

}  // namespace sandbox_cli
