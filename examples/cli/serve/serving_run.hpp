// `sandbox-cli run --serve`: the run and its status endpoint on one io_context. The server
// listens before the box starts and stays while the run lasts; after the run the final
// snapshot stays served for --serve-linger (default: not at all), or until SIGINT/SIGTERM.
#pragma once

#include "serve_options.hpp"

#include <sandbox/sandbox.hpp>

namespace sandbox_cli::serve {

// Samples every this often when the run has no monitor of its own.
constexpr std::chrono::milliseconds sample_interval{250};

// Runs `command` in `box` (which gets the board's sink and, for the snapshot's samples, a
// resource monitor) while serving its status on `endpoint`. Announces the address on stderr.
// Throws UsageError when the address cannot be bound (before the run starts).
sandbox::Result run_serving(sandbox::Sandbox& box, const sandbox::Command& command,
                            const boost::asio::ip::tcp::endpoint& endpoint, std::chrono::milliseconds linger);

}  // namespace sandbox_cli::serve
