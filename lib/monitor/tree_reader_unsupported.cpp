// Platforms with neither /proc nor libproc: a monitor cannot be built there, and says so.
#include "tree_reader.hpp"

#include <sandbox/error.hpp>

namespace sandbox::monitor_detail {

std::unique_ptr<TreeReader> make_tree_reader(int, std::chrono::milliseconds) {
    throw SetupError("resource monitoring is not implemented on this platform (only Linux and macOS)");
}

}  // namespace sandbox::monitor_detail
