#pragma once

// A raw Beast WebSocket client for tests of the emulator's WebSockets, over ws:// and wss://
// (trusting a given CA). It runs on a thread of its own, connecting and then reading in the
// background, and keeps every frame it receives and how the connection ended: a test asks with
// a timeout, so that a server that never answers fails the test instead of hanging it.
//
//     hawk::test::websocket_client ws(url, emu.ca_file());
//     REQUIRE(!ws.handshake());
//     ws.send(R"({"topic":"aws/heartbeat"})");
//     CHECK(ws.next() == R"({"topic":"aws/heartbeat"})");

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>

namespace hawk::test {

class websocket_client {
public:
    using error_code = boost::system::error_code;
    using response_type = boost::beast::http::response<boost::beast::http::string_body>;

    /// Connects to `url` (ws://HOST:PORT/TARGET or wss://...) in the background; `ca_file` is
    /// the CA trusted for wss.
    websocket_client(const std::string& url, const std::string& ca_file)
        : work_(ioc_.get_executor()) {
        const std::size_t scheme_end = url.find("://");
        if (scheme_end == std::string::npos)
            throw std::invalid_argument("not a WebSocket URL: " + url);
        const bool tls = url.compare(0, scheme_end, "wss") == 0;
        const std::size_t host_start = scheme_end + 3;
        const std::size_t path_start = url.find('/', host_start);
        const std::string authority = url.substr(host_start, path_start - host_start);
        const std::string target = path_start == std::string::npos ? "/" : url.substr(path_start);
        const std::size_t colon = authority.rfind(':');
        const std::string host = authority.substr(0, colon);
        const std::string port =
            colon == std::string::npos ? (tls ? "443" : "80") : authority.substr(colon + 1);
        if (tls) {
            tls_context_.emplace(boost::asio::ssl::context::tls_client);
            tls_context_->load_verify_file(ca_file);
            tls_context_->set_verify_mode(boost::asio::ssl::verify_peer);
            auto& ws = socket_.emplace<std::unique_ptr<secure_socket>>(
                std::make_unique<secure_socket>(ioc_, *tls_context_));
            ws->next_layer().set_verify_callback(boost::asio::ssl::host_name_verification(host));
        } else {
            socket_.emplace<std::unique_ptr<plain_socket>>(std::make_unique<plain_socket>(ioc_));
        }
        std::visit(
            [&](auto& ws) {
                boost::asio::co_spawn(ioc_, run(*ws, host, port, target), boost::asio::detached);
            },
            socket_);
        thread_ = std::thread([this] {
            ioc_.run();
            finished_.set_value();
        });
    }

    /// Closes the TCP connection (if still open) and joins the thread.
    ~websocket_client() {
        boost::asio::post(ioc_, [this] { drop(); });
        work_.reset();
        if (finished_.get_future().wait_for(std::chrono::seconds(5)) != std::future_status::ready)
            ioc_.stop();
        thread_.join();
    }

    websocket_client(const websocket_client&) = delete;
    websocket_client& operator=(const websocket_client&) = delete;

    /// How the handshake went: no error once upgraded; websocket::error::upgrade_declined when
    /// the server answered with an ordinary response (see response()); timed_out after `timeout`.
    error_code handshake(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        std::unique_lock<std::mutex> lock(mutex_);
        if (!changed_.wait_for(lock, timeout, [&] { return handshake_.has_value(); }))
            return boost::asio::error::timed_out;
        return *handshake_;
    }
    /// The server's answer to the upgrade request (once handshake() has returned).
    response_type response() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return response_;
    }

    /// Sends one frame, text or binary; false when the write failed or took over 5 s.
    bool send(std::string data, bool text = true) {
        auto written = std::make_shared<std::promise<error_code>>();
        std::future<error_code> result = written->get_future();
        boost::asio::post(ioc_, [this, written, data = std::move(data), text]() mutable {
            std::visit(
                [&](auto& ws) {
                    boost::asio::co_spawn(ioc_, write(*ws, std::move(data), text, written),
                                          boost::asio::detached);
                },
                socket_);
        });
        return result.wait_for(std::chrono::seconds(5)) == std::future_status::ready &&
               !result.get();
    }

