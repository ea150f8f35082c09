#include "emulator/emulator.hpp"

#include "emulator/services/dispatcher.hpp"
#include "emulator/services/participant_websocket.hpp"
#include "emulator/services/services.hpp"

#include <hawk/core/uuid.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <future>
#include <stdexcept>
#include <system_error>

namespace hawk::emulator {

// Declared in this order so that the server (whose thread runs the world's timers and
// handlers) stops before the world, the WebSockets and the dispatcher go away.
struct emulator::state {
    std::unique_ptr<world> chat;
    std::unique_ptr<participant_websockets> sockets;
    std::unique_ptr<dispatcher> routes;
    std::unique_ptr<http_server> server;
    bool stopped = false;
};

namespace {

/// Runs `work` on the server's thread and returns its result: the WebSockets are the server
/// thread's alone. Bounded, so that a caller is never left hanging.
template <class Work>
auto on_server_thread(http_server& server, Work work) -> decltype(work()) {
    using result = decltype(work());
    auto task = std::make_shared<std::packaged_task<result()>>(std::move(work));
    std::future<result> done = task->get_future();
    boost::asio::post(server.context(), [task] { (*task)(); });
    if (done.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
        throw std::runtime_error("hawk-emulator: the server's thread did not answer in 10 s");
    return done.get();
}

} // namespace

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
    s->chat = std::make_unique<world>(cfg_.chat, cfg_.clock, schedule);
    s->sockets = std::make_unique<participant_websockets>(*s->chat, std::move(schedule));
    s->sockets->set_muted(websockets_muted_);
    participant_websockets* sockets = s->sockets.get();
    s->chat->set_observer(
        [sockets](const contact& chat, const chat_item& item) { sockets->publish(chat, item); });
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
        server,
        [routes](const core::http::request& req) -> std::optional<core::http::response> {
            return routes->handle(req);
        },
        [sockets](const core::http::request& req) { return sockets->upgrade(req); });
    s->server->start();
    state_ = std::move(s);
}

void emulator::stop() {
    if (state_ && state_->server) {
        state_->stopped = true;
        state_->server->stop();
    }
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

std::size_t emulator::drop_websockets() {
    if (!state_ || state_->stopped)
        return 0;
    participant_websockets& sockets = *state_->sockets;
    return on_server_thread(*state_->server, [&sockets] { return sockets.drop_all(); });
}

void emulator::set_websockets_muted(bool muted) {
    websockets_muted_ = muted;
    if (!state_ || state_->stopped)
        return;
    participant_websockets& sockets = *state_->sockets;
    on_server_thread(*state_->server, [&sockets, muted] { sockets.set_muted(muted); });
}

std::size_t emulator::websockets_open() const {
    return state_ && !state_->stopped ? state_->sockets->open() : 0;
}

std::uint64_t emulator::websockets_accepted() const {
    return state_ ? state_->sockets->accepted() : 0;
}

} // namespace hawk::emulator
