// AttachSource: the runs of another supervisor (`sandbox-cli monitor --attach ADDR`) as a
// dashboard source: its /api/v1/snapshot describes the runs, its /api/v1/events feeds the
// model. Ends when the server ends the stream (its run is over) or on an error, which
// error() then names. The remote processes' /proc is out of reach: no namespaces.
#pragma once

#include "../dashboard/dashboard_source.hpp"
#include "attach_client.hpp"

#include <memory>
#include <string>

namespace sandbox_cli::serve {

class AttachSource : public dashboard::DashboardSource {
public:
    explicit AttachSource(boost::asio::ip::tcp::endpoint server) : server_(std::move(server)) {}
    ~AttachSource() override;

    void start(boost::asio::io_context& io, dashboard::DashboardModel& model,
               dashboard::SourceCallbacks callbacks) override;
    void stop() override;
    std::string title() const override;
    dashboard::Namespaces namespaces(int) const override { return {}; }

    // "" while it goes on and when the server ended the stream; else what went wrong.
    const std::string& error() const { return error_; }

private:
    void on_snapshot(const boost::json::object& snapshot);
    void on_event(const sandbox::Event& event);
    void on_end(const std::string& error);

    const boost::asio::ip::tcp::endpoint server_;
    std::shared_ptr<AttachClient> client_;
    dashboard::DashboardModel* model_ = nullptr;
    dashboard::SourceCallbacks callbacks_;
    std::string error_;
};

}  // namespace sandbox_cli::serve
