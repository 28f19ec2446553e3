#include "value_blocks.hpp"

#include <algorithm>

namespace sandbox::linux_box {
namespace {

// Splits [lo, hi] into the largest aligned power-of-two blocks.
void add_range(std::uint64_t lo, std::uint64_t hi, std::vector<MaskedValue>& out) {
    while (lo <= hi) {
        std::uint64_t size = 1;
        while (size < (std::uint64_t{1} << 32) && lo % (size * 2) == 0 && lo + size * 2 - 1 <= hi) size *= 2;
        out.push_back({static_cast<std::uint32_t>(~(size - 1)), static_cast<std::uint32_t>(lo)});
        lo += size;
    }
}

}  // namespace

std::vector<MaskedValue> blocks_outside(std::span<const std::uint32_t> allowed) {
    std::vector<std::uint64_t> sorted(allowed.begin(), allowed.end());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::vector<MaskedValue> out;
    std::uint64_t next = 0;
    for (std::uint64_t v : sorted) {
        if (v > next) add_range(next, v - 1, out);
        next = v + 1;
    }
    if (next <= 0xffffffffu) add_range(next, 0xffffffffu, out);
    return out;
}

}  // namespace sandbox::linux_box
