#pragma once

// The participant chat session's bodies (see ../session.hpp): the WebSocket on Boost.Beast, the
// session's state machine on a strand, and the Participant Service calls it makes.

#include <hawk/chat/detail/policy.hpp>
#include <hawk/chat/session.hpp>
#include <hawk/connectparticipant/create_participant_connection.hpp>
#include <hawk/connectparticipant/disconnect_participant.hpp>
#include <hawk/connectparticipant/errors.hpp>
#include <hawk/connectparticipant/get_transcript.hpp>
#include <hawk/connectparticipant/send_event.hpp>
#include <hawk/connectparticipant/send_message.hpp>
#include <hawk/core/timestamp.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace hawk::chat {

namespace detail {

class chat_category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "hawk.chat"; }
    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
        case errc::closed:
            return "the chat session was closed";
        case errc::disconnected:
            return "the participant left the chat";
        case errc::chat_ended:
            return "the chat has ended";
        case errc::already_started:
            return "the chat session was started before";
        case errc::not_started:
            return "the chat session is not connected";
        case errc::concurrent_wait:
            return "another async_next_event is already waiting";
        case errc::bad_websocket_url:
            return "the WebSocket URL is not a ws:// or wss:// URL";
        case errc::subscription_failed:
            return "the service refused the chat subscription";
        case errc::no_subscription:
            return "the chat subscription was not confirmed in time";
        case errc::connection_lost:
            return "the chat connection was lost";
        }
        return "unknown chat session error";
    }
};

} // namespace detail

HAWK_DECL const boost::system::error_category& error_category() noexcept {
    static const detail::chat_category category;
    return category;
}

namespace detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;
using steady = std::chrono::steady_clock;
using strand_type = net::strand<net::any_io_executor>;

/// One WebSocket, TLS or plain: it owns the stream, the read buffer and the frames being written,
/// so that a connection given up on keeps what its pending operations still use.
class link : public std::enable_shared_from_this<link> {
public:
    using open_handler = std::function<void(error_code, unsigned http_status)>;
    using read_handler = std::function<void(error_code, std::string)>;
    using write_handler = std::function<void(error_code)>;

    virtual ~link() = default;
    /// TCP connect, TLS handshake (wss), then the upgrade, each bounded by `timeout`. The status
    /// is the server's answer to the upgrade when it declined (e.g. 403), else 0.
    virtual void open(const tcp::resolver::results_type& endpoints, const ws_url& url,
                      std::chrono::milliseconds timeout, open_handler done) = 0;
    /// Reads one message.
    virtual void read(read_handler done) = 0;
    /// Queues a text frame; `on_error` is called if writing it (or one before it) fails.
    virtual void send(std::string text, write_handler on_error) = 0;
    /// The closing handshake, then the socket (bounded by the handshake timeout).
    virtual void close_gracefully() = 0;
    /// The socket, at once: pending operations complete with operation_aborted.
    virtual void abort() = 0;
    /// The reason the server gave in its close frame.
    virtual std::string close_reason() const = 0;
};

template <class NextLayer>
class basic_link : public link {
public:
    template <class... Args>
    explicit basic_link(Args&&... args) : ws_(std::forward<Args>(args)...) {}

    void read(read_handler done) override {
        auto self = std::static_pointer_cast<basic_link>(shared_from_this());
        ws_.async_read(buffer_, [self, done = std::move(done)](error_code ec, std::size_t) {
            std::string text;
            if (!ec) {
                text = beast::buffers_to_string(self->buffer_.data());
                self->buffer_.consume(self->buffer_.size());
            }
            done(ec, std::move(text));
        });
    }

    void send(std::string text, write_handler on_error) override {
        outbox_.push_back({std::move(text), std::move(on_error)});
        if (outbox_.size() == 1)
            write_front();
    }

    void close_gracefully() override {
        // Frames not yet written are dropped; the one being written (the front) must outlive
        // its write.
        if (!outbox_.empty())
            outbox_.erase(outbox_.begin() + 1, outbox_.end());
        auto self = std::static_pointer_cast<basic_link>(shared_from_this());
        ws_.async_close(websocket::close_code::normal, [self](error_code) {
            error_code ignored;
            beast::get_lowest_layer(self->ws_).socket().close(ignored);
        });
    }

    void abort() override {
        error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
    }

    std::string close_reason() const override {
        const websocket::close_reason& r = ws_.reason();
        std::string text = std::to_string(r.code);
        if (!r.reason.empty())
            text += " " + std::string(r.reason.data(), r.reason.size());
        return text;
    }

protected:
    /// After the transport (and TLS) is up: the upgrade, with Beast's own timeouts from here on.
    void upgrade(const ws_url& url, std::chrono::milliseconds timeout, open_handler done) {
        beast::get_lowest_layer(ws_).expires_never();
        websocket::stream_base::timeout limits{};
        limits.handshake_timeout = timeout;
        limits.idle_timeout = websocket::stream_base::none(); // the session's heartbeats judge
        limits.keep_alive_pings = false;
        ws_.set_option(limits);
        ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
            req.set(beast::http::field::user_agent, "hawk/" HAWK_VERSION_STRING " chat");
        }));
        ws_.text(true);
        auto self = std::static_pointer_cast<basic_link>(shared_from_this());
        ws_.async_handshake(response_, url.host_header, url.target,
                            [self, done = std::move(done)](error_code ec) {
                                const unsigned status =
                                    ec ? static_cast<unsigned>(self->response_.result_int()) : 0;
                                done(ec, status == 101 ? 0 : status);
                            });
    }

    websocket::stream<NextLayer> ws_;

