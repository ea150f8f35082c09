#pragma once

// A scriptable raw TCP/TLS server on 127.0.0.1 for fault-injection tests: each request is
// answered by a list of wire actions (write bytes, drip them one at a time, pause, reset the
// connection with an RST, close it with a FIN, hang), and each accepted connection can be reset
// or closed before it is served (during the TLS handshake, say) or served with one of several
// TLS identities. Requests are read with Beast and recorded.
//
//     hawk::test::misbehaving_server server;
//     server.on_request([](const hawk::test::seen_request& r) {
//         using hawk::test::plan;
//         if (r.index == 1)
//             return plan().write(head_of_response).pause(50ms).reset(); // RST after the head
//         return plan().write(hawk::test::http_response(200, "{}"));     // then keep-alive
//     });
//
// Like test_server, it runs its own io_context on a background thread and everything it does is
// bounded by the test: the destructor closes every connection and joins the thread.

#include <support/test_server.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/socket_base.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace hawk::test {

/// A request as the misbehaving server read it.
struct seen_request {
    std::size_t index = 0;      ///< 1, 2, ... over the server's life, in arrival order
    std::size_t connection = 0; ///< which accepted connection (1, 2, ... in accept order)
    std::string target;
    std::vector<core::http::header> headers;
    std::string body;

    const std::string* find_header(std::string_view name) const {
        return core::http::detail::find(headers, name);
    }
};

/// What the server does with one request: wire actions, in order. After the last one the
/// connection reads the next request, unless an action ended it (reset, close, hang).
class plan {
public:
    struct action {
        enum class kind { write, drip, pause, reset, close, hang };
        kind what = kind::write;
        std::string bytes;
        std::chrono::milliseconds interval{0};
    };

    /// Sends `bytes` in one write.
    plan& write(std::string bytes) {
        steps_.push_back({action::kind::write, std::move(bytes), {}});
        return *this;
    }
    /// Sends `bytes` one byte at a time, `interval` apart.
    plan& drip(std::string bytes, std::chrono::milliseconds interval) {
        steps_.push_back({action::kind::drip, std::move(bytes), interval});
        return *this;
    }
    plan& pause(std::chrono::milliseconds how_long) {
        steps_.push_back({action::kind::pause, {}, how_long});
        return *this;
    }
    /// SO_LINGER 0, then close: the peer gets an RST (ECONNRESET), not a FIN.
    plan& reset() {
        steps_.push_back({action::kind::reset, {}, {}});
        return *this;
    }
    /// An orderly close (FIN; for TLS without close_notify).
    plan& close() {
        steps_.push_back({action::kind::close, {}, {}});
        return *this;
    }
    /// Nothing more, ever: waits until the client closes the connection.
    plan& hang() {
        steps_.push_back({action::kind::hang, {}, {}});
        return *this;
    }

    const std::vector<action>& steps() const noexcept { return steps_; }

private:
    std::vector<action> steps_;
};

/// What the server does with a connection it has just accepted.
struct connection_plan {
    enum class kind {
        serve,           ///< (TLS handshake with `identity`, then) read requests
        reset,           ///< RST at once
        reset_handshake, ///< read the first bytes (a TLS ClientHello), then RST
    };
    kind what = kind::serve;
    std::size_t identity = 0; ///< index into the server's TLS identities
};

/// An HTTP/1.1 response with Content-Length framing (keep-alive) and a JSON body.
inline std::string http_response(int status, const std::string& body,
                                 const std::string& extra_headers = {}) {
    return "HTTP/1.1 " + std::to_string(status) + " " +
           std::string(boost::beast::http::obsolete_reason(
               static_cast<boost::beast::http::status>(status))) +
           "\r\nContent-Type: application/json\r\nx-amzn-RequestId: req-" + std::to_string(status) +
           "\r\n" + extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
           body;
}

class misbehaving_server {
public:
    using request_script = std::function<plan(const seen_request&)>;
    using connection_script = std::function<connection_plan(std::size_t connection)>;

    /// Plain TCP, listening at once unless `listening` is false: then the port is bound but not
    /// listening, so connections to it are refused until listen() (no other process can take
    /// the port meanwhile).
    explicit misbehaving_server(bool listening = true) { start(listening); }

