// The one process-wide thread that launches and watches every box started through the C
// ABI: a boost::asio::io_context run by a std::thread, started on first use.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <future>
#include <thread>
#include <utility>

namespace sandbox::capi {

class SupervisorThread {
public:
    static SupervisorThread& instance();

    boost::asio::io_context& io() { return io_; }
    // True on the supervisor thread (inside a callback); never starts the thread.
    static bool is_current();

    // Runs `task` on the supervisor thread and returns its value (or rethrows its exception).
    template <class Task>
    auto call(Task task) -> decltype(task()) {
        if (is_current()) return task();
        std::packaged_task<decltype(task())()> packaged(std::move(task));
        auto future = packaged.get_future();
        boost::asio::post(io_, [&packaged] { packaged(); });
        return future.get();
    }

    SupervisorThread(const SupervisorThread&) = delete;
    SupervisorThread& operator=(const SupervisorThread&) = delete;
    ~SupervisorThread();

private:
    SupervisorThread();
    void loop();

    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::thread thread_;
};

}  // namespace sandbox::capi
