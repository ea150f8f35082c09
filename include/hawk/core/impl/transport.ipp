#pragma once

// Body of hawk::core::http::transport (see http/transport.hpp), compiled once through
// <hawk/src.hpp>.
//
// How it works:
//  - One strand per transport runs everything: the pools, every exchange (one request and its
//    response), every socket, resolver and timer. Public members only post to it, so
//    async_send never completes inline and may be called from any thread without locks.
//    stats() reads atomics that only the strand writes.
//  - An exchange takes a connection from its host's pool (the most recently used idle one that
//    still looks alive), opens a new one while the pool is below its cap, or waits in the pool's
//    queue. When it is done, a reusable connection goes to the first waiter or back to the
//    pool; any other is closed and its slot goes to a waiter.
//  - One timer per exchange holds its deadline: the attempt deadline, and while a connection
//    is set up the earlier connect deadline. When it fires, the exchange fails with timed_out
//    at once and closes whatever it was using, so the bound holds even for a name resolution
//    that cannot be interrupted (its late answer is ignored). Beast's tcp_stream timeouts cannot
//    cover resolving or waiting for a connection, so they are not used.
//  - Nothing is pending while the transport is idle (no timers, no reads on idle connections),
//    so io_context::run() returns once every request is done. Idle connections are therefore
//    checked when they are taken: expired ones, and ones that became readable (EOF, reset or
//    unexpected bytes), are closed.
//  - The handler is posted to the transport's executor (never run on the strand, so a handler
//    that blocks cannot stall other requests), then dispatched to its associated executor.

#include <hawk/core/http/transport.hpp>

#include <boost/asio/append.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/assert.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk::core::http {
namespace detail {

namespace tnet = boost::asio;
namespace tssl = boost::asio::ssl;
namespace bhttp = boost::beast::http;
using ttcp = boost::asio::ip::tcp;
using send_handler = boost::asio::any_completion_handler<void(boost::system::error_code, response)>;
using transport_strand = boost::asio::strand<boost::asio::any_io_executor>;

class exchange;

// The header block may be this large; bodies are limited by max_response_bytes.
inline constexpr std::uint32_t response_header_limit = 1024 * 1024;

//---- Request checks ------------------------------------------------------------------------

// RFC 9110 token: methods and header names.
inline bool is_http_token(std::string_view s) noexcept {
    if (s.empty())
        return false;
    for (unsigned char c : s) {
        const bool alnum =
            (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) ==
                          std::string_view::npos)
            return false;
    }
    return true;
}

