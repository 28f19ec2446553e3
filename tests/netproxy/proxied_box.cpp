#include "proxied_box.hpp"

#include <boost/asio/post.hpp>

#include <future>

namespace netproxy_test {

namespace asio = boost::asio;
using sandbox::linux_netproxy::EgressProxy;
using sandbox::linux_netproxy::ProxyConfig;

ProxiedBox::ProxiedBox() : work_(asio::make_work_guard(io_)), thread_([this] { io_.run(); }) {}

ProxiedBox::~ProxiedBox() {
    stop_proxy();
    work_.reset();
    thread_.join();
}

// The proxy lives on the io thread: it is stopped there.
void ProxiedBox::stop_proxy() {
    std::promise<void> done;
    asio::post(io_, [this, &done] {
        proxy_.reset();
        done.set_value();
    });
    done.get_future().wait();
}

box_test::BoxRun ProxiedBox::run_python(const std::string& script, ProxyConfig config) {
    stop_proxy();
    box_test::BoxPlan plan = box_test::plan_for({"/usr/bin/python3", "-I", "-c", script});
    for (auto& entry : sandbox::linux_netproxy::proxy_environment(config.port)) plan.envp.push_back(entry);
    plan.before_release = [this, config](pid_t pid) {
        proxy_ = EgressProxy::start(io_, pid, config, [this](sandbox::Event e) {
            std::lock_guard lock(mutex_);
            events_.push_back(std::move(e));
        });
    };
    return box_test::run_box(plan);
}

std::vector<sandbox::Event> ProxiedBox::events() const {
    std::lock_guard lock(mutex_);
    return events_;
}

bool ProxiedBox::has_event(const std::string& detail_part, sandbox::EventAction action) const {
    for (const auto& e : events())
        if (e.action == action && e.detail.find(detail_part) != std::string::npos) return true;
    return false;
}

}  // namespace netproxy_test