    /// TLS, with these identities to choose from per connection (connection_plan::identity).
    explicit misbehaving_server(const std::vector<server_identity>& identities) {
        namespace ssl = boost::asio::ssl;
        for (const server_identity& identity : identities) {
            auto& ctx = tls_.emplace_back(ssl::context::tls_server);
            ctx.use_certificate_chain(boost::asio::buffer(identity.cert_pem));
            ctx.use_private_key(boost::asio::buffer(identity.key_pem), ssl::context::pem);
        }
        start(true);
    }

    ~misbehaving_server() {
        boost::asio::post(*ioc_, [this] {
            boost::system::error_code ignored; // closing a closed acceptor is fine
            acceptor_->close(ignored);
            for (const std::shared_ptr<session>& s : sessions_)
                s->close();
            ioc_->stop();
        });
        thread_.join();
        work_.reset();
        acceptor_.reset();
        ioc_.reset(); // destroys the coroutines still suspended, while the members they use live
    }

    misbehaving_server(const misbehaving_server&) = delete;
    misbehaving_server& operator=(const misbehaving_server&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    bool is_tls() const noexcept { return !tls_.empty(); }
    std::string url() const {
        return std::string(is_tls() ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
    }

    /// Starts listening (for a server made with listening = false). Returns once it listens.
    void listen() {
        std::promise<void> done;
        boost::asio::post(*ioc_, [this, &done] {
            if (!listening_) {
                listening_ = true;
                acceptor_->listen();
                boost::asio::co_spawn(*ioc_, accept_loop(), boost::asio::detached);
            }
            done.set_value();
        });
        done.get_future().wait();
    }

    /// Replaces the request script; without one, every request gets an empty-JSON 200.
    void on_request(request_script s) {
        std::lock_guard<std::mutex> lock(mutex_);
        request_script_ = std::move(s);
    }
    /// Replaces the connection script; without one, every connection is served with identity 0.
    void on_connection(connection_script s) {
        std::lock_guard<std::mutex> lock(mutex_);
        connection_script_ = std::move(s);
    }

    std::vector<seen_request> requests() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return requests_;
    }
    std::size_t request_count() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return requests_.size();
    }
    std::size_t accepts() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return accepts_;
    }
    /// TLS handshakes that failed on the server's side (the client rejected the certificate).
    std::size_t failed_handshakes() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return failed_handshakes_;
    }