    /// The next frame received, waiting up to `timeout`; nothing when none came (or the
    /// connection ended first).
    std::optional<std::string> next(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait_for(lock, timeout, [&] { return !frames_.empty() || ended_.has_value(); });
        if (frames_.empty())
            return std::nullopt;
        std::string frame = std::move(frames_.front());
        frames_.pop_front();
        return frame;
    }

    /// Waits up to `timeout` for the connection to end: the error its last read failed with
    /// (websocket::error::closed after the server's close frame); nothing while it is open.
    std::optional<error_code> ended(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait_for(lock, timeout, [&] { return ended_.has_value(); });
        return ended_;
    }
    /// The close frame the server sent (code none without one), once ended() says it ended.
    boost::beast::websocket::close_reason close_reason() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return close_reason_;
    }

private:
    using plain_socket = boost::beast::websocket::stream<boost::beast::tcp_stream>;
    using secure_socket =
        boost::beast::websocket::stream<boost::beast::ssl_stream<boost::beast::tcp_stream>>;
    template <class T>
    using awaitable = boost::asio::awaitable<T>;
    static constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

    template <class Socket>
    awaitable<void> run(Socket& ws, std::string host, std::string port, std::string target) {
        namespace beast = boost::beast;
        auto& tcp = beast::get_lowest_layer(ws);
        boost::asio::ip::tcp::resolver resolver(ioc_);
        tcp.expires_after(std::chrono::seconds(5));
        auto [rec, endpoints] = co_await resolver.async_resolve(host, port, use_tuple);
        error_code ec = rec;
        if (!ec)
            std::tie(ec, std::ignore) = co_await tcp.async_connect(endpoints, use_tuple);
        if constexpr (std::is_same_v<Socket, secure_socket>)
            if (!ec)
                std::tie(ec) = co_await ws.next_layer().async_handshake(
                    boost::asio::ssl::stream_base::client, use_tuple);
        if (!ec) {
            // No timers of the client's own: they would outlive a failed handshake and keep the
            // thread running. The test bounds its waits; the destructor closes the socket.
            tcp.expires_never();
            beast::websocket::stream_base::timeout none{};
            none.handshake_timeout = beast::websocket::stream_base::none();
            none.idle_timeout = beast::websocket::stream_base::none();
            none.keep_alive_pings = false;
            ws.set_option(none);
            response_type res;
            std::tie(ec) = co_await ws.async_handshake(res, host + ":" + port, target, use_tuple);
            std::lock_guard<std::mutex> lock(mutex_);
            response_ = std::move(res);
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            handshake_ = ec;
            if (ec)
                ended_ = ec;
        }
        changed_.notify_all();
        if (ec)
            co_return;
        for (;;) {
            beast::flat_buffer buffer;
            auto [read_ec, n] = co_await ws.async_read(buffer, use_tuple);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (read_ec) {
                    ended_ = read_ec;
                    close_reason_ = ws.reason();
                } else {
                    frames_.push_back(beast::buffers_to_string(buffer.data()));
                }
            }
            changed_.notify_all();
            if (read_ec)
                co_return;
        }
    }

    template <class Socket>
    awaitable<void> write(Socket& ws, std::string data, bool text,
                          std::shared_ptr<std::promise<error_code>> written) {
        ws.text(text);
        auto [ec, n] = co_await ws.async_write(boost::asio::buffer(data), use_tuple);
        written->set_value(ec);
    }

    void drop() {
        std::visit(
            [](auto& ws) {
                error_code ignored;
                boost::beast::get_lowest_layer(*ws).socket().close(ignored);
            },
            socket_);
    }

    boost::asio::io_context ioc_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::optional<boost::asio::ssl::context> tls_context_;
    std::variant<std::unique_ptr<plain_socket>, std::unique_ptr<secure_socket>> socket_;
    std::thread thread_;
    std::promise<void> finished_;

    mutable std::mutex mutex_; // guards what follows, written by the client's thread
    std::condition_variable changed_;
    std::optional<error_code> handshake_;
    response_type response_;
    std::deque<std::string> frames_;
    std::optional<error_code> ended_;
    boost::beast::websocket::close_reason close_reason_;
};

} // namespace hawk::test
