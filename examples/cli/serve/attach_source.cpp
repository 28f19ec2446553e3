#include "attach_source.hpp"

#include "event_json.hpp"
#include "serve_options.hpp"

#include <boost/json.hpp>

#include <stdexcept>

namespace sandbox_cli::serve {

namespace json = boost::json;

namespace {

std::string label_of(const json::object& run) {
    std::string label;
    if (const json::value* argv = run.if_contains("argv"); argv && argv->is_array()) {
        for (const auto& word : argv->get_array()) {
            if (word.is_string()) label += (label.empty() ? "" : " ") + std::string(word.get_string());
        }
    }
    return label;
}

std::uint64_t whole_number(const json::object& object, const char* key) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr || !(value->is_uint64() || value->is_int64()))
        throw std::invalid_argument(std::string("snapshot run without a whole number \"") + key + "\"");
    return value->to_number<std::uint64_t>();
}

}  // namespace

AttachSource::~AttachSource() { stop(); }

void AttachSource::start(boost::asio::io_context& io, dashboard::DashboardModel& model,
                         dashboard::SourceCallbacks callbacks) {
    model_ = &model;
    callbacks_ = std::move(callbacks);
    client_ = std::make_shared<AttachClient>(
        io, server_,
        AttachHandlers{[this](const json::object& snapshot) { on_snapshot(snapshot); },
                       [this](const sandbox::Event& event) { on_event(event); },
                       [this](const std::string& error) { on_end(error); }});
    client_->start();
}

void AttachSource::stop() {
    if (client_) client_->stop();
}

std::string AttachSource::title() const { return "attached to " + endpoint_text(server_); }

void AttachSource::on_snapshot(const json::object& snapshot) {
    try {
        const json::value* runs = snapshot.if_contains("runs");
        if (runs == nullptr || !runs->is_array()) throw std::invalid_argument("snapshot without a \"runs\" array");
        for (const auto& entry : runs->get_array()) {
            if (!entry.is_object()) throw std::invalid_argument("snapshot run is not an object");
            const json::object& run = entry.get_object();
            std::optional<std::uint64_t> memory_limit;
            if (const json::value* limit = run.if_contains("memory_limit_bytes"); limit && !limit->is_null())
                memory_limit = whole_number(run, "memory_limit_bytes");
            const std::uint64_t id = whole_number(run, "id");
            model_->describe_run(id, static_cast<int>(whole_number(run, "pid")), label_of(run), memory_limit);
            if (const json::value* sample = run.if_contains("sample"); sample && !sample->is_null())
                model_->apply(event_from_json(*sample));
            if (const json::value* status = run.if_contains("status");
                status && status->is_string() && status->get_string() != "running")
                model_->end_run(id, std::string(status->get_string()));
        }
        if (const json::value* events = snapshot.if_contains("events"); events && events->is_array()) {
            for (const auto& event : events->get_array()) model_->apply(event_from_json(event));
        }
    } catch (const std::exception& e) {
        // A server that speaks another language: say so rather than show half of it.
        client_->stop();
        error_ = std::string("the snapshot of ") + endpoint_text(server_) + " does not fit: " + e.what();
        callbacks_.ended();
        return;
    }
    callbacks_.changed();
}

void AttachSource::on_end(const std::string& error) {
    error_ = error;
    // A server ends the stream after its run; one that goes away mid-run (killed) does not.
    for (const auto& run : model_->runs()) {
        if (error_.empty() && run.end_status.empty())
            error_ = "the stream from " + endpoint_text(server_) + " ended while run " + std::to_string(run.run_id) +
                     " was still going (the server went away)";
    }
    callbacks_.ended();
}

void AttachSource::on_event(const sandbox::Event& event) {
    model_->apply(event);
    if (event.kind == sandbox::EventKind::lifecycle && event.name == "exited") {
        auto status = event.labels.find("status");
        model_->end_run(event.run_id, status == event.labels.end() ? "exited" : status->second);
    }
    callbacks_.changed();
}

}  // namespace sandbox_cli::serve