private:
    struct frame {
        std::string text;
        write_handler on_error;
    };

    void write_front() {
        auto self = std::static_pointer_cast<basic_link>(shared_from_this());
        ws_.async_write(net::buffer(outbox_.front().text), [self](error_code ec, std::size_t) {
            if (ec) {
                write_handler on_error = std::move(self->outbox_.front().on_error);
                self->outbox_.clear();
                if (on_error)
                    on_error(ec);
                return;
            }
            self->outbox_.pop_front();
            if (!self->outbox_.empty())
                self->write_front();
        });
    }

    beast::flat_buffer buffer_;
    websocket::response_type response_;
    std::deque<frame> outbox_; // the front is being written
};

class plain_link final : public basic_link<beast::tcp_stream> {
public:
    explicit plain_link(const strand_type& strand) : basic_link(strand) {}

    void open(const tcp::resolver::results_type& endpoints, const ws_url& url,
              std::chrono::milliseconds timeout, open_handler done) override {
        auto self = std::static_pointer_cast<plain_link>(shared_from_this());
        beast::get_lowest_layer(ws_).expires_after(timeout);
        beast::get_lowest_layer(ws_).async_connect(
            endpoints, [self, url, timeout, done = std::move(done)](error_code ec,
                                                                    const tcp::endpoint&) mutable {
                if (ec)
                    return done(ec, 0);
                self->upgrade(url, timeout, std::move(done));
            });
    }
};

class tls_link final : public basic_link<beast::ssl_stream<beast::tcp_stream>> {
public:
    tls_link(const strand_type& strand, net::ssl::context& tls, bool verify_peer)
        : basic_link(strand, tls), verify_peer_(verify_peer) {}

    void open(const tcp::resolver::results_type& endpoints, const ws_url& url,
              std::chrono::milliseconds timeout, open_handler done) override {
        auto self = std::static_pointer_cast<tls_link>(shared_from_this());
        beast::get_lowest_layer(ws_).expires_after(timeout);
        beast::get_lowest_layer(ws_).async_connect(
            endpoints, [self, url, timeout, done = std::move(done)](error_code ec,
                                                                    const tcp::endpoint&) mutable {
                if (ec)
                    return done(ec, 0);
                self->handshake(url, timeout, std::move(done));
            });
    }

private:
    void handshake(const ws_url& url, std::chrono::milliseconds timeout, open_handler done) {
        auto& stream = ws_.next_layer();
        error_code ec;
        net::ip::make_address(url.host, ec);
        const bool is_ip = !ec;
        ec = {};
        // SNI only for names: RFC 6066 does not allow IP literals in server_name.
        if (!is_ip && SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()) != 1)
            return done(
                error_code(static_cast<int>(::ERR_get_error()), net::error::get_ssl_category()), 0);
        if (verify_peer_) {
            stream.set_verify_mode(net::ssl::verify_peer, ec);
            if (!ec)
                stream.set_verify_callback(net::ssl::host_name_verification(url.host), ec);
        } else {
            stream.set_verify_mode(net::ssl::verify_none, ec);
        }
        if (ec)
            return done(ec, 0);
        beast::get_lowest_layer(ws_).expires_after(timeout);
        auto self = std::static_pointer_cast<tls_link>(shared_from_this());
        stream.async_handshake(net::ssl::stream_base::client,
                               [self, url, timeout, done = std::move(done)](error_code ec) mutable {
                                   if (ec)
                                       return done(ec, 0);
                                   self->upgrade(url, timeout, std::move(done));
                               });
    }

    bool verify_peer_;
};

/// The state of one session. Everything but the mutex-guarded snapshot runs on `strand_`.
class session_impl : public std::enable_shared_from_this<session_impl> {
public:
    enum class receipt_level : int { delivered = 1, read = 2 };

    template <class Signature>
    using handler = boost::asio::any_completion_handler<Signature>;

    session_impl(core::client& client, std::string participant_token, session_options options)
        : client_(client), participant_token_(std::move(participant_token)),
          opt_(std::move(options)), strand_(net::make_strand(client.get_executor())),
          resolver_(strand_), heartbeat_timer_(strand_), refresh_timer_(strand_),
          reconnect_timer_(strand_), subscribe_timer_(strand_), receipt_timer_(strand_) {
        if (!opt_.random)
            opt_.random = [] {
                thread_local std::mt19937_64 engine{std::random_device{}()};
                return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
            };
        opt_.transcript_page_size = std::clamp(opt_.transcript_page_size, 1, 100);
        if (opt_.missed_heartbeats_limit == 0)
            opt_.missed_heartbeats_limit = 1;
    }

    core::client& client_;
    const std::string participant_token_;
    session_options opt_;
    strand_type strand_;