private:
    using tcp = boost::asio::ip::tcp;
    template <class T>
    using awaitable = boost::asio::awaitable<T>;

    struct session {
        tcp::socket* socket = nullptr; // the lowest layer, while the coroutine runs
        void close() {
            boost::system::error_code ignored; // closing twice is fine
            if (socket)
                socket->close(ignored);
        }
    };

    void start(bool listening) {
        ioc_.emplace();
        acceptor_.emplace(*ioc_);
        const tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), 0);
        acceptor_->open(endpoint.protocol());
        acceptor_->set_option(tcp::acceptor::reuse_address(true));
        acceptor_->bind(endpoint);
        port_ = acceptor_->local_endpoint().port();
        if (listening) {
            listening_ = true;
            acceptor_->listen();
            boost::asio::co_spawn(*ioc_, accept_loop(), boost::asio::detached);
        }
        // Not listening yet, the io_context has nothing to do: this keeps run() from returning.
        work_.emplace(ioc_->get_executor());
        thread_ = std::thread([this] { ioc_->run(); });
    }

    awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, socket] =
                co_await acceptor_->async_accept(boost::asio::as_tuple(boost::asio::use_awaitable));
            if (ec == boost::asio::error::operation_aborted || !acceptor_->is_open())
                co_return;
            if (ec)
                continue;
            boost::asio::co_spawn(*ioc_, run_session(std::move(socket)), boost::asio::detached);
        }
    }

    static void reset(tcp::socket& socket) {
        boost::system::error_code ignored; // best effort: the peer may be gone already
        socket.set_option(boost::asio::socket_base::linger(true, 0), ignored);
        socket.close(ignored);
    }

    awaitable<void> run_session(tcp::socket socket) {
        auto state = std::make_shared<session>();
        std::size_t id = 0;
        connection_script cs;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            id = ++accepts_;
            cs = connection_script_;
        }
        const connection_plan cp = cs ? cs(id) : connection_plan{};
        // Dripped bytes go out one by one, not held back by Nagle until the last one is ACKed.
        boost::system::error_code ignored; // only timing depends on it
        socket.set_option(tcp::no_delay(true), ignored);
        sessions_.insert(state);
        struct leave {
            misbehaving_server* server;
            std::shared_ptr<session> state;
            ~leave() {
                state->socket = nullptr;
                server->sessions_.erase(state);
            }
        } guard{this, state};

        if (cp.what == connection_plan::kind::reset) {
            reset(socket);
            co_return;
        }
        if (cp.what == connection_plan::kind::reset_handshake) {
            state->socket = &socket;
            char hello[512];
            auto [ec, n] = co_await socket.async_read_some(
                boost::asio::buffer(hello), boost::asio::as_tuple(boost::asio::use_awaitable));
            (void)ec;
            (void)n;
            reset(socket);
            co_return;
        }
        if (tls_.empty()) {
            state->socket = &socket;
            co_await serve(socket, id);
            co_return;
        }
        boost::asio::ssl::stream<tcp::socket> stream(std::move(socket),
                                                     tls_.at(cp.identity % tls_.size()));
        state->socket = &stream.next_layer();
        auto [ec] =
            co_await stream.async_handshake(boost::asio::ssl::stream_base::server,
                                            boost::asio::as_tuple(boost::asio::use_awaitable));
        if (ec) {
            std::lock_guard<std::mutex> lock(mutex_);
            ++failed_handshakes_;
            co_return;
        }
        co_await serve(stream, id);
    }

    template <class Stream>
    awaitable<void> serve(Stream& stream, std::size_t id) {
        namespace http = boost::beast::http;
        using boost::asio::as_tuple;
        using boost::asio::use_awaitable;
        tcp::socket& socket = boost::beast::get_lowest_layer(stream);
        boost::beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(std::uint64_t{16} * 1024 * 1024);
            auto [ec, n] =
                co_await http::async_read(stream, buffer, parser, as_tuple(use_awaitable));
            if (ec)
                co_return; // the client closed, or sent something that is not HTTP
            const auto& msg = parser.get();
            seen_request seen;
            seen.connection = id;
            seen.target = std::string(msg.target());
            for (const auto& field : msg)
                seen.headers.push_back(
                    {std::string(field.name_string()), std::string(field.value())});
            seen.body = msg.body();
            request_script script;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                seen.index = requests_.size() + 1;
                requests_.push_back(seen);
                script = request_script_;
            }
            const plan p = script ? script(seen) : plan().write(http_response(200, "{}"));
            for (const plan::action& a : p.steps()) {
                switch (a.what) {
                case plan::action::kind::write: {
                    auto [wec, written] = co_await boost::asio::async_write(
                        stream, boost::asio::buffer(a.bytes), as_tuple(use_awaitable));
                    if (wec)
                        co_return;
                    break;
                }
                case plan::action::kind::drip:
                    for (const char c : a.bytes) {
                        auto [wec, written] = co_await boost::asio::async_write(
                            stream, boost::asio::buffer(&c, 1), as_tuple(use_awaitable));
                        if (wec)
                            co_return; // the client gave up
                        if (!co_await sleep(a.interval))
                            co_return;
                    }
                    break;
                case plan::action::kind::pause:
                    if (!co_await sleep(a.interval))
                        co_return;
                    break;
                case plan::action::kind::reset:
                    reset(socket);
                    co_return;
                case plan::action::kind::close: {
                    boost::system::error_code ignored; // the peer may be gone already
                    socket.shutdown(tcp::socket::shutdown_both, ignored);
                    socket.close(ignored);
                    co_return;
                }
                case plan::action::kind::hang: {
                    // Readable again only when the client closes (or the destructor closes us).
                    auto [closed] =
                        co_await socket.async_wait(tcp::socket::wait_read, as_tuple(use_awaitable));
                    (void)closed;
                    co_return;
                }
                }
            }
        }
    }

    // False when the wait was cut short (the server is going away).
    static awaitable<bool> sleep(std::chrono::milliseconds how_long) {
        boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, how_long);
        auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        co_return !ec;
    }

    std::optional<boost::asio::io_context> ioc_;
    std::optional<tcp::acceptor> acceptor_;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
    std::vector<boost::asio::ssl::context> tls_;
    std::uint16_t port_ = 0;
    bool listening_ = false; // the server's thread only, after start()
    std::thread thread_;
    std::set<std::shared_ptr<session>> sessions_; // the server's thread only

    mutable std::mutex mutex_; // guards what follows: the test's thread reads it
    request_script request_script_;
    connection_script connection_script_;
    std::vector<seen_request> requests_;
    std::size_t accepts_ = 0, failed_handshakes_ = 0;
};

} // namespace hawk::test
