#include "emulator/server/http_server.hpp"

#include "emulator/server/tls.hpp"

#include <hawk/core/server/error.hpp>
#include <hawk/core/timestamp.hpp>
#include <hawk/core/uuid.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/detect_ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>
#include <iterator>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

namespace hawk::emulator {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using boost::system::error_code;
template <class T>
using awaitable = net::awaitable<T>;
using plain_stream = beast::tcp_stream;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

/// How long a connection is drained after its last response: the client reads the response
/// instead of a reset (closing with unread request bytes sends RST).
constexpr std::chrono::seconds linger{5};

std::runtime_error failure(const std::string& what) {
    return std::runtime_error("hawk-emulator: " + what);
}

std::string read_file(const std::string& path, const char* setting) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in)
        text << in.rdbuf();
    if (!in)
        throw failure(std::string("cannot read ") + setting + " '" + path +
                      "': " + std::strerror(errno));
    return text.str();
}

/// Writes `path` whole or not at all (a client may be polling for it).
void write_file(const std::string& path, const std::string& contents, const char* setting) {
    const std::string temp = path + ".tmp";
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << contents;
    out.close();
    std::error_code ec;
    if (out)
        std::filesystem::rename(temp, path, ec);
    if (!out || ec) {
        const std::string reason = ec ? ec.message() : std::strerror(errno);
        std::filesystem::remove(temp, ec);
        throw failure(std::string("cannot write ") + setting + " '" + path + "': " + reason);
    }
}

/// The Host header split into host and port; port 0 when it has none.
void split_host(std::string_view value, core::http::request& req) {
    const std::size_t colon = value.rfind(':');
    const std::size_t bracket = value.rfind(']');
    std::uint16_t port = 0;
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
        const char* first = value.data() + colon + 1;
        const char* last = value.data() + value.size();
        const auto [end, ec] = std::from_chars(first, last, port);
        if (ec == std::errc() && end == last && first != last) {
            req.host = std::string(value.substr(0, colon));
            req.port = port;
            return;
        }
    }
    req.host = std::string(value);
    req.port = 0;
}

bool is_close(const std::string* connection) {
    return connection && core::http::detail::iequals(*connection, "close");
}

/// Ends a connection after its last response, politely: TLS says close_notify; plain TCP
/// half-closes and drains what the client still sends until it closes (bounded by `linger`).
awaitable<void> finish(plain_stream& stream) {
    error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.expires_after(linger);
    char scratch[4096];
    for (;;) {
        auto [ec, n] = co_await stream.async_read_some(net::buffer(scratch), use_tuple);
        if (ec)
            co_return;
    }
}

awaitable<void> finish(tls_stream& stream) {
    beast::get_lowest_layer(stream).expires_after(linger);
    co_await stream.async_shutdown(use_tuple); // fails when the client just closes: fine
}

/// What a connection has open that stop() must close; lives in the connection's coroutine.
struct connection {
    beast::tcp_stream* stream = nullptr;
    net::steady_timer* timer = nullptr; ///< a fault delay in progress

    void close() {
        if (timer)
            timer->cancel();
        if (stream)
            stream->close();
    }
};

/// What the faults make of the next request.
struct fault_decision {
    bool throttle = false;
    bool drop = false;
    std::chrono::milliseconds delay{0};
};

/// Runs a request or upgrade handler: the 500 InternalServerException its exception is
/// answered with, or nothing when it returned.
template <class Call>
std::optional<core::http::response> failure_of(std::string_view handler, Call&& call) {
    const std::string failed = "The " + std::string(handler) + " failed";
    try {
        call();
        return std::nullopt;
    } catch (const std::exception& e) {
        return core::server::error_response(500, "InternalServerException",
                                            failed + ": " + e.what());
    } catch (...) {
        return core::server::error_response(500, "InternalServerException", failed);
    }
}

/// The 500 InternalServerException for a response whose status no response can have.
std::optional<core::http::response> invalid_status(std::string_view handler,
                                                   const core::http::response& res) {
    if (res.status >= 100 && res.status <= 999)
        return std::nullopt;
    return core::server::error_response(
        500, "InternalServerException",
        "The " + std::string(handler) + " answered with HTTP status " + std::to_string(res.status));
}