    //---- what other threads may read (guarded by snapshot_mutex_) ------------------------------
    mutable std::mutex snapshot_mutex_;
    std::string public_token_;
    session_stats stats_;
    core::diagnostics last_error_;

    void count(std::uint64_t session_stats::*counter, std::uint64_t n = 1) {
        std::lock_guard<std::mutex> lock(snapshot_mutex_);
        stats_.*counter += n;
    }
    void record_error(const core::diagnostics& diag) {
        std::lock_guard<std::mutex> lock(snapshot_mutex_);
        last_error_ = diag;
    }
    void record_error(std::string explanation) {
        log(core::log_level::warn, explanation);
        core::diagnostics diag;
        diag.client_message = std::move(explanation);
        record_error(diag);
    }
    void log(core::log_level level, std::string_view message) const {
        const core::log_config& settings = client_.log_settings();
        if (settings.enabled(level))
            settings.sink(core::log_record{level, "chat", message});
    }

    //---- entry points (on the strand) -----------------------------------------------------------

    void begin_start(handler<void(error_code)> h) {
        if (phase_ != phase::idle)
            return std::move(h)(
                make_error_code(phase_ == phase::ended ? errc::closed : errc::already_started));
        phase_ = phase::starting;
        start_handler_.emplace(std::move(h));
        request_connection([this](error_code ec) {
            if (ec)
                return end_session(ec);
            open_socket();
        });
    }

    void next_event(handler<void(error_code, event)> h) {
        if (waiter_)
            return std::move(h)(make_error_code(errc::concurrent_wait), event{});
        if (!events_.empty()) {
            event e = std::move(events_.front());
            events_.pop_front();
            return std::move(h)(error_code(), std::move(e));
        }
        if (phase_ == phase::ended)
            return std::move(h)(end_error_, event{});
        waiter_.emplace(std::move(h));
    }

    void send_message(std::string content, std::string content_type,
                      handler<void(error_code, connectparticipant::SendMessageResponse)> h) {
        if (!connected_to_chat())
            return std::move(h)(make_error_code(errc::not_started),
                                connectparticipant::SendMessageResponse{});
        connectparticipant::SendMessageRequest req;
        req.connection_token = token_;
        req.content = std::move(content);
        req.content_type = std::move(content_type);
        auto diag = std::make_shared<core::diagnostics>();
        connectparticipant::async_send_message(
            client_, req, *diag,
            net::bind_executor(
                strand_, [self = shared_from_this(), diag, h = std::move(h)](
                             error_code ec, connectparticipant::SendMessageResponse res) mutable {
                    if (ec)
                        self->record_error(*diag);
                    std::move(h)(ec, std::move(res));
                }));
    }

    void send_typing(handler<void(error_code, bool)> h) {
        if (!connected_to_chat())
            return std::move(h)(make_error_code(errc::not_started), false);
        const steady::time_point now = steady::now();
        if (last_typing_ && now - *last_typing_ < opt_.typing_interval) {
            count(&session_stats::typing_throttled);
            return std::move(h)(error_code(), false);
        }
        const std::optional<steady::time_point> previous = last_typing_;
        last_typing_ = now;
        send_event(std::string(content_types::typing), std::nullopt,
                   [this, previous, h = std::move(h)](error_code ec) mutable {
                       if (ec)
                           last_typing_ = previous; // not sent: the next one may go at once
                       else
                           count(&session_stats::typing_sent);
                       std::move(h)(ec, !ec);
                   });
    }

    void mark(std::string message_id, receipt_level level) {
        if (phase_ == phase::ended || message_id.empty())
            return;
        const auto sent = sent_receipts_.find(message_id);
        if (sent != sent_receipts_.end() && sent->second >= level)
            return;
        const auto [it, added] = pending_receipts_.try_emplace(message_id, level);
        if (added)
            receipt_order_.push_back(std::move(message_id));
        else
            it->second = std::max(it->second, level);
        schedule_receipts();
    }

    void disconnect(handler<void(error_code)> h) {
        if (!connected_to_chat())
            return std::move(h)(make_error_code(errc::not_started));
        connectparticipant::DisconnectParticipantRequest req;
        req.connection_token = token_;
        auto diag = std::make_shared<core::diagnostics>();
        connectparticipant::async_disconnect_participant(
            client_, req, *diag,
            net::bind_executor(
                strand_,
                [self = shared_from_this(), diag, h = std::move(h)](
                    error_code ec, connectparticipant::DisconnectParticipantResponse) mutable {
                    if (ec)
                        self->record_error(*diag);
                    else
                        self->end_session(make_error_code(errc::disconnected));
                    std::move(h)(ec);
                }));
    }

    /// Ends the session: no more reconnecting; events already queued can still be taken.
    void end_session(error_code why) {
        if (phase_ == phase::ended)
            return;
        const bool orderly =
            why == errc::chat_ended || why == errc::closed || why == errc::disconnected;
        if (!orderly)
            log(core::log_level::warn, "the chat session ends: " + why.message());
        phase_ = phase::ended;
        end_error_ = why;
        ++generation_;
        for (net::steady_timer* t : {&heartbeat_timer_, &refresh_timer_, &reconnect_timer_,
                                     &subscribe_timer_, &receipt_timer_})
            t->cancel();
        resolver_.cancel();
        if (link_) {
            if (orderly)
                link_->close_gracefully();
            else
                link_->abort();
            link_.reset();
        }
        if (start_handler_) {
            handler<void(error_code)> h(std::move(*start_handler_));
            start_handler_.reset();
            std::move(h)(why);
        }
        if (waiter_ && events_.empty()) {
            handler<void(error_code, event)> h(std::move(*waiter_));
            waiter_.reset();
            std::move(h)(why, event{});
        }
    }

private:
    enum class phase { idle, starting, live, reconnecting, ended };

