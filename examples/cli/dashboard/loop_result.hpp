// How a dashboard or text-lines loop ended.
#pragma once

namespace sandbox_cli::dashboard {

enum class LoopEnd {
    quit,          // the user pressed q (or the terminal went away)
    source_ended,  // the tree exited, the run ended
    signal,        // SIGINT or SIGTERM
};

struct LoopResult {
    LoopEnd how = LoopEnd::quit;
    int signal = 0;  // with LoopEnd::signal
};

}  // namespace sandbox_cli::dashboard
