// Reading a whole input file named on the command line ("-" is sandbox-cli's own stdin).
#pragma once

#include <string>

namespace sandbox_cli {

// Throws UsageError naming `what` ("--stdin file") and the path when it cannot be read.
std::string read_whole_file(const std::string& path, const char* what);

}  // namespace sandbox_cli