    bool connected_to_chat() const { return phase_ != phase::ended && !token_.empty(); }

    //---- CreateParticipantConnection: the WebSocket URL and the connection token ---------------

    /// Fresh URL and token; `done` runs on the strand (not when the session ended meanwhile).
    template <class Done>
    void request_connection(Done done) {
        connectparticipant::CreateParticipantConnectionRequest req;
        req.participant_token = participant_token_;
        req.type = std::vector<connectparticipant::ConnectionType>{
            connectparticipant::ConnectionType::websocket,
            connectparticipant::ConnectionType::connection_credentials};
        req.connect_participant = opt_.connect_participant;
        auto diag = std::make_shared<core::diagnostics>();
        connectparticipant::async_create_participant_connection(
            client_, req, *diag,
            net::bind_executor(
                strand_,
                [self = shared_from_this(), diag, done = std::move(done)](
                    error_code ec, connectparticipant::CreateParticipantConnectionResponse res) {
                    if (self->phase_ == phase::ended)
                        return;
                    if (ec) {
                        self->record_error(*diag);
                        return done(ec);
                    }
                    if (!res.websocket || !res.websocket->url || !res.connection_credentials ||
                        !res.connection_credentials->connection_token) {
                        self->record_error("CreateParticipantConnection answered without a "
                                           "WebSocket URL or a connection token");
                        return done(make_error_code(core::errc::parse_failed));
                    }
                    self->accept_connection(res);
                    done({});
                }));
    }

    void accept_connection(const connectparticipant::CreateParticipantConnectionResponse& res) {
        url_ = *res.websocket->url;
        url_stale_ = false;
        const steady::time_point now = steady::now();
        url_expiry_ = expiry(res.websocket->connection_expiry, now);
        token_ = *res.connection_credentials->connection_token;
        token_expiry_ = expiry(res.connection_credentials->expiry, now);
        {
            std::lock_guard<std::mutex> lock(snapshot_mutex_);
            public_token_ = token_;
            ++stats_.connection_requests;
        }
        schedule_refresh();
    }

    /// An ISO 8601 expiry as a steady-clock time (local clocks may jump; the steady one does
    /// not). Without a readable expiry, a minute: refreshing early costs one call.
    static steady::time_point expiry(const std::optional<std::string>& text,
                                     steady::time_point now) {
        if (text)
            if (const std::optional<core::timestamp> t = core::parse_iso8601(*text))
                return now + std::chrono::duration_cast<steady::duration>(
                                 *t - std::chrono::system_clock::now());
        return now + std::chrono::minutes(1);
    }

    void schedule_refresh() {
        const steady::time_point now = steady::now();
        const auto remaining = std::min(url_expiry_, token_expiry_) - now;
        // Never sooner than this: a server whose clock is far off must not make us spin.
        constexpr auto floor = std::chrono::milliseconds(200);
        const auto delay = std::max<steady::duration>(
            std::chrono::duration_cast<steady::duration>(remaining * opt_.refresh_after), floor);
        refresh_timer_.expires_after(delay);
        refresh_in(delay);
    }

    void refresh_in(steady::duration delay) {
        refresh_timer_.expires_after(delay);
        refresh_timer_.async_wait([self = shared_from_this()](error_code ec) {
            if (!ec && self->phase_ != phase::ended)
                self->refresh();
        });
    }

    /// A new URL and token; accept_connection schedules the next refresh.
    void refresh() {
        log(core::log_level::debug, "refreshing the WebSocket URL and connection token");
        request_connection([this](error_code ec) {
            if (!ec)
                return;
            if (is_final(ec))
                return end_session(ec);
            // Try again soon; the current URL and token may still be valid for a while.
            refresh_in(opt_.reconnect_min_delay);
        });
    }

    /// The service will not let this participant connect again.
    static bool is_final(error_code ec) {
        return ec == connectparticipant::errc::access_denied_exception ||
               ec == connectparticipant::errc::validation_exception;
    }

    //---- the WebSocket ---------------------------------------------------------------------------

