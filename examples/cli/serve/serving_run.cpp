#include "serving_run.hpp"

#include "status_board.hpp"
#include "status_server.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <csignal>
#include <iostream>
#include <optional>

namespace sandbox_cli::serve {

namespace asio = boost::asio;

sandbox::Result run_serving(sandbox::Sandbox& box, const sandbox::Command& command,
                            const asio::ip::tcp::endpoint& endpoint, std::chrono::milliseconds linger) {
    asio::io_context io;
    auto board = std::make_shared<StatusBoard>();
    StatusServer server(io, endpoint, board);
    std::cerr << "sandbox-cli: serving status on http://" + endpoint_text(server.local_endpoint()) +
                     " (/api/v1/snapshot, /api/v1/events)\n";

    box.add_sink(board->sink());
    sandbox::MonitorOptions monitor;
    monitor.interval = sample_interval;
    monitor.per_process = false;    // the endpoint serves the totals only
    monitor.cgroup_counters = true;  // the numbers the Result will give
    box.set_monitor(monitor);

    asio::steady_timer linger_timer(io);
    std::optional<asio::signal_set> signals;
    auto stop_serving = [&] {
        linger_timer.cancel();
        if (signals) {
            boost::system::error_code ignored;
            signals->clear(ignored);  // back to the default dispositions
            signals->cancel();
        }
        server.close();
    };

    sandbox::Result result;
    auto execution = box.start(io, command);
    board->describe_run(execution->id(), execution->pid(), command.argv, box.policy().level,
                         box.policy().limits.memory_bytes);
    execution->async_wait([&](const sandbox::Result& r) {
        result = r;
        board->end_run(execution->id(), std::string(sandbox::to_string(r.status)));
        board->finish();
        if (linger.count() == 0) return stop_serving();
        linger_timer.expires_after(linger);
        linger_timer.async_wait([&](boost::system::error_code ec) {
            if (!ec) stop_serving();
        });
        // An operator who is done looking need not wait out the linger.
        signals.emplace(io, SIGINT, SIGTERM);
        signals->async_wait([&](boost::system::error_code ec, int) {
            if (!ec) stop_serving();
        });
    });
    io.run();
    return result;
}

}  // namespace sandbox_cli::serve
