// Turns "every 32-bit value except these" into rules a seccomp filter can test: a filter
// argument compare is (arg & mask) == value, one compare per argument and rule, so the
// complement of a value set is covered by aligned power-of-two blocks.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace sandbox::linux_box {

struct MaskedValue {
    std::uint32_t mask = 0;
    std::uint32_t value = 0;
};

// Blocks that together hold exactly the 32-bit values not in `allowed`.
std::vector<MaskedValue> blocks_outside(std::span<const std::uint32_t> allowed);

}  // namespace sandbox::linux_box