    void open_socket() {
        ws_url url;
        if (!parse_ws_url(url_, url)) {
            record_error("CreateParticipantConnection's WebSocket URL is not ws:// or wss://");
            return connection_broken(make_error_code(errc::bad_websocket_url),
                                     "the WebSocket URL is not ws:// or wss://");
        }
        const std::uint64_t gen = ++generation_;
        try {
            if (url.secure)
                link_ = std::make_shared<tls_link>(strand_, tls_context(),
                                                   client_.transport_settings().verify_peer);
            else
                link_ = std::make_shared<plain_link>(strand_);
        } catch (const boost::system::system_error& e) {
            return connection_broken(e.code(), std::string("cannot set up TLS: ") + e.what());
        }
        resolver_.async_resolve(url.host, std::to_string(url.port),
                                [self = shared_from_this(), gen,
                                 url](error_code ec, tcp::resolver::results_type endpoints) {
                                    if (gen != self->generation_)
                                        return;
                                    if (ec)
                                        return self->connection_broken(
                                            ec, "cannot resolve " + url.host + ": " + ec.message());
                                    self->link_->open(endpoints, url, self->opt_.connect_timeout,
                                                      [self, gen](error_code ec, unsigned status) {
                                                          self->on_open(gen, ec, status);
                                                      });
                                });
    }

    net::ssl::context& tls_context() {
        if (!tls_) {
            const core::http::transport_config settings = client_.transport_settings();
            tls_.emplace(net::ssl::context::tls_client);
            SSL_CTX_set_min_proto_version(tls_->native_handle(), TLS1_2_VERSION);
            if (settings.verify_peer) {
                if (settings.ca_file.empty())
                    tls_->set_default_verify_paths();
                else
                    tls_->load_verify_file(settings.ca_file);
            }
        }
        return *tls_;
    }

    void on_open(std::uint64_t gen, error_code ec, unsigned status) {
        if (gen != generation_)
            return;
        if (ec) {
            // A declined upgrade (403): the URL expired or was revoked; the next try gets a new
            // one.
            if (status != 0)
                url_stale_ = true;
            return connection_broken(ec, status != 0
                                             ? "the WebSocket upgrade was declined with HTTP " +
                                                   std::to_string(status)
                                             : "cannot open the WebSocket: " + ec.message());
        }
        read_next(gen);
        send_frame(gen, R"({"topic":"aws/subscribe","content":{"topics":["aws/chat"]}})");
        subscribe_timer_.expires_after(opt_.connect_timeout);
        subscribe_timer_.async_wait([self = shared_from_this(), gen](error_code ec) {
            if (ec || gen != self->generation_ || self->subscribed_)
                return;
            self->connection_broken(make_error_code(errc::no_subscription),
                                    "the aws/chat subscription was not confirmed in time");
        });
    }

    void send_frame(std::uint64_t gen, std::string text) {
        if (!link_)
            return;
        link_->send(std::move(text), [self = shared_from_this(), gen](error_code ec) {
            if (gen == self->generation_)
                self->connection_broken(ec, "cannot write to the WebSocket: " + ec.message());
        });
    }

    void read_next(std::uint64_t gen) {
        link_->read([self = shared_from_this(), gen, l = link_](error_code ec, std::string text) {
            if (gen != self->generation_)
                return;
            if (ec == websocket::error::closed)
                return self->connection_broken(make_error_code(errc::connection_lost),
                                               "the service closed the WebSocket (" +
                                                   l->close_reason() + ")");
            if (ec)
                return self->connection_broken(ec, "the WebSocket failed: " + ec.message());
            self->on_frame(gen, text);
            if (gen == self->generation_)
                self->read_next(gen);
        });
    }

    void on_frame(std::uint64_t gen, const std::string& text) {
        error_code ec;
        boost::json::value jv = boost::json::parse(text, ec);
        const boost::json::object* frame = !ec && jv.is_object() ? &jv.as_object() : nullptr;
        const boost::json::value* topic = frame ? frame->if_contains("topic") : nullptr;
        if (!topic || !topic->is_string()) {
            log(core::log_level::warn, "ignored a WebSocket message without a topic");
            return;
        }
        const std::string_view name = topic->as_string();
        if (name == "aws/heartbeat") {
            awaiting_heartbeat_ = false;
            missed_heartbeats_ = 0;
        } else if (name == "aws/ping") {
            const boost::json::value* status = frame->if_contains("statusCode");
            if (!status || !status->is_number() || status->to_number<double>() != 200)
                connection_broken(make_error_code(errc::connection_lost),
                                  "the deep heartbeat failed: " + text);
        } else if (name == "aws/subscribe") {
            const boost::json::value* content = frame->if_contains("content");
            const boost::json::value* status = content && content->is_object()
                                                   ? content->as_object().if_contains("status")
                                                   : nullptr;
            if (status && status->is_string() && status->as_string() == "success")
                on_subscribed(gen);
            else
                connection_broken(make_error_code(errc::subscription_failed),
                                  "the service refused the aws/chat subscription: " + text);
        } else if (name == "aws/chat") {
            const boost::json::value* content = frame->if_contains("content");
            if (!content || !content->is_string()) {
                log(core::log_level::warn, "ignored an aws/chat message without content");
                return;
            }
            std::string raw(content->as_string());
            connectparticipant::Item item;
            std::string error;
            if (parse_chat_item(raw, item, error)) {
                deliver(std::move(item), std::move(raw), false);
            } else {
                // Kept whole: the application may know what this version does not.
                event e;
                e.kind = event_kind::unknown;
                e.raw = std::move(raw);
                e.detail = error;
                deliver(std::move(e));
            }
        } else {
            log(core::log_level::debug,
                "ignored a WebSocket message on topic " + std::string(name));
        }
    }