/// Runs a websocket_handler call; an exception is reported and closes the socket with 1011
/// (internal error), so that one faulty handler neither stops the server nor leaves the client
/// waiting.
template <class Call>
void guarded(websocket& socket, const char* what, Call&& call) {
    try {
        call();
        return;
    } catch (const std::exception& e) {
        std::cerr << "hawk-emulator: websocket " << what << " failed: " << e.what() << "\n";
    } catch (...) {
        std::cerr << "hawk-emulator: websocket " << what << " failed\n";
    }
    socket.close(static_cast<std::uint16_t>(beast::websocket::close_code::internal_error));
}

/// The server's side of one accepted WebSocket. The connection's coroutine reads; a writer
/// coroutine beside it sends what the application queued, one frame at a time (Beast allows
/// one write in flight), then the close frame. `wake` is the writer's doorbell: it sleeps on it
/// while there is nothing to send.
template <class WebSocket>
class websocket_session final : public websocket {
public:
    websocket_session(WebSocket& ws, net::io_context& ioc) : ws_(ws), wake_(ioc) {}

    void send_text(std::string text) override {
        if (closing_)
            return;
        queue_.push_back(std::move(text));
        wake_.cancel();
    }

    void close(std::uint16_t code) override {
        if (closing_)
            return;
        closing_ = true;
        close_code_ = code;
        wake_.cancel();
    }

    void abort() override {
        closing_ = true;
        aborted_ = true;
        queue_.clear();
        error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored); // pending reads and writes fail
        wake_.cancel();
    }

    awaitable<void> read_loop(websocket_handler& app) {
        beast::flat_buffer buffer;
        for (;;) {
            auto [ec, n] = co_await ws_.async_read(buffer, use_tuple);
            if (ec)
                break; // the client closed, the connection broke, or the server ended it
            if (!closing_) {
                const auto data = buffer.cdata();
                const std::string_view text(static_cast<const char*>(data.data()), data.size());
                const bool is_text = ws_.got_text();
                guarded(*this, "handler", [&] { app.on_message(*this, text, is_text); });
            }
            buffer.consume(buffer.size());
        }
        ended_ = true;
        wake_.cancel();
    }

    awaitable<void> write_loop() {
        for (;;) {
            while (!queue_.empty() && !ended_) {
                const std::string frame = std::move(queue_.front());
                queue_.pop_front();
                ws_.text(true);
                auto [ec, n] = co_await ws_.async_write(net::buffer(frame), use_tuple);
                if (ec) {
                    end_connection();
                    co_return;
                }
            }
            if (ended_ || aborted_)
                co_return;
            if (closing_) {
                co_await ws_.async_close(beast::websocket::close_reason(close_code_), use_tuple);
                end_connection(); // whatever the client answered (or did not)
                co_return;
            }
            wake_.expires_at(net::steady_timer::time_point::max());
            co_await wake_.async_wait(use_tuple); // cancelled: something to do
        }
    }

private:
    /// Makes the reader finish too.
    void end_connection() {
        error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
    }

    WebSocket& ws_;
    net::steady_timer wake_;
    std::deque<std::string> queue_;
    bool closing_ = false; ///< close() or abort() was called: nothing more is queued
    bool aborted_ = false;
    bool ended_ = false; ///< the reader saw the connection end
    std::uint16_t close_code_ = 1000;
};

} // namespace

core::http::response json_response(int status, std::string body) {
    core::http::response res;
    res.status = status;
    res.headers.push_back({"Content-Type", "application/json"});
    res.body = std::move(body);
    return res;
}

struct http_server::impl {
    enum class phase { created, running, stopped };

    impl(server_config c, request_handler h, upgrade_handler u)
        : cfg(std::move(c)), handler(std::move(h)), upgrade(std::move(u)), faults(cfg.faults) {}

    server_config cfg;
    request_handler handler;
    upgrade_handler upgrade;
    std::optional<net::ssl::context> tls;
    std::uint16_t port = 0;
    phase state = phase::created;

    std::atomic<std::uint64_t> handled{0};
    std::mutex faults_mutex; // guards faults and fault_count
    fault_config faults;
    std::uint64_t fault_count = 0;