// A header value must not smuggle in a line break (request splitting) or a NUL.
inline bool is_field_value(std::string_view s) noexcept {
    return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// Path and query are sent as given (already percent-encoded): no spaces or controls.
inline bool is_target_text(std::string_view s) noexcept {
    for (unsigned char c : s)
        if (c <= 0x20 || c == 0x7f)
            return false;
    return true;
}

inline std::string_view without_brackets(std::string_view host) noexcept {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        return host.substr(1, host.size() - 2);
    return host;
}

// Errors that say the peer closed the connection (cleanly or not), as opposed to a bad
// response or a local failure.
inline bool is_closed_by_peer(const boost::system::error_code& ec) noexcept {
    return ec == bhttp::error::end_of_stream || ec == tnet::error::eof ||
           ec == tnet::error::connection_reset || ec == tnet::error::connection_aborted ||
           ec == tnet::error::broken_pipe || ec == tnet::error::not_connected ||
           ec == tssl::error::stream_truncated;
}

//---- Connections ---------------------------------------------------------------------------

// One TCP connection, with TLS on top for https. Lives on the transport's strand.
class connection {
public:
    connection(const transport_strand& strand, tssl::context* tls) : resolver_(strand) {
        if (tls)
            tls_.emplace(strand, *tls);
        else
            plain_.emplace(strand);
    }

    ttcp::socket& socket() noexcept { return tls_ ? tls_->next_layer() : *plain_; }
    bool is_tls() const noexcept { return tls_.has_value(); }
    tssl::stream<ttcp::socket>& tls_stream() noexcept { return *tls_; }

    /// Calls f with the stream requests and responses travel on.
    template <class F>
    void with_stream(F&& f) {
        if (tls_)
            f(*tls_);
        else
            f(*plain_);
    }

    void close() noexcept {
        // A resolve in progress then completes with operation_aborted (once getaddrinfo
        // returns); its exchange has moved on and ignores it.
        resolver_.cancel();
        // No TLS close_notify: it protects a reader from truncation, and the server has
        // nothing left to read from us (every request is framed). Waiting for the peer's
        // close_notify in return could take as long as the server likes.
        boost::system::error_code ignored; // close() fails only for a bad descriptor
        socket().close(ignored);
    }

    /// Whether an idle connection can carry another request. Nothing may have arrived while
    /// it was idle: EOF or a reset means the server closed it, bytes (a TLS close_notify, an
    /// unsolicited 408) mean it is about to. Peeks without blocking.
    bool looks_reusable() noexcept {
        ttcp::socket& s = socket();
        if (!s.is_open() || buffer_.size() != 0)
            return false;
        if (tls_ && SSL_pending(tls_->native_handle()) > 0)
            return false;
        boost::system::error_code ec;
        s.non_blocking(true, ec);
        if (ec)
            return false;
        char byte;
        s.receive(tnet::buffer(&byte, 1), ttcp::socket::message_peek, ec);
        boost::system::error_code ignored; // the mode only affects synchronous calls: we make none
        s.non_blocking(false, ignored);
        return ec == tnet::error::would_block;
    }

    ttcp::resolver resolver_;
    boost::beast::flat_buffer buffer_; // bytes read but not yet parsed
    std::chrono::steady_clock::time_point idle_since_{};

private:
    std::optional<ttcp::socket> plain_;
    std::optional<tssl::stream<ttcp::socket>> tls_;
};

// The connections to one (scheme, host, port).
struct host_pool {
    std::vector<std::shared_ptr<connection>> idle; // oldest first
    std::deque<exchange*> waiting; // in arrival order; an exchange removes itself when it ends
    std::size_t open = 0;          // idle + busy + being set up; <= the cap
};

//---- The transport's state -----------------------------------------------------------------

class transport_impl {
public:
    transport_impl(boost::asio::any_io_executor ex, transport_config cfg)
        : executor_(std::move(ex)), strand_(tnet::make_strand(executor_)), cfg_(std::move(cfg)),
          tls_(tssl::context::tls_client) {
        if (cfg_.max_connections_per_host == 0)
            cfg_.max_connections_per_host = 1;
        // AWS endpoints require TLS 1.2 or later; refusing older versions here turns a
        // downgrade into a clear handshake error.
        if (SSL_CTX_set_min_proto_version(tls_.native_handle(), TLS1_2_VERSION) != 1)
            throw boost::system::system_error(
                boost::system::error_code(static_cast<int>(ERR_get_error()),
                                          tnet::error::get_ssl_category()),
                "TLS minimum version");
        // The trust store is loaded up front so that a bad ca_file fails at construction
        // (these throw system_error), not on every request.
        if (cfg_.verify_peer) {
            if (cfg_.ca_file.empty())
                tls_.set_default_verify_paths();
            else
                tls_.load_verify_file(cfg_.ca_file);
        }
    }

    void submit(const std::shared_ptr<exchange>& x);
    void acquire(const std::shared_ptr<exchange>& x);
    void release(host_pool& pool, std::shared_ptr<connection> c, bool reusable);
    void drop(host_pool& pool, const std::shared_ptr<connection>& c);
    std::shared_ptr<connection> replace(const std::shared_ptr<connection>& c, bool tls);
    void dequeue(host_pool& pool, const exchange* x);
    void forget(exchange* x, host_pool* pool, const std::shared_ptr<connection>& c);
    void close_all();

    std::shared_ptr<connection> open_connection(host_pool& pool, bool tls) {
        ++pool.open;
        ++open_;
        return std::make_shared<connection>(strand_, tls ? &tls_ : nullptr);
    }

    boost::asio::any_io_executor executor_;
    transport_strand strand_;
    transport_config cfg_;
    tssl::context tls_;
    std::map<std::string, host_pool> pools_; // nodes are stable: exchanges point into it
    // Submitted, not finished: close() aborts them. Raw pointers: an exchange owns its
    // transport (shared_ptr), never the reverse, and leaves these lists when it ends, so
    // destroying an io_context with requests in flight frees everything.
    std::set<exchange*> active_;
    bool closing_ = false;

    // Written on the strand only; atomics so that stats() may read them from any thread.
    std::atomic<std::size_t> opened_{0}, open_{0}, idle_{0}, waiting_{0}, retries_{0};
};

//---- One request and its response ----------------------------------------------------------

class exchange : public std::enable_shared_from_this<exchange> {
public:
    exchange(std::shared_ptr<transport_impl> owner, send_handler handler)
        : owner_(std::move(owner)), handler_(std::move(handler)),
          work_(tnet::prefer(tnet::get_associated_executor(handler_, owner_->executor_),
                             tnet::execution::outstanding_work.tracked)),
          timer_(owner_->strand_),
          deadline_(std::chrono::steady_clock::now() + owner_->cfg_.attempt_timeout) {}

    // Only reached unfinished when the io_context is destroyed with this exchange pending (its
    // handler is then destroyed, not invoked): give back what it holds.
    ~exchange() {
        if (phase_ != phase::done)
            owner_->forget(this, pool_, conn_);
    }
    exchange(const exchange&) = delete;
    exchange& operator=(const exchange&) = delete;

    /// Checks the request and builds what goes on the wire; a failure is reported by start().
    /// Runs on the caller's thread, before the exchange is shared.
    void prepare(request&& req) {
        if (iequals(req.scheme, "https"))
            tls_ = true;
        else if (!iequals(req.scheme, "http"))
            return invalid();
        host_ = std::string(without_brackets(req.host));
        boost::system::error_code ec;
        tnet::ip::make_address(host_, ec);
        is_ip_ = !ec;
        const std::uint16_t default_port = tls_ ? 443 : 80;
        port_ = req.port != 0 ? req.port : default_port;
        if (host_.empty() || !is_target_text(host_) || !is_http_token(req.method) ||
            !is_target_text(req.path) || !is_target_text(req.query))
            return invalid();

        std::string target = req.path.empty() ? std::string("/") : std::move(req.path);
        if (!req.query.empty())
            target.append("?").append(req.query);
        wire_.version(11);
        wire_.method_string(req.method);
        wire_.target(target);
        bool has_host = false;
        for (const header& h : req.headers) {
            if (!is_http_token(h.name) || !is_field_value(h.value))
                return invalid();
            // Computed below from the body: a stale one would desynchronize the connection.
            if (iequals(h.name, "content-length"))
                continue;
            has_host = has_host || iequals(h.name, "host");
            wire_.insert(h.name, h.value);
        }
        if (!has_host) {
            std::string value = host_.find(':') != std::string::npos ? "[" + host_ + "]" : host_;
            if (port_ != default_port)
                value.append(":").append(std::to_string(port_));
            wire_.set(bhttp::field::host, value);
        }
        if (const std::optional<std::size_t> length = content_length(req))
            wire_.content_length(*length);
        wire_.body() = std::move(req.body);
        head_ = req.method == "HEAD";

        std::string host_key = host_;
        for (char& c : host_key)
            if (c >= 'A' && c <= 'Z')
                c = static_cast<char>(c - 'A' + 'a');
        pool_key_ = (tls_ ? "https://" : "http://") + host_key + ":" + std::to_string(port_);
    }

    /// On the strand: arms the deadline, hooks up cancellation and asks for a connection.
    void start() {
        if (prepare_error_)
            return finish(prepare_error_, {});
        arm(deadline_);
        slot_ = tnet::get_associated_cancellation_slot(handler_);
        if (slot_.is_connected()) {
            slot_.assign(
                [weak = weak_from_this(), strand = owner_->strand_](tnet::cancellation_type type) {
                    // Emitted on the canceller's thread: hop onto the strand first.
                    tnet::post(strand, [weak, type] {
                        if (auto x = weak.lock())
                            x->cancel(type);
                    });
                });
        }
        owner_->acquire(shared_from_this());
    }

    /// The pool hands over a connection: a new one to set up, or an idle one to reuse.
    void take(std::shared_ptr<connection> c, bool fresh) {
        conn_ = std::move(c);
        fresh_ = fresh;
        if (fresh)
            connect();
        else
            send();
    }

    /// Fails the exchange unless it is done: closes its connection (its state is unknown) or
    /// leaves the queue, then completes with ec.
    void fail(boost::system::error_code ec) {
        if (phase_ == phase::done)
            return;
        if (conn_) {
            retired_ = conn_;
            owner_->drop(*pool_, std::exchange(conn_, nullptr));
        } else if (phase_ == phase::queued)
            owner_->dequeue(*pool_, this);
        finish(ec, {});
    }

    /// Per-operation cancellation. Terminal and partial cancellation abort the request (the
    /// transport stays usable); total cancellation ("as if never started") only while nothing
    /// has been sent.
    void cancel(tnet::cancellation_type type) {
        const bool unsent =
            !retried_ && (phase_ == phase::created || phase_ == phase::queued ||
                          phase_ == phase::connecting || phase_ == phase::handshaking);
        if ((type & (tnet::cancellation_type::terminal | tnet::cancellation_type::partial)) !=
                tnet::cancellation_type::none ||
            ((type & tnet::cancellation_type::total) != tnet::cancellation_type::none && unsent))
            fail(tnet::error::operation_aborted);
    }

    void queued() noexcept { phase_ = phase::queued; }
    bool tls() const noexcept { return tls_; }
    const std::string& pool_key() const noexcept { return pool_key_; }

    host_pool* pool_ = nullptr; // set by acquire()

private:
    enum class phase { created, queued, connecting, handshaking, writing, reading, done };

    void invalid() { prepare_error_ = make_error_code(boost::system::errc::invalid_argument); }

    void arm(std::chrono::steady_clock::time_point at) {
        timer_.expires_at(at);
        timer_.async_wait(
            boost::beast::bind_front_handler(&exchange::on_timer, shared_from_this()));
    }

    std::chrono::steady_clock::time_point connect_deadline() const {
        return (std::min)(deadline_,
                          std::chrono::steady_clock::now() + owner_->cfg_.connect_timeout);
    }

    void on_timer(boost::system::error_code ec) {
        // operation_aborted: re-armed or finished.
        if (ec == tnet::error::operation_aborted || phase_ == phase::done)
            return;
        // A wait that completed just before the timer was re-armed to a later time.
        if (timer_.expiry() > std::chrono::steady_clock::now())
            return;
        fail(tnet::error::timed_out);
    }

    void connect() {
        phase_ = phase::connecting;
        arm(connect_deadline());
        if (is_ip_) {
            const ttcp::endpoint endpoint(tnet::ip::make_address(host_), port_);
            conn_->socket().async_connect(endpoint, boost::beast::bind_front_handler(
                                                        &exchange::on_connect, shared_from_this()));
            return;
        }
        conn_->resolver_.async_resolve(
            host_, std::to_string(port_),
            boost::beast::bind_front_handler(&exchange::on_resolve, shared_from_this()));
    }

    void on_resolve(boost::system::error_code ec, const ttcp::resolver::results_type& results) {
        if (phase_ == phase::done)
            return;
        if (ec)
            return fail(ec);
        tnet::async_connect(
            conn_->socket(), results,
            [self = shared_from_this()](boost::system::error_code ec, const ttcp::endpoint&) {
                self->on_connect(ec);
            });
    }

    void on_connect(boost::system::error_code ec) {
        if (phase_ == phase::done)
            return;
        if (ec)
            return fail(ec);
        ++owner_->opened_;
        // Without TCP_NODELAY a request written in two segments could wait for the first one's
        // delayed ACK (up to 40 ms). Failing to set it costs only latency.
        boost::system::error_code ignored;
        conn_->socket().set_option(ttcp::no_delay(true), ignored);
        if (!conn_->is_tls())
            return send();

        phase_ = phase::handshaking;
        arm(connect_deadline());
        tssl::stream<ttcp::socket>& stream = conn_->tls_stream();
        // SNI only for names: RFC 6066 does not allow IP literals in server_name.
        if (!is_ip_ && SSL_set_tlsext_host_name(stream.native_handle(), host_.c_str()) != 1)
            return fail({static_cast<int>(ERR_get_error()), tnet::error::get_ssl_category()});
        if (owner_->cfg_.verify_peer) {
            stream.set_verify_mode(tssl::verify_peer, ec);
            if (!ec)
                stream.set_verify_callback(tssl::host_name_verification(host_), ec);
        } else {
            stream.set_verify_mode(tssl::verify_none, ec);
        }
        if (ec)
            return fail(ec);
        stream.async_handshake(
            tssl::stream_base::client,
            boost::beast::bind_front_handler(&exchange::on_handshake, shared_from_this()));
    }

    void on_handshake(boost::system::error_code ec) {
        if (phase_ == phase::done)
            return;
        if (ec)
            return fail(ec);
        send();
    }

    void send() {
        phase_ = phase::writing;
        if (timer_.expiry() != deadline_)
            arm(deadline_); // back from the connect deadline
        conn_->with_stream([this](auto& stream) {
            bhttp::async_write(
                stream, wire_,
                boost::beast::bind_front_handler(&exchange::on_write, shared_from_this()));
        });
    }

    void on_write(boost::system::error_code ec, std::size_t) {
        if (phase_ == phase::done)
            return;
        if (ec)
            return connection_failed(ec, true);
        receive();
    }

    void receive() {
        phase_ = phase::reading;
        parser_.emplace();
        parser_->body_limit(static_cast<std::uint64_t>(owner_->cfg_.max_response_bytes));
        parser_->header_limit(response_header_limit);
        if (head_)
            parser_->skip(true); // a HEAD response has no body, whatever Content-Length says
        conn_->with_stream([this](auto& stream) {
            bhttp::async_read(
                stream, conn_->buffer_, *parser_,
                boost::beast::bind_front_handler(&exchange::on_read, shared_from_this()));
        });
    }

    void on_read(boost::system::error_code ec, std::size_t bytes) {
        if (phase_ == phase::done)
            return;
        if (ec)
            return connection_failed(ec, bytes == 0 && conn_->buffer_.size() == 0 && !interim_);
        bhttp::response<bhttp::string_body>& msg = parser_->get();
        const int status = msg.result_int();
        // 100 Continue, 103 Early Hints: informational, the final response follows.
        if (status >= 100 && status < 200 && status != 101) {
            interim_ = true;
            return receive();
        }
        response r;
        r.status = status;
        for (const auto& field : msg)
            r.headers.push_back({std::string(field.name_string()), std::string(field.value())});
        r.body = std::move(msg.body());
        // Bytes after the response would belong to no request: such a connection is not reused.
        const bool reusable =
            msg.keep_alive() && wire_.keep_alive() && status != 101 && conn_->buffer_.size() == 0;
        parser_.reset();
        owner_->release(*pool_, std::exchange(conn_, nullptr), reusable);
        finish({}, std::move(r));
    }

    void connection_failed(boost::system::error_code ec, bool nothing_received) {
        // The keep-alive race: the server closed a connection while it sat in our pool, and
        // our request met the closed socket. Only then is the request re-sent: the connection
        // was reused, the error says the peer closed it, and not one byte of a response
        // arrived. A server that processed the request and died without answering looks the
        // same, which is why this happens once, on a new connection, and never after any
        // response byte (the choice browsers and the AWS SDKs make too).
        if (!fresh_ && !retried_ && nothing_received && is_closed_by_peer(ec)) {
            retried_ = true;
            ++owner_->retries_;
            retired_ = conn_;
            return take(owner_->replace(conn_, tls_), true);
        }
        fail(ec);
    }

    void finish(boost::system::error_code ec, response r) {
        const std::shared_ptr<exchange> self = shared_from_this(); // alive until the end
        phase_ = phase::done;
        timer_.cancel();
        if (slot_.is_connected())
            slot_.clear();
        owner_->active_.erase(this);
        // Through the executor, never on the strand: the handler may block or call back in.
        tnet::post(owner_->executor_, tnet::append(std::move(handler_), ec, std::move(r)));
        work_ = tnet::any_completion_executor();
    }

    std::shared_ptr<transport_impl> owner_;
    send_handler handler_;
    tnet::any_completion_executor work_; // keeps the handler's executor busy until completion
    tnet::cancellation_slot slot_;
    tnet::steady_timer timer_;
    std::chrono::steady_clock::time_point deadline_;
    boost::system::error_code prepare_error_;

    bool tls_ = false, is_ip_ = false, head_ = false;
    std::string host_;
    std::uint16_t port_ = 0;
    std::string pool_key_;
    bhttp::request<bhttp::string_body> wire_;

    phase phase_ = phase::created;
    std::shared_ptr<connection> conn_;
    // The last connection this exchange closed: an operation cancelled by closing it still
    // refers to its socket and buffer until its handler, which holds this exchange, has run.
    std::shared_ptr<connection> retired_;
    // conn_ was set up for this exchange: its failure is not a pooled connection gone stale.
    bool fresh_ = false;
    bool retried_ = false; // re-sent once already
    bool interim_ = false; // a 1xx response arrived
    std::optional<bhttp::response_parser<bhttp::string_body>> parser_;
};

//---- Pool operations (on the strand) -------------------------------------------------------

inline void transport_impl::submit(const std::shared_ptr<exchange>& x) {
    active_.insert(x.get());
    x->start();
}

inline void transport_impl::acquire(const std::shared_ptr<exchange>& x) {
    host_pool& pool = pools_[x->pool_key()];
    x->pool_ = &pool;
    const auto now = std::chrono::steady_clock::now();
    // Most recently used first: it is the least likely to have been closed by the server.
    while (!pool.idle.empty()) {
        std::shared_ptr<connection> c = std::move(pool.idle.back());
        pool.idle.pop_back();
        --idle_;
        if (now - c->idle_since_ < cfg_.idle_timeout && c->looks_reusable())
            return x->take(std::move(c), false);
        c->close();
        --pool.open;
        --open_;
    }
    if (pool.open < cfg_.max_connections_per_host)
        return x->take(open_connection(pool, x->tls()), true);
    pool.waiting.push_back(x.get());
    ++waiting_;
    x->queued();
}

inline void transport_impl::release(host_pool& pool, std::shared_ptr<connection> c, bool reusable) {
    if (!reusable || cfg_.idle_timeout.count() <= 0)
        return drop(pool, c);
    if (!pool.waiting.empty()) {
        exchange* next = pool.waiting.front();
        pool.waiting.pop_front();
        --waiting_;
        return next->take(std::move(c), false);
    }
    c->idle_since_ = std::chrono::steady_clock::now();
    pool.idle.push_back(std::move(c));
    ++idle_;
    // Expired connections (the oldest, at the front) are closed now too: while newer ones keep
    // being reused, acquire() would never reach them.
    const auto now = std::chrono::steady_clock::now();
    std::size_t expired = 0;
    while (expired < pool.idle.size() && now - pool.idle[expired]->idle_since_ >= cfg_.idle_timeout)
        ++expired;
    for (std::size_t i = 0; i < expired; ++i) {
        pool.idle[i]->close();
        --pool.open;
        --open_;
        --idle_;
    }
    pool.idle.erase(pool.idle.begin(), pool.idle.begin() + static_cast<std::ptrdiff_t>(expired));
}

inline void transport_impl::drop(host_pool& pool, const std::shared_ptr<connection>& c) {
    c->close();
    --pool.open;
    --open_;
    // The freed slot goes to the first waiter (unless everything is being aborted anyway).
    while (!closing_ && !pool.waiting.empty() && pool.open < cfg_.max_connections_per_host) {
        exchange* next = pool.waiting.front();
        pool.waiting.pop_front();
        --waiting_;
        next->take(open_connection(pool, next->tls()), true);
    }
}

// Closes c and returns a new connection in its slot (for the one retry).
inline std::shared_ptr<connection> transport_impl::replace(const std::shared_ptr<connection>& c,
                                                           bool tls) {
    c->close();
    return std::make_shared<connection>(strand_, tls ? &tls_ : nullptr);
}

inline void transport_impl::dequeue(host_pool& pool, const exchange* x) {
    for (auto it = pool.waiting.begin(); it != pool.waiting.end(); ++it)
        if (*it == x) {
            pool.waiting.erase(it);
            --waiting_;
            return;
        }
}

// An exchange destroyed unfinished (see ~exchange): no new work is started from here.
inline void transport_impl::forget(exchange* x, host_pool* pool,
                                   const std::shared_ptr<connection>& c) {
    active_.erase(x);
    if (pool)
        dequeue(*pool, x);
    if (pool && c) {
        c->close();
        --pool->open;
        --open_;
    }
}

inline void transport_impl::close_all() {
    closing_ = true;
    std::vector<std::shared_ptr<exchange>> active; // fail() erases from active_
    for (exchange* x : active_)
        active.push_back(x->shared_from_this());
    for (const std::shared_ptr<exchange>& x : active)
        x->fail(tnet::error::operation_aborted);
    closing_ = false;
    for (auto& entry : pools_) {
        host_pool& pool = entry.second;
        for (const std::shared_ptr<connection>& c : pool.idle) {
            c->close();
            --pool.open;
            --open_;
            --idle_;
        }
        pool.idle.clear();
    }
}

} // namespace detail