    void on_subscribed(std::uint64_t gen) {
        if (subscribed_)
            return;
        subscribed_ = true;
        subscribe_timer_.cancel();
        const bool first = phase_ == phase::starting;
        count(&session_stats::websocket_connects);
        if (!first)
            count(&session_stats::reconnects);
        reconnect_attempt_ = 0;
        awaiting_heartbeat_ = false;
        missed_heartbeats_ = 0;
        heartbeats_ = 0;
        arm_heartbeat(gen);
        phase_ = phase::live;
        event e;
        e.kind = event_kind::connection_established;
        e.detail = first ? "connected" : "reconnected";
        push_event(std::move(e));
        if (!pending_receipts_.empty())
            schedule_receipts();
        if (first && !opt_.start_with_transcript) {
            // Catching up after a reconnect starts here when nothing has arrived by then.
            catch_up_since_ = core::format_iso8601(std::chrono::system_clock::now());
            return complete_start();
        }
        catching_up_ = true;
        catch_up(gen, std::nullopt, false);
    }

    //---- heartbeats ------------------------------------------------------------------------------

    void arm_heartbeat(std::uint64_t gen) {
        heartbeat_timer_.expires_after(opt_.heartbeat_interval);
        heartbeat_timer_.async_wait([self = shared_from_this(), gen](error_code ec) {
            if (!ec && gen == self->generation_)
                self->heartbeat(gen);
        });
    }

    void heartbeat(std::uint64_t gen) {
        if (awaiting_heartbeat_) {
            count(&session_stats::heartbeats_missed);
            if (++missed_heartbeats_ >= opt_.missed_heartbeats_limit)
                return connection_broken(make_error_code(errc::connection_lost),
                                         "no answer to " + std::to_string(missed_heartbeats_) +
                                             " heartbeats in a row");
        }
        awaiting_heartbeat_ = true;
        send_frame(gen, R"({"topic":"aws/heartbeat"})");
        count(&session_stats::heartbeats_sent);
        if (opt_.deep_heartbeat_every != 0 && ++heartbeats_ % opt_.deep_heartbeat_every == 0) {
            send_frame(gen, R"({"topic":"aws/ping"})");
            count(&session_stats::pings_sent);
        }
        if (gen == generation_)
            arm_heartbeat(gen);
    }

    //---- losing and regaining the connection -----------------------------------------------------

    void connection_broken(error_code ec, const std::string& reason) {
        if (phase_ == phase::ended)
            return;
        ++generation_;
        if (link_) {
            link_->abort();
            link_.reset();
        }
        subscribed_ = false;
        catching_up_ = false;
        held_.clear(); // what the socket pushed meanwhile is fetched again from the transcript
        heartbeat_timer_.cancel();
        subscribe_timer_.cancel();
        record_error(reason);
        if (phase_ == phase::starting || start_handler_) // a failed start is not retried
            return end_session(ec);
        if (phase_ == phase::live) {
            phase_ = phase::reconnecting;
            event e;
            e.kind = event_kind::connection_lost;
            e.detail = reason;
            push_event(std::move(e));
        }
        schedule_reconnect();
    }

    void schedule_reconnect() {
        const std::chrono::milliseconds delay =
            reconnect_delay(reconnect_attempt_++, opt_.reconnect_min_delay,
                            opt_.reconnect_max_delay, opt_.random());
        log(core::log_level::info, "reconnecting in " + std::to_string(delay.count()) +
                                       " ms (attempt " + std::to_string(reconnect_attempt_) + ")");
        reconnect_timer_.expires_after(delay);
        reconnect_timer_.async_wait([self = shared_from_this()](error_code ec) {
            if (!ec && self->phase_ == phase::reconnecting)
                self->reconnect();
        });
    }

    void reconnect() {
        // A URL about to expire would be declined by the time the upgrade gets there.
        const bool url_usable =
            !url_stale_ && url_expiry_ - steady::now() > std::chrono::milliseconds(500);
        if (url_usable)
            return open_socket();
        request_connection([this](error_code ec) {
            if (!ec)
                return open_socket();
            if (is_final(ec))
                return end_session(ec);
            schedule_reconnect();
        });
    }

    //---- catching up with GetTranscript ---------------------------------------------------------