    // The server's thread only. Declared before the io_context: coroutine frames it destroys
    // (when stop() gave up waiting) still reach them.
    std::set<connection*> connections;
    std::size_t live = 0; // coroutines running: the accept loop and one per connection
    bool stopping = false;
    std::function<void()> on_drained; // set by stop(): called when `live` reaches 0

    net::io_context ioc{1};
    tcp::acceptor acceptor{ioc};
    std::thread thread;

    /// Ends with its coroutine: counts it out, and tells stop() when it was the last.
    struct live_guard {
        impl& server;
        ~live_guard() {
            if (--server.live == 0 && server.stopping && server.on_drained)
                std::exchange(server.on_drained, nullptr)();
        }
    };

    /// Registers a connection for stop() while it is open.
    struct registration {
        impl& server;
        connection& conn;
        registration(impl& s, connection& c) : server(s), conn(c) { server.connections.insert(&c); }
        ~registration() { server.connections.erase(&conn); }
        registration(const registration&) = delete;
        registration& operator=(const registration&) = delete;
    };

    void load_tls_and_bind();
    void shutdown();
    awaitable<void> accept_loop();
    awaitable<void> run_connection(tcp::socket socket);
    template <class Stream>
    awaitable<void> serve(Stream& stream, beast::flat_buffer& buffer, connection& conn,
                          const char* scheme);
    /// Hands an upgrade request to the upgrade handler; serves the socket when it accepts.
    template <class Stream>
    awaitable<void> serve_websocket(Stream& stream, http::request<http::string_body> msg,
                                    const char* scheme);
    /// Writes `res` with Content-Length, Date and x-amzn-RequestId; false when that failed.
    template <class Stream>
    awaitable<bool> send(Stream& stream, const core::http::response& res, unsigned version,
                         bool keep_alive, bool head);

    fault_decision next_request();
    std::optional<core::http::response> rejection(const error_code& ec) const;
    std::optional<core::http::response> call_handler(const core::http::request& req);
    upgrade_result call_upgrade_handler(const core::http::request& req);
    core::http::request to_request(const http::request<http::string_body>& msg,
                                   const char* scheme) const;
};

void http_server::impl::load_tls_and_bind() {
    std::optional<tls_identity> made;
    if (cfg.tls) {
        if (cfg.cert_file.empty() != cfg.key_file.empty())
            throw failure("cert_file and key_file go together: set both or neither");
        if (!cfg.cert_file.empty() && !cfg.ca_out.empty())
            throw failure("ca_out is written only for a generated certificate; cert_file '" +
                          cfg.cert_file + "' is given");
        if (cfg.cert_file.empty()) {
            made = make_localhost_identity();
            tls.emplace(make_server_context(made->cert_pem, made->key_pem));
        } else {
            const std::string cert = read_file(cfg.cert_file, "cert_file");
            const std::string key = read_file(cfg.key_file, "key_file");
            try {
                tls.emplace(make_server_context(cert, key));
            } catch (const std::runtime_error& e) {
                throw std::runtime_error(std::string(e.what()) + " (cert_file '" + cfg.cert_file +
                                         "', key_file '" + cfg.key_file + "')");
            }
        }
    } else if (!cfg.ca_out.empty()) {
        throw failure("ca_out '" + cfg.ca_out + "' is set but TLS is off");
    }

    const std::string where = cfg.address + ":" + std::to_string(cfg.port);
    error_code ec;
    const net::ip::address address = net::ip::make_address(cfg.address, ec);
    if (ec)
        throw failure("cannot listen on " + where + ": '" + cfg.address + "' is not an IP address");
    const tcp::endpoint endpoint(address, cfg.port);
    if (!acceptor.open(endpoint.protocol(), ec) &&
        !acceptor.set_option(tcp::acceptor::reuse_address(true), ec) &&
        !acceptor.bind(endpoint, ec))
        acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        error_code ignored;
        acceptor.close(ignored);
        throw failure("cannot listen on " + where + ": " + ec.message());
    }
    port = acceptor.local_endpoint().port();
    if (made && !cfg.ca_out.empty()) {
        try {
            write_file(cfg.ca_out, made->ca_pem, "ca_out");
        } catch (...) {
            acceptor.close(ec);
            throw;
        }
    }
}

