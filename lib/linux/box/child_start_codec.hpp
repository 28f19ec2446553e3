// The box's first process is a separate small program (box-init, see init_image.hpp): it
// gets the ChildSpec and ChildFds it replays as one byte string, written by the supervisor
// into a memfd. This is that encoding: plain little-endian fields, strings with a length.
#pragma once

#include "child_spec.hpp"

#include <cstddef>
#include <deque>
#include <string>

namespace sandbox::linux_box {

// Supervisor side.
std::string encode_child_start(const ChildSpec& spec, const ChildFds& fds);

// Init side: the spec and fds with the storage their pointers (argv, envp, FsOp steps,
// Landlock rules, the seccomp program) point into. Not copyable: the pointers would dangle.
struct DecodedChildStart {
    ChildSpec spec;
    ChildFds fds;
    std::deque<std::string> strings;  // a deque: growing it never moves the strings
    LandlockRules landlock;
    std::vector<sock_filter> seccomp;

    DecodedChildStart() = default;
    DecodedChildStart(const DecodedChildStart&) = delete;
    DecodedChildStart& operator=(const DecodedChildStart&) = delete;
};

// Returns false when `data` is not a whole, well-formed encoding (nothing is trusted to be
// in range: sizes are checked against what is left).
bool decode_child_start(const char* data, std::size_t size, DecodedChildStart& out);

}  // namespace sandbox::linux_box