    void catch_up(std::uint64_t gen, std::optional<std::string> next_token, bool by_time) {
        connectparticipant::GetTranscriptRequest req;
        req.connection_token = token_;
        req.scan_direction = connectparticipant::ScanDirection::forward;
        req.sort_order = connectparticipant::SortKey::ascending;
        req.max_results = opt_.transcript_page_size;
        if (next_token) {
            req.next_token = next_token;
        } else if (!last_kept_id_.empty() && !by_time) {
            req.start_position.emplace();
            req.start_position->id = last_kept_id_;
        } else if (!last_kept_time_.empty() || !catch_up_since_.empty()) {
            req.start_position.emplace();
            req.start_position->absolute_time =
                last_kept_time_.empty() ? catch_up_since_ : last_kept_time_;
        }
        const bool from_id = req.start_position && req.start_position->id;
        auto diag = std::make_shared<core::diagnostics>();
        connectparticipant::async_get_transcript(
            client_, req, *diag,
            net::bind_executor(
                strand_, [self = shared_from_this(), gen, diag, from_id, sent = next_token](
                             error_code ec, connectparticipant::GetTranscriptResponse res) {
                    if (gen != self->generation_)
                        return;
                    if (ec) {
                        self->record_error(*diag);
                        // The item to start from may be gone (e.g. a transcript trimmed by the
                        // service): its time still says where to start.
                        if (from_id && ec == connectparticipant::errc::validation_exception)
                            return self->catch_up(gen, std::nullopt, true);
                        return self->connection_broken(
                            ec, "GetTranscript failed while catching up: " + ec.message());
                    }
                    if (res.transcript)
                        for (connectparticipant::Item& item : *res.transcript) {
                            std::string raw = core::to_json(item, core::json_form::wire);
                            self->deliver(std::move(item), std::move(raw), true);
                            if (gen != self->generation_)
                                return; // the chat ended
                        }
                    if (res.next_token && !res.next_token->empty() && res.next_token != sent)
                        return self->catch_up(gen, std::move(res.next_token), false);
                    self->finish_catch_up();
                }));
    }

    void finish_catch_up() {
        catching_up_ = false;
        std::vector<event> held = std::move(held_);
        held_.clear();
        const std::uint64_t gen = generation_;
        for (event& e : held) {
            deliver(std::move(e));
            if (gen != generation_)
                return;
        }
        complete_start();
    }

    void complete_start() {
        if (!start_handler_)
            return;
        handler<void(error_code)> h(std::move(*start_handler_));
        start_handler_.reset();
        std::move(h)(error_code());
    }

    //---- delivering events -----------------------------------------------------------------------

    void deliver(connectparticipant::Item item, std::string raw, bool from_transcript) {
        event e;
        e.kind = classify(item);
        e.item = std::move(item);
        e.raw = std::move(raw);
        e.from_transcript = from_transcript;
        deliver(std::move(e));
    }

    /// In order and once: socket events wait while the transcript is being caught up on, and an
    /// item id seen before is dropped.
    void deliver(event e) {
        if (catching_up_ && !e.from_transcript) {
            held_.push_back(std::move(e));
            return;
        }
        if (e.item.id && !e.item.id->empty()) {
            if (!seen_.insert(*e.item.id).second) {
                count(&session_stats::duplicates_dropped);
                return;
            }
            if (kept_in_transcript(e.kind)) {
                last_kept_id_ = *e.item.id;
                last_kept_time_ = e.item.absolute_time.value_or(last_kept_time_);
            }
        }
        if (e.from_transcript)
            count(&session_stats::events_from_transcript);
        const bool ended = e.kind == event_kind::chat_ended;
        push_event(std::move(e));
        if (ended) {
            complete_start();
            end_session(make_error_code(errc::chat_ended));
        }
    }

    void push_event(event e) {
        if (waiter_) {
            handler<void(error_code, event)> h(std::move(*waiter_));
            waiter_.reset();
            return std::move(h)(error_code(), std::move(e));
        }
        events_.push_back(std::move(e));
    }

    //---- SendEvent: typing and receipts ----------------------------------------------------------

    template <class Done>
    void send_event(std::string content_type, std::optional<std::string> content, Done done) {
        connectparticipant::SendEventRequest req;
        req.connection_token = token_;
        req.content_type = std::move(content_type);
        req.content = std::move(content);
        auto diag = std::make_shared<core::diagnostics>();
        connectparticipant::async_send_event(
            client_, req, *diag,
            net::bind_executor(strand_,
                               [self = shared_from_this(), diag, done = std::move(done)](
                                   error_code ec, connectparticipant::SendEventResponse) mutable {
                                   if (ec)
                                       self->record_error(*diag);
                                   done(ec);
                               }));
    }

    void schedule_receipts() {
        if (receipts_scheduled_ || !connected_to_chat())
            return;
        receipts_scheduled_ = true;
        const steady::time_point due = last_receipts_ + opt_.receipt_interval;
        if (due <= steady::now()) { // also the first batch (last_receipts_ starts at min())
            // Posted, not sent now: receipts marked together go out together.
            net::post(strand_, [self = shared_from_this()] { self->send_receipts(); });
            return;
        }
        receipt_timer_.expires_at(due);
        receipt_timer_.async_wait([self = shared_from_this()](error_code ec) {
            if (!ec)
                self->send_receipts();
        });
    }

    void send_receipts() {
        receipts_scheduled_ = false;
        if (!connected_to_chat())
            return;
        last_receipts_ = steady::now();
        for (std::string& id : receipt_order_) {
            const receipt_level level = pending_receipts_[id];
            receipt_level& sent = sent_receipts_[id];
            if (sent >= level)
                continue;
            sent = level;
            boost::json::object content;
            content["messageId"] = id;
            const std::string_view type = level == receipt_level::read
                                              ? content_types::message_read
                                              : content_types::message_delivered;
            send_event(std::string(type), boost::json::serialize(content),
                       [this, id](error_code ec) {
                           if (!ec)
                               return count(&session_stats::receipts_sent);
                           count(&session_stats::receipts_failed);
                           log(core::log_level::warn,
                               "a receipt for message " + id + " was refused: " + ec.message());
                       });
        }
        pending_receipts_.clear();
        receipt_order_.clear();
    }

