// The child step that confines the program with Landlock: child-side, raw system calls only.
#pragma once

#include "child_spec.hpp"

namespace sandbox::linux_box {

// Builds the ruleset from the spec's rules, opening each path inside the box (so it runs
// after the root is built), and restricts the calling process. Needs no_new_privs. Nothing
// when the spec has no rules. A required path that is missing fails the setup.
void apply_landlock(const ChildSpec& spec, int status_fd) noexcept;

}  // namespace sandbox::linux_box
