#include "handles.hpp"

#include <unordered_map>

namespace sandbox::capi {
namespace {

struct Registry {
    std::mutex mutex;
    std::unordered_map<const void*, HandleKind> live;
};

Registry& registry() {
    static auto* instance = new Registry;  // never destroyed: handles may outlive statics
    return *instance;
}

}  // namespace

void register_handle(const void* handle, HandleKind kind) {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    r.live[handle] = kind;
}

void unregister_handle(const void* handle) {
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    r.live.erase(handle);
}

bool is_live(const void* handle, HandleKind kind) {
    if (handle == nullptr) return false;
    auto& r = registry();
    std::lock_guard lock(r.mutex);
    auto it = r.live.find(handle);
    return it != r.live.end() && it->second == kind;
}

void Listener::event(const std::string& json) {
    std::lock_guard lock(mutex_);
    if (enabled_ && on_event_ != nullptr) on_event_(json.data(), json.size(), user_data_);
}

void Listener::done() {
    std::lock_guard lock(mutex_);
    if (enabled_ && on_done_ != nullptr) on_done_(user_data_);
}

void Listener::disable() {
    std::lock_guard lock(mutex_);
    enabled_ = false;
}

}  // namespace sandbox::capi
