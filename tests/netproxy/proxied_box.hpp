// A real box (the launcher's, through tests/box's harness) whose only way out is an
// EgressProxy, created by the plan's before_release hook; the proxy and the host services
// run on an io_context served by a thread of the fixture.
#pragma once

#include "box_harness.hpp"
#include "egress_proxy.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace netproxy_test {

class ProxiedBox {
public:
    ProxiedBox();
    ~ProxiedBox();  // stops the proxy, then the io thread

    boost::asio::io_context& io() { return io_; }

    // Runs `python3 -c script` in a box with the proxy environment and `config`.
    box_test::BoxRun run_python(const std::string& script, sandbox::linux_netproxy::ProxyConfig config);

    // The events the proxy reported so far.
    std::vector<sandbox::Event> events() const;
    // Whether an event with `action` and a detail containing `detail_part` was reported.
    bool has_event(const std::string& detail_part, sandbox::EventAction action) const;

    // Stops the proxy of the last run (on the io thread) and waits for it.
    void stop_proxy();

private:
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::thread thread_;
    std::unique_ptr<sandbox::linux_netproxy::EgressProxy> proxy_;
    mutable std::mutex mutex_;
    std::vector<sandbox::Event> events_;
};

}  // namespace netproxy_test
