// A box's own network namespace: what it sends over its loopback shows in the samples of its
// init's pid, and nothing of the host's traffic does.
#include "monitor_run.hpp"

#include <sandbox/sandbox.hpp>

#include <doctest/doctest.h>

using namespace std::chrono_literals;

namespace {

// Sends 1 MiB from a client to a server on the box's 127.0.0.1, then stays a moment so that a
// sample sees the counters while the box is alive.
const char* send_one_mib = R"(
import socket, time
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
cli = socket.create_connection(srv.getsockname()); conn, _ = srv.accept()
data = b"x" * (1 << 20); cli.sendall(data); cli.close()
got = 0
while True:
    chunk = conn.recv(65536)
    if not chunk: break
    got += len(chunk)
print(got)
time.sleep(0.3)
)";

}  // namespace

TEST_CASE("a box sending 1 MiB over its own loopback shows at least 1 MiB sent") {
    boost::asio::io_context io;
    monitor_test::EventLog log;
    auto policy = sandbox::SecurityPolicy::for_level(sandbox::SecurityLevel::standard);
    policy.limits.wall_timeout_ms = 20'000;
    sandbox::Command cmd;
    cmd.argv = {"/usr/bin/python3", "-c", send_one_mib};
    auto run = sandbox::Sandbox(policy).start(io, cmd);
    REQUIRE(run->pid() > 0);
    sandbox::MonitorOptions options;
    options.interval = 20ms;
    sandbox::ResourceMonitor monitor(io, run->pid(), options, log.sink());
    auto result = run->wait();
    INFO(result.to_report());
    REQUIRE(result.status == sandbox::Status::ok);
    CHECK(result.stdout_data == "1048576\n");
    const double tx = log.max_value("net_tx_bytes");
    MESSAGE("box loopback: tx " << tx << " bytes, " << log.max_value("net_tx_packets") << " packets");
    CHECK(tx >= 1 << 20);
    CHECK(log.max_value("net_rx_bytes") >= 1 << 20);
    // The box's init, and python below it.
    CHECK(log.max_value("processes") >= 2);
}