void http_server::impl::shutdown() {
    stopping = true;
    error_code ignored;
    acceptor.close(ignored);
    for (connection* c : connections)
        c->close();
}

awaitable<void> http_server::impl::accept_loop() {
    live_guard guard{*this};
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
        if (stopping || ec == net::error::operation_aborted)
            co_return;
        if (ec) {
            // The client gave up before we accepted it, or no file descriptors are left: keep
            // serving, without spinning on an error that persists.
            net::steady_timer pause(ioc, std::chrono::milliseconds(50));
            co_await pause.async_wait(use_tuple);
            continue;
        }
        ++live; // counted from now: stop() waits for it even if it has not started yet
        net::co_spawn(ioc, run_connection(std::move(socket)), net::detached);
    }
}

awaitable<void> http_server::impl::run_connection(tcp::socket socket) {
    live_guard guard{*this};
    connection conn;
    registration registered(*this, conn);
    plain_stream stream(std::move(socket));
    conn.stream = &stream;
    if (stopping)
        co_return; // accepted as stop() began
    beast::flat_buffer buffer;
    if (tls) {
        stream.expires_after(cfg.idle_timeout);
        auto [ec, is_tls] = co_await beast::async_detect_ssl(stream, buffer, use_tuple);
        if (ec)
            co_return;
        if (is_tls) {
            tls_stream secure(std::move(stream), *tls);
            conn.stream = &beast::get_lowest_layer(secure);
            auto [hec, used] = co_await secure.async_handshake(net::ssl::stream_base::server,
                                                               buffer.data(), use_tuple);
            if (hec)
                co_return;
            buffer.consume(used);
            co_await serve(secure, buffer, conn, "https");
            co_return;
        }
    }
    co_await serve(stream, buffer, conn, "http");
}

template <class Stream>
awaitable<void> http_server::impl::serve(Stream& stream, beast::flat_buffer& buffer,
                                         connection& conn, const char* scheme) {
    beast::tcp_stream& lowest = beast::get_lowest_layer(stream);
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(
            std::min<std::size_t>(cfg.header_limit, std::numeric_limits<std::uint32_t>::max())));
        parser.body_limit(cfg.body_limit);

        lowest.expires_after(cfg.idle_timeout);
        auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, use_tuple);
        if (!ec && !parser.is_done()) {
            const auto expect = parser.get().find(http::field::expect);
            if (parser.get().version() >= 11 && expect != parser.get().end() &&
                core::http::detail::iequals(expect->value(), "100-continue")) {
                http::response<http::empty_body> go_on{http::status::continue_, 11};
                std::tie(ec, n) = co_await http::async_write(stream, go_on, use_tuple);
                if (ec)
                    co_return;
            }
            lowest.expires_after(cfg.idle_timeout);
            std::tie(ec, n) = co_await http::async_read(stream, buffer, parser, use_tuple);
        }
        if (ec) {
            const auto answer = rejection(ec);
            if (answer && co_await send(stream, *answer, 11, false, false))
                co_await finish(stream);
            co_return; // closed, timed out, or stopped
        }
        if (stopping)
            co_return;

        if (upgrade && beast::websocket::is_upgrade(parser.get())) {
            co_await serve_websocket(stream, parser.release(), scheme);
            co_return;
        }
        const http::request<http::string_body>& msg = parser.get();
        const fault_decision fault = next_request();
        const std::optional<core::http::response> res =
            fault.throttle
                ? core::server::error_response(429, "ThrottlingException", "Rate exceeded")
                : call_handler(to_request(msg, scheme));
        if (!res || fault.drop)
            co_return;
        if (fault.delay.count() > 0) {
            net::steady_timer timer(ioc, fault.delay);
            conn.timer = &timer;
            auto [cancelled] = co_await timer.async_wait(use_tuple);
            conn.timer = nullptr;
            if (cancelled || stopping)
                co_return;
        }
        const bool keep_alive = msg.keep_alive() && !is_close(res->find_header("Connection"));
        if (!co_await send(stream, *res, msg.version(), keep_alive,
                           msg.method() == http::verb::head))
            co_return;
        if (!keep_alive) {
            co_await finish(stream);
            co_return;
        }
    }
}

