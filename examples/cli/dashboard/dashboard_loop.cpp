#include "dashboard_loop.hpp"

#include "canvas.hpp"
#include "input.hpp"
#include "terminal_session.hpp"
#include "views.hpp"
#include "../output.hpp"

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#define NCURSES_NOMACROS
#include <curses.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <memory>
#include <optional>
#include <system_error>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace sandbox_cli::dashboard {
namespace {

// New data is drawn at most this often; keys are drawn at once.
constexpr auto redraw_period = std::chrono::milliseconds(100);
// A terminal that hung up stays readable with nothing to read: after this many empty wake-ups
// in a row with no byte pending, the dashboard ends as if the user quit.
constexpr int hangup_wakeups = 10;

int dup_stdin() {
    const int fd = ::fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 0);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "dup of stdin");
    return fd;
}

// The loop's state. Its handlers hold it alive (they may run after run_dashboard returned,
// when the caller drives `io` further) and do nothing once it is closed.
class Loop : public std::enable_shared_from_this<Loop> {
public:
    Loop(boost::asio::io_context& io, DashboardSource& source, DashboardModel& model)
        : io_(io), signals_(io), input_(io), timer_(io), source_(source), model_(model) {}

    void open() {
        // Before ncurses starts: it leaves alone the signals that already have a handler, so
        // SIGINT, SIGTERM and SIGWINCH all come here, through asio's self-pipe.
        signals_.add(SIGINT);
        signals_.add(SIGTERM);
        signals_.add(SIGWINCH);
        source_.start(io_, model_, {[this] { dirty_ = true; }, [this] { finish({LoopEnd::source_ended, 0}); }});
        if (finished_) return;  // the source ended while starting
        session_.emplace(stdout_wants_colour());  // the CLI's rule: a terminal, no NO_COLOR
        input_.assign(dup_stdin());
        draw();
        wait_signal();
        wait_input();
        wait_timer();
    }

    // Stops everything the loop started and restores the terminal. Safe to call twice.
    void close() {
        if (closed_) return;
        closed_ = true;
        finished_ = true;
        boost::system::error_code ignored;
        signals_.cancel(ignored);
        signals_.clear(ignored);  // back to the default dispositions
        timer_.cancel();
        if (input_.is_open()) input_.close(ignored);
        source_.stop();
        session_.reset();
    }

    bool finished() const { return finished_; }
    LoopResult result() const { return result_; }

private:
    void finish(LoopResult result) {
        if (finished_) return;
        result_ = result;
        finished_ = true;
    }

    void draw() {
        const sandbox::ProcessSample* selected = model_.selected_process();
        model_.set_selected_namespaces(selected ? source_.namespaces(selected->pid) : Namespaces{});
        erase();
        Canvas canvas(session_->colour());
        draw_screen(canvas, model_, source_.title());
        refresh();
        dirty_ = false;
    }

    // After a resize every cell is repainted: what the old size left must not stay.
    void resize() {
        session_->resize();
        clearok(stdscr, TRUE);
    }

    void wait_signal() {
        signals_.async_wait([self = shared_from_this()](boost::system::error_code ec, int signo) {
            if (ec || self->finished_) return;
            if (signo == SIGWINCH) {
                self->resize();
                self->draw();
                self->wait_signal();
                return;
            }
            self->finish({LoopEnd::signal, signo});
        });
    }

    void wait_input() {
        input_.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                          [self = shared_from_this()](boost::system::error_code ec) {
                              if (ec || self->finished_) return;
                              self->read_keys();
                              if (self->finished_) return;
                              self->wait_input();
                          });
    }

    void read_keys() {
        bool any = false;
        for (int key = wgetch(stdscr); key != ERR; key = wgetch(stdscr)) {
            any = true;
            const KeyOutcome outcome = handle_key(model_, key);
            if (outcome == KeyOutcome::quit) return finish({LoopEnd::quit, 0});
            if (outcome == KeyOutcome::resize) resize();
        }
        if (any) {
            empty_wakeups_ = 0;
            draw();
        } else if (++empty_wakeups_ >= hangup_wakeups && bytes_pending() == 0) {
            finish({LoopEnd::quit, 0});
        }
    }

    int bytes_pending() {
        int count = 0;
        return ::ioctl(input_.native_handle(), FIONREAD, &count) == 0 ? count : 0;
    }

    void wait_timer() {
        timer_.expires_after(redraw_period);
        timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (ec || self->finished_) return;
            if (self->dirty_ && self->model_.ui().auto_refresh) self->draw();
            self->wait_timer();
        });
    }

    boost::asio::io_context& io_;
    boost::asio::signal_set signals_;
    boost::asio::posix::stream_descriptor input_;
    boost::asio::steady_timer timer_;
    DashboardSource& source_;
    DashboardModel& model_;
    std::optional<TerminalSession> session_;
    LoopResult result_;
    bool dirty_ = false;
    bool finished_ = false;
    bool closed_ = false;
    int empty_wakeups_ = 0;
};

}  // namespace

LoopResult run_dashboard(boost::asio::io_context& io, DashboardSource& source, DashboardModel& model) {
    auto loop = std::make_shared<Loop>(io, source, model);
    // On return and on an exception alike: stop the source, endwin.
    struct Closer {
        Loop& loop;
        ~Closer() { loop.close(); }
    } closer{*loop};
    loop->open();
    while (!loop->finished() && io.run_one() > 0) {
    }
    return loop->result();
}

}  // namespace sandbox_cli::dashboard
