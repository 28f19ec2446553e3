#include "connection_registry.hpp"

#include <vector>

namespace sandbox_cli::serve {

std::unique_ptr<ConnectionRegistry::Slot> ConnectionRegistry::take() {
    if (live_.size() >= limit_) return nullptr;
    std::uint64_t id = next_id_++;
    live_.emplace(id, std::weak_ptr<Closable>());
    return std::make_unique<Slot>(shared_from_this(), id);
}

void ConnectionRegistry::shut_all() {
    // shut() may end a connection at once, which erases its entry: collect first.
    std::vector<std::shared_ptr<Closable>> holders;
    for (const auto& [id, weak] : live_) {
        if (auto holder = weak.lock()) holders.push_back(std::move(holder));
    }
    for (const auto& holder : holders) holder->shut();
}

}  // namespace sandbox_cli::serve