template <class Stream>
awaitable<void> http_server::impl::serve_websocket(Stream& stream,
                                                   http::request<http::string_body> msg,
                                                   const char* scheme) {
    upgrade_result answer = call_upgrade_handler(to_request(msg, scheme));
    if (const auto* refusal = std::get_if<core::http::response>(&answer)) {
        if (co_await send(stream, *refusal, msg.version(), false, false))
            co_await finish(stream);
        co_return;
    }
    const std::unique_ptr<websocket_handler> app =
        std::move(std::get<std::unique_ptr<websocket_handler>>(answer));

    // The WebSocket uses the connection's stream in place: stop() closes it as any other.
    using socket_type = beast::websocket::stream<Stream&>;
    socket_type ws(stream);
    beast::get_lowest_layer(stream).expires_never(); // the WebSocket keeps its own time
    beast::websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = cfg.idle_timeout; // also bounds the closing handshake
    timeouts.idle_timeout = beast::websocket::stream_base::none();
    timeouts.keep_alive_pings = false;
    ws.set_option(timeouts);
    ws.read_message_max(cfg.body_limit);
    auto [ec] = co_await ws.async_accept(msg, use_tuple);
    if (ec || stopping)
        co_return;

    websocket_session<socket_type> session(ws, ioc);
    guarded(session, "handler", [&] { app->on_open(session); });
    using namespace net::experimental::awaitable_operators;
    co_await (session.read_loop(*app) && session.write_loop());
    guarded(session, "handler", [&] { app->on_closed(session); });
}

template <class Stream>
awaitable<bool> http_server::impl::send(Stream& stream, const core::http::response& res,
                                        unsigned version, bool keep_alive, bool head) {
    http::response<http::string_body> out;
    out.version(version);
    out.result(static_cast<unsigned>(res.status));
    for (const core::http::header& h : res.headers) {
        using core::http::detail::iequals;
        if (!iequals(h.name, "Content-Length") && !iequals(h.name, "Transfer-Encoding") &&
            !iequals(h.name, "Connection"))
            out.insert(h.name, h.value);
    }
    if (!res.find_header("x-amzn-RequestId"))
        out.set("x-amzn-RequestId", core::random_uuid());
    if (!res.find_header("Date"))
        out.set(http::field::date, core::format_http_date(std::chrono::system_clock::now()));
    out.content_length(res.body.size());
    if (!head) // a HEAD response says how long the body would be, and sends none
        out.body() = res.body;
    out.keep_alive(keep_alive);
    beast::get_lowest_layer(stream).expires_after(cfg.idle_timeout);
    auto [ec, n] = co_await http::async_write(stream, out, use_tuple);
    co_return !ec;
}

fault_decision http_server::impl::next_request() {
    ++handled;
    std::lock_guard<std::mutex> lock(faults_mutex);
    const std::uint64_t n = ++fault_count;
    return {faults.throttle_every != 0 && n % faults.throttle_every == 0,
            faults.drop_every != 0 && n % faults.drop_every == 0, faults.delay};
}

std::optional<core::http::response> http_server::impl::rejection(const error_code& ec) const {
    if (ec == http::error::header_limit)
        return core::server::error_response(431, "RequestHeaderFieldsTooLargeException",
                                            "The request line and headers are larger than " +
                                                std::to_string(cfg.header_limit) + " bytes");
    if (ec == http::error::body_limit)
        return core::server::error_response(413, "RequestEntityTooLargeException",
                                            "The request body is larger than " +
                                                std::to_string(cfg.body_limit) + " bytes");
    // What Beast's parser rejects; a message cut short by the client is not answered.
    if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message)
        return core::server::error_response(400, "BadRequestException",
                                            "The request is not valid HTTP/1.1: " + ec.message());
    return std::nullopt;
}

std::optional<core::http::response>
http_server::impl::call_handler(const core::http::request& req) {
    std::optional<core::http::response> res;
    if (auto failed = failure_of("handler", [&] { res = handler(req); }))
        return failed;
    if (res)
        if (auto invalid = invalid_status("handler", *res))
            return invalid;
    return res;
}