    //---- state
    //------------------------------------------------------------------------------------

    phase phase_ = phase::idle;
    error_code end_error_;
    std::uint64_t generation_ = 0; // bumped whenever a WebSocket is given up: stale callbacks stop
    std::optional<handler<void(error_code)>> start_handler_;
    std::optional<handler<void(error_code, event)>> waiter_;
    std::deque<event> events_;

    // CreateParticipantConnection's answer.
    std::string url_;
    bool url_stale_ = false;
    steady::time_point url_expiry_{};
    std::string token_;
    steady::time_point token_expiry_{};

    std::optional<net::ssl::context> tls_;
    tcp::resolver resolver_;
    std::shared_ptr<link> link_;
    bool subscribed_ = false;
    net::steady_timer heartbeat_timer_, refresh_timer_, reconnect_timer_, subscribe_timer_,
        receipt_timer_;
    bool awaiting_heartbeat_ = false;
    unsigned missed_heartbeats_ = 0;
    unsigned heartbeats_ = 0;
    unsigned reconnect_attempt_ = 0;

    // Catching up: what was delivered, and where the transcript continues from.
    bool catching_up_ = false;
    std::vector<event> held_;
    std::unordered_set<std::string> seen_;
    std::string last_kept_id_, last_kept_time_, catch_up_since_;

    std::optional<steady::time_point> last_typing_;
    std::unordered_map<std::string, receipt_level> pending_receipts_;
    std::vector<std::string> receipt_order_;
    std::unordered_map<std::string, receipt_level> sent_receipts_;
    steady::time_point last_receipts_ = steady::time_point::min();
    bool receipts_scheduled_ = false;
};

} // namespace detail

//---- session ----------------------------------------------------------------------------------

HAWK_DECL session::session(core::client& client, std::string participant_token,
                           session_options options)
    : impl_(std::make_shared<detail::session_impl>(client, std::move(participant_token),
                                                   std::move(options))) {}

HAWK_DECL session::~session() {
    close();
}

HAWK_DECL boost::asio::any_io_executor session::get_executor() const {
    return impl_->client_.get_executor();
}

namespace detail {
/// Runs `work` on the session's strand, never inside the caller's frame.
template <class Work>
void on_strand(session_impl& s, Work work) {
    boost::asio::post(s.strand_, [self = s.shared_from_this(), work = std::move(work)]() mutable {
        work(*self);
    });
}
} // namespace detail

HAWK_DECL void session::start(detail::session_impl& s, handler<void(boost::system::error_code)> h) {
    detail::on_strand(s, [h = std::move(h)](detail::session_impl& self) mutable {
        self.begin_start(std::move(h));
    });
}

HAWK_DECL void session::next_event(detail::session_impl& s,
                                   handler<void(boost::system::error_code, event)> h) {
    detail::on_strand(s, [h = std::move(h)](detail::session_impl& self) mutable {
        self.next_event(std::move(h));
    });
}

HAWK_DECL void session::send_message(
    detail::session_impl& s, std::string content, std::string content_type,
    handler<void(boost::system::error_code, connectparticipant::SendMessageResponse)> h) {
    detail::on_strand(s, [content = std::move(content), content_type = std::move(content_type),
                          h = std::move(h)](detail::session_impl& self) mutable {
        self.send_message(std::move(content), std::move(content_type), std::move(h));
    });
}

HAWK_DECL void session::send_typing(detail::session_impl& s,
                                    handler<void(boost::system::error_code, bool)> h) {
    detail::on_strand(s, [h = std::move(h)](detail::session_impl& self) mutable {
        self.send_typing(std::move(h));
    });
}

HAWK_DECL void session::disconnect(detail::session_impl& s,
                                   handler<void(boost::system::error_code)> h) {
    detail::on_strand(s, [h = std::move(h)](detail::session_impl& self) mutable {
        self.disconnect(std::move(h));
    });
}

HAWK_DECL void session::mark_delivered(std::string message_id) {
    detail::on_strand(*impl_, [id = std::move(message_id)](detail::session_impl& self) mutable {
        self.mark(std::move(id), detail::session_impl::receipt_level::delivered);
    });
}

HAWK_DECL void session::mark_read(std::string message_id) {
    detail::on_strand(*impl_, [id = std::move(message_id)](detail::session_impl& self) mutable {
        self.mark(std::move(id), detail::session_impl::receipt_level::read);
    });
}

HAWK_DECL void session::close() {
    detail::on_strand(*impl_, [](detail::session_impl& self) {
        self.end_session(make_error_code(errc::closed));
    });
}

HAWK_DECL std::string session::connection_token() const {
    std::lock_guard<std::mutex> lock(impl_->snapshot_mutex_);
    return impl_->public_token_;
}

HAWK_DECL session_stats session::stats() const {
    std::lock_guard<std::mutex> lock(impl_->snapshot_mutex_);
    return impl_->stats_;
}

HAWK_DECL core::diagnostics session::last_error() const {
    std::lock_guard<std::mutex> lock(impl_->snapshot_mutex_);
    return impl_->last_error_;
}

} // namespace hawk::chat