//---- transport -----------------------------------------------------------------------------

HAWK_DECL transport::transport(boost::asio::any_io_executor ex, transport_config cfg)
    : impl_(std::make_shared<detail::transport_impl>(std::move(ex), std::move(cfg))) {}

HAWK_DECL transport::~transport() {
    if (impl_)
        close();
}

HAWK_DECL transport::transport(transport&& other) noexcept : impl_(std::move(other.impl_)) {}

HAWK_DECL transport& transport::operator=(transport&& other) noexcept {
    if (this != &other) {
        if (impl_)
            close();
        impl_ = std::move(other.impl_);
    }
    return *this;
}

HAWK_DECL void transport::async_send(
    request req,
    boost::asio::any_completion_handler<void(boost::system::error_code, response)> handler) {
    BOOST_ASSERT_MSG(impl_, "async_send on a moved-from transport");
    auto x = std::make_shared<detail::exchange>(impl_, std::move(handler));
    x->prepare(std::move(req));
    boost::asio::post(impl_->strand_, [impl = impl_, x = std::move(x)] { impl->submit(x); });
}

HAWK_DECL void transport::close() {
    if (impl_)
        boost::asio::post(impl_->strand_, [impl = impl_] { impl->close_all(); });
}

HAWK_DECL transport_stats transport::stats() const {
    transport_stats s;
    if (impl_) {
        s.connections_opened = impl_->opened_.load();
        s.connections_open = impl_->open_.load();
        s.connections_idle = impl_->idle_.load();
        s.requests_waiting = impl_->waiting_.load();
        s.retries = impl_->retries_.load();
    }
    return s;
}

HAWK_DECL const transport_config& transport::config() const noexcept {
    BOOST_ASSERT_MSG(impl_, "config() on a moved-from transport");
    return impl_->cfg_;
}

HAWK_DECL bool is_certificate_error(const boost::system::error_code& ec) noexcept {
    if (ec.category() != boost::asio::error::get_ssl_category())
        return false;
    const auto packed = static_cast<unsigned long>(static_cast<unsigned int>(ec.value()));
    return ERR_GET_LIB(packed) == ERR_LIB_SSL &&
           ERR_GET_REASON(packed) == SSL_R_CERTIFICATE_VERIFY_FAILED;
}

} // namespace hawk::core::http