upgrade_result http_server::impl::call_upgrade_handler(const core::http::request& req) {
    upgrade_result answer;
    if (auto failed = failure_of("upgrade handler", [&] { answer = upgrade(req); }))
        return std::move(*failed);
    if (const auto* refusal = std::get_if<core::http::response>(&answer)) {
        if (auto invalid = invalid_status("upgrade handler", *refusal))
            return std::move(*invalid);
    } else if (!std::get<std::unique_ptr<websocket_handler>>(answer)) {
        return core::server::error_response(500, "InternalServerException",
                                            "The upgrade handler accepted with no handler");
    }
    return answer;
}

core::http::request http_server::impl::to_request(const http::request<http::string_body>& msg,
                                                  const char* scheme) const {
    core::http::request req;
    req.method = std::string(msg.method_string());
    req.scheme = scheme;
    const std::string_view target = msg.target();
    const std::size_t q = target.find('?');
    req.path = std::string(target.substr(0, q));
    req.query = q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
    req.headers.reserve(static_cast<std::size_t>(std::distance(msg.begin(), msg.end())));
    for (const auto& field : msg)
        req.headers.push_back({std::string(field.name_string()), std::string(field.value())});
    if (const std::string* host = req.find_header("Host")) {
        split_host(*host, req);
    } else {
        req.host = cfg.address;
        req.port = port;
    }
    req.body = msg.body();
    return req;
}

http_server::http_server(server_config cfg, request_handler handler, upgrade_handler upgrade)
    : impl_(std::make_unique<impl>(std::move(cfg), std::move(handler), std::move(upgrade))) {}

http_server::~http_server() {
    stop();
}

void http_server::start() {
    impl& s = *impl_;
    if (s.state != impl::phase::created)
        throw std::logic_error("hawk-emulator: http_server::start() called twice");
    s.load_tls_and_bind();
    s.state = impl::phase::running;
    s.live = 1; // the accept loop
    net::co_spawn(s.ioc, s.accept_loop(), net::detached);
    s.thread = std::thread([&s] {
        for (;;) {
            try {
                s.ioc.run();
                return; // stopped
            } catch (const std::exception& e) {
                // Work a handler scheduled on context() threw: the server goes on serving.
                std::cerr << "hawk-emulator: work on the server's thread failed: " << e.what()
                          << "\n";
            } catch (...) {
                std::cerr << "hawk-emulator: work on the server's thread failed\n";
            }
        }
    });
}

void http_server::stop() {
    impl& s = *impl_;
    if (s.state != impl::phase::running) {
        s.state = impl::phase::stopped;
        return;
    }
    s.state = impl::phase::stopped;
    std::promise<void> drained;
    net::post(s.ioc, [&s, &drained] {
        s.on_drained = [&drained] { drained.set_value(); };
        s.shutdown();
        if (s.live == 0)
            std::exchange(s.on_drained, nullptr)();
    });
    // Every coroutine ends within a few handler runs of its stream being closed; the timeout is
    // a safety net only (what is left is destroyed with the io_context).
    drained.get_future().wait_for(std::chrono::seconds(5));
    s.ioc.stop();
    s.thread.join();
    s.on_drained = nullptr;
}

std::uint16_t http_server::port() const {
    return impl_->port;
}

std::string http_server::http_url() const {
    const std::string& a = impl_->cfg.address;
    const std::string host = a.find(':') == std::string::npos ? a : "[" + a + "]";
    return "http://" + host + ":" + std::to_string(impl_->port);
}

std::string http_server::https_url() const {
    return impl_->cfg.tls ? "https" + http_url().substr(4) : std::string();
}

boost::asio::io_context& http_server::context() {
    return impl_->ioc;
}

void http_server::set_faults(fault_config f) {
    std::lock_guard<std::mutex> lock(impl_->faults_mutex);
    impl_->faults = f;
    impl_->fault_count = 0;
}

std::uint64_t http_server::requests_handled() const {
    return impl_->handled.load();
}

} // namespace hawk::emulator
