#include "supervisor_thread.hpp"

#include <cstdio>
#include <exception>

namespace sandbox::capi {
namespace {
thread_local bool on_supervisor_thread = false;
}

bool SupervisorThread::is_current() {
    return on_supervisor_thread;
}

SupervisorThread& SupervisorThread::instance() {
    // Destroyed at exit: the thread is stopped and joined before the statics it uses go.
    static SupervisorThread supervisor;
    return supervisor;
}

SupervisorThread::SupervisorThread()
    : work_(boost::asio::make_work_guard(io_)), thread_([this] { loop(); }) {}

SupervisorThread::~SupervisorThread() {
    work_.reset();
    io_.stop();
    if (is_current())
        thread_.detach();  // exit() called from a callback: the thread cannot join itself
    else
        thread_.join();
}

void SupervisorThread::loop() {
    on_supervisor_thread = true;
    // A handler that throws is a bug in the core; report it and keep the other boxes going.
    for (;;) {
        try {
            io_.run();
            return;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "rusty-sandbox: supervisor handler failed: %s\n", e.what());
        } catch (...) {
            std::fprintf(stderr, "rusty-sandbox: supervisor handler failed\n");
        }
    }
}

}  // namespace sandbox::capi
