// How a supervisor-side launch step fails: a SetupError naming the step and the errno.
#pragma once

#include <sandbox/error.hpp>

#include <cstring>
#include <string>

namespace sandbox::linux_box {

[[noreturn]] inline void throw_errno(const std::string& step, int err) {
    throw SetupError("box launch failed at " + step + ": " + std::strerror(err));
}

}  // namespace sandbox::linux_box
