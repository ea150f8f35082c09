#include "emulator/emulator.hpp"

#include "emulator/services/dispatcher.hpp"
#include "emulator/services/services.hpp"

#include <hawk/core/uuid.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <system_error>

namespace hawk::emulator {

// Declared in this order so that the server (whose thread runs the world's timers and
// handlers) stops before the world and the dispatcher go away.
struct emulator::state {
    std::unique_ptr<world> chat;
    std::unique_ptr<dispatcher> routes;
    std::unique_ptr<http_server> server;
};

emulator::emulator(emulator_config cfg) : cfg_(std::move(cfg)) {
    if (!cfg_.clock)
        cfg_.clock = [] { return std::chrono::system_clock::now(); };
}

emulator::~emulator() {
    stop();
    if (owns_ca_file_) {
        std::error_code ignored;
        std::filesystem::remove(ca_file_, ignored);
    }
}

void emulator::start() {
    if (state_)
        return;
    auto s = std::make_unique<state>();
    state* raw = s.get();
    // The agent's delayed replies run as timers on the server's thread, like the handlers.
    scheduler schedule = [raw](std::chrono::milliseconds delay, std::function<void()> work) {
        auto timer = std::make_shared<boost::asio::steady_timer>(raw->server->context(), delay);
        timer->async_wait([timer, work = std::move(work)](boost::system::error_code ec) {
            if (!ec)
                work();
        });
    };
    s->chat = std::make_unique<world>(cfg_.chat, cfg_.clock, std::move(schedule));
    s->routes = std::make_unique<dispatcher>(sigv4_verifier{cfg_.credentials}, cfg_.clock);
    serve_connect(*s->routes, *s->chat);
    serve_participant(*s->routes, *s->chat);
    serve_qconnect(*s->routes, *s->chat);

    server_config server = cfg_.server;
    if (server.tls && server.cert_file.empty() && server.ca_out.empty()) {
        server.ca_out = (std::filesystem::temp_directory_path() /
                         ("hawk-emulator-ca-" + core::random_uuid() + ".pem"))
                            .string();
        owns_ca_file_ = true;
    }
    ca_file_ = server.cert_file.empty() ? server.ca_out : std::string();
    dispatcher* routes = s->routes.get();
    s->server = std::make_unique<http_server>(
        server, [routes](const core::http::request& req) -> std::optional<core::http::response> {
            return routes->handle(req);
        });
    s->server->start();
    state_ = std::move(s);
}

void emulator::stop() {
    if (state_ && state_->server)
        state_->server->stop();
}

std::uint16_t emulator::port() const {
    return state_ ? state_->server->port() : 0;
}
std::string emulator::http_url() const {
    return state_ ? state_->server->http_url() : std::string();
}
std::string emulator::https_url() const {
    return state_ ? state_->server->https_url() : std::string();
}
void emulator::set_faults(fault_config faults) {
    cfg_.server.faults = faults;
    if (state_)
        state_->server->set_faults(faults);
}
std::uint64_t emulator::requests_handled() const {
    return state_ ? state_->server->requests_handled() : 0;
}

} // namespace hawk::emulator
