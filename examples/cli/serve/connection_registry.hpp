// The status server's open connections: at most `limit` at once, and every one of them can
// be told to shut when the server closes. On the io_context thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>

namespace sandbox_cli::serve {

class Closable {
public:
    virtual ~Closable() = default;
    // Ends the connection soon: pending reads are cancelled, queued output is written within
    // a short bound, then the socket closes.
    virtual void shut() = 0;
};

class ConnectionRegistry : public std::enable_shared_from_this<ConnectionRegistry> {
public:
    explicit ConnectionRegistry(std::size_t limit) : limit_(limit) {}

    // A place in the registry, given back when the last holder drops it.
    class Slot {
    public:
        Slot(std::shared_ptr<ConnectionRegistry> registry, std::uint64_t id) : registry_(std::move(registry)), id_(id) {}
        ~Slot() { registry_->live_.erase(id_); }
        Slot(const Slot&) = delete;
        Slot& operator=(const Slot&) = delete;
        // The object that shut() reaches from now on (a connection hands over to its stream).
        void held_by(std::weak_ptr<Closable> holder) { registry_->live_[id_] = std::move(holder); }

    private:
        std::shared_ptr<ConnectionRegistry> registry_;
        std::uint64_t id_;
    };

    // Nothing when the limit is reached.
    std::unique_ptr<Slot> take();
    std::size_t open() const { return live_.size(); }
    void shut_all();

private:
    const std::size_t limit_;
    std::map<std::uint64_t, std::weak_ptr<Closable>> live_;
    std::uint64_t next_id_ = 1;
};

}  // namespace sandbox_cli::serve
