#pragma once

// Body of hawk::core::http::transport (see http/transport.hpp), compiled once through
// <hawk/src.hpp>.
//
// How it works:
//  - One strand per transport runs everything: the pools, every exchange (one request and its
//    response), every socket, resolver and timer. Public members only post to it, so
//    async_send never completes inline and may be called from any thread without locks.
//    stats() reads atomics that only the strand writes. Sockets, resolvers and the timer are
//    typed on the strand itself (not on a type-erased executor holding it), so that Asio's
//    per-operation executor copies do not allocate.
//  - An exchange takes a connection from its host's pool (the most recently used idle one that
//    still looks alive), opens a new one while the pool is below its cap, or waits in the pool's
//    queue. When it is done, a reusable connection goes to the first waiter or back to the
//    pool; any other is closed and its slot goes to a waiter.
//  - Deadlines: every exchange has its attempt deadline, and while a connection is set up the
//    earlier connect deadline. One timer per transport fires at the earliest of them; the
//    exchanges whose deadline passed then fail with timed_out at once and close whatever they
//    were using, so the bound holds even for a name resolution that cannot be interrupted (its
//    late answer is ignored). Exchanges in flight are kept in submission order, which is their
//    attempt-deadline order, so finishing one is O(1) and never touches the timer; Beast's
//    tcp_stream timeouts cannot cover resolving or waiting for a connection, so they are not
//    used.
//  - Nothing is pending while the transport is idle (the timer is cancelled when the last
//    exchange ends, and idle connections have no reads), so io_context::run() returns once
//    every request is done. Idle connections are therefore checked when they are taken:
//    expired ones, and ones that became readable (EOF, reset or unexpected bytes), are closed.
//  - The wire: the request's head (and a body up to 16 KiB) is written into the connection's
//    own buffer, reused from request to request, and sent with one write; the response is
//    parsed by Beast's parser straight into an http::response. A steady stream of requests
//    allocates little beyond the response's own strings: the memory of exchanges and of
//    Asio's operations is recycled per thread (recycling_allocator.hpp).
//  - The handler is posted to the transport's executor (never run on the strand, so a handler
//    that blocks cannot stall other requests), then dispatched to its associated executor.

#include <hawk/core/http/recycling_allocator.hpp>
#include <hawk/core/http/transport.hpp>

#include <boost/asio/append.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/basic_stream_socket.hpp>
#include <boost/asio/basic_waitable_timer.hpp>
#include <boost/asio/bind_allocator.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/basic_resolver.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/assert.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <deque>
#include <optional>
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
using strand_socket = boost::asio::basic_stream_socket<ttcp, transport_strand>;
using strand_tls_stream = tssl::stream<strand_socket>;
using strand_resolver = boost::asio::ip::basic_resolver<ttcp, transport_strand>;
using strand_timer =
    boost::asio::basic_waitable_timer<std::chrono::steady_clock,
                                      boost::asio::wait_traits<std::chrono::steady_clock>,
                                      transport_strand>;

class exchange;

// The header block may be this large; bodies are limited by max_response_bytes.
inline constexpr std::uint32_t response_header_limit = 1024 * 1024;
// Bodies up to this size are copied behind the head and go out in one write (one TLS record
// for small requests); larger ones are written from the request, after the head.
inline constexpr std::size_t copied_body_limit = 16 * 1024;

/// Binds the transport's recycled memory to an internal handler (Asio's operations take their
/// memory from the handler's associated allocator).
template <class Handler>
auto recycled(Handler&& handler) {
    return tnet::bind_allocator(recycling_allocator<void>(), std::forward<Handler>(handler));
}

//---- Request checks ------------------------------------------------------------------------

// RFC 9110 token: methods and header names.
inline bool is_http_token(std::string_view s) noexcept {
    static constexpr auto table = [] {
        std::array<bool, 256> t{};
        for (int c = '0'; c <= '9'; ++c)
            t[static_cast<std::size_t>(c)] = true;
        for (int c = 'a'; c <= 'z'; ++c)
            t[static_cast<std::size_t>(c)] = t[static_cast<std::size_t>(c - 'a' + 'A')] = true;
        for (const char c : std::string_view("!#$%&'*+-.^_`|~"))
            t[static_cast<unsigned char>(c)] = true;
        return t;
    }();
    if (s.empty())
        return false;
    for (unsigned char c : s)
        if (!table[c])
            return false;
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

// The elements of a comma-separated header value (RFC 9110 lists), without blanks.
template <class F>
void for_each_list_element(std::string_view value, F&& f) {
    while (!value.empty()) {
        const std::size_t comma = value.find(',');
        std::string_view item = value.substr(0, comma);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
            item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t'))
            item.remove_suffix(1);
        if (!item.empty())
            f(item);
        if (comma == std::string_view::npos)
            break;
        value.remove_prefix(comma + 1);
    }
}

// Errors that say the peer closed the connection (cleanly or not), as opposed to a bad
// response or a local failure.
inline bool is_closed_by_peer(const boost::system::error_code& ec) noexcept {
    return ec == bhttp::error::end_of_stream || ec == tnet::error::eof ||
           ec == tnet::error::connection_reset || ec == tnet::error::connection_aborted ||
           ec == tnet::error::broken_pipe || ec == tnet::error::not_connected ||
           ec == tssl::error::stream_truncated;
}

//---- Reading a response --------------------------------------------------------------------

/// Beast's HTTP/1.1 parser, delivering into an http::response: no intermediate field table.
class response_reader final : public bhttp::basic_parser<false> {
public:
    response res;

private:
    void on_request_impl(bhttp::verb, boost::beast::string_view, boost::beast::string_view, int,
                         boost::system::error_code&) override {}

    void on_response_impl(int code, boost::beast::string_view, int,
                          boost::system::error_code& ec) override {
        // Three digits, but not a status (RFC 9110: 100 to 599; beyond 599 is left to callers).
        if (code < 100) {
            ec = bhttp::error::bad_status;
            return;
        }
        res.status = code;
        res.headers.reserve(12);
    }

    void on_field_impl(bhttp::field, boost::beast::string_view name,
                       boost::beast::string_view value, boost::system::error_code&) override {
        res.headers.push_back(
            {std::string(name.data(), name.size()), std::string(value.data(), value.size())});
    }

    void on_header_impl(boost::system::error_code&) override {}

    void on_body_init_impl(const boost::optional<std::uint64_t>& length,
                           boost::system::error_code& ec) override {
        if (!length)
            return;
        if (*length > res.body.max_size())
            ec = bhttp::error::buffer_overflow;
        else
            res.body.reserve(static_cast<std::size_t>(*length));
    }

    std::size_t on_body_impl(boost::beast::string_view body, boost::system::error_code&) override {
        res.body.append(body.data(), body.size());
        return body.size();
    }

    void on_chunk_header_impl(std::uint64_t, boost::beast::string_view,
                              boost::system::error_code&) override {}

    std::size_t on_chunk_body_impl(std::uint64_t, boost::beast::string_view body,
                                   boost::system::error_code&) override {
        res.body.append(body.data(), body.size());
        return body.size();
    }

    void on_finish_impl(boost::system::error_code&) override {}
};

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

    strand_socket& socket() noexcept { return tls_ ? tls_->next_layer() : *plain_; }
    bool is_tls() const noexcept { return tls_.has_value(); }
    strand_tls_stream& tls_stream() noexcept { return *tls_; }

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
        strand_socket& s = socket();
        if (!s.is_open() || buffer_.size() != 0)
            return false;
        if (tls_ && SSL_pending(tls_->native_handle()) > 0)
            return false;
        char byte;
#ifdef MSG_DONTWAIT
        // One system call; toggling the socket's mode around a peek costs three more (two to
        // toggle it, one for the next operation to make it non-blocking again).
        const auto n = ::recv(s.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
#else
        boost::system::error_code ec;
        s.non_blocking(true, ec);
        if (ec)
            return false;
        s.receive(tnet::buffer(&byte, 1), ttcp::socket::message_peek, ec);
        boost::system::error_code ignored; // the mode only affects synchronous calls: we make none
        s.non_blocking(false, ignored);
        return ec == tnet::error::would_block;
#endif
    }

    strand_resolver resolver_;
    boost::beast::flat_buffer buffer_; // bytes read but not yet parsed
    std::string out_;                  // what is being written; its capacity is reused
    std::chrono::steady_clock::time_point idle_since_{};

private:
    std::optional<strand_socket> plain_;
    std::optional<strand_tls_stream> tls_;
};

// The connections to one (scheme, host, port).
struct host_pool {
    bool tls = false;
    std::uint16_t port = 0;
    std::string host; // lower case

    std::vector<std::shared_ptr<connection>> idle; // oldest first
    std::deque<exchange*> waiting; // in arrival order; an exchange removes itself when it ends
    std::size_t open = 0;          // idle + busy + being set up; <= the cap
};

//---- The transport's state -----------------------------------------------------------------

class transport_impl : public std::enable_shared_from_this<transport_impl> {
public:
    transport_impl(boost::asio::any_io_executor ex, transport_config cfg)
        : executor_(std::move(ex)), strand_(tnet::make_strand(executor_)), cfg_(std::move(cfg)),
          tls_(tssl::context::tls_client), timer_(strand_) {
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
    host_pool& pool_for(bool tls, std::string_view host, std::uint16_t port);

    // Exchanges in flight, in submission (= attempt deadline) order, and the deadline timer.
    void link(exchange* x) noexcept;
    void unlink(exchange* x) noexcept;
    void connecting(exchange* x);
    void connected(exchange* x) noexcept;
    void schedule();
    void on_timer(std::uint64_t generation, boost::system::error_code ec);

    std::shared_ptr<connection> open_connection(host_pool& pool, bool tls) {
        ++pool.open;
        ++open_;
        return std::allocate_shared<connection>(recycling_allocator<connection>(), strand_,
                                                tls ? &tls_ : nullptr);
    }

    boost::asio::any_io_executor executor_;
    transport_strand strand_;
    transport_config cfg_;
    tssl::context tls_;
    // Stable addresses: exchanges point into them. A transport talks to a handful of hosts.
    std::vector<std::unique_ptr<host_pool>> pools_;
    // Submitted, not finished: close() aborts them; the timer fails them at their deadline.
    // Raw pointers: an exchange owns its transport (shared_ptr), never the reverse, and leaves
    // these lists when it ends, so destroying an io_context with requests in flight frees
    // everything.
    exchange* first_ = nullptr;
    exchange* last_ = nullptr;
    std::vector<exchange*> connecting_; // setting up a connection: connect deadlines
    strand_timer timer_;
    bool timer_armed_ = false;
    std::chrono::steady_clock::time_point timer_at_{};
    std::uint64_t timer_generation_ = 0;
    bool closing_ = false;

    // Written on the strand only; atomics so that stats() may read them from any thread.
    std::atomic<std::size_t> opened_{0}, open_{0}, idle_{0}, waiting_{0}, retries_{0};
};

//---- One request and its response ----------------------------------------------------------

class exchange : public std::enable_shared_from_this<exchange> {
public:
    // track_work: keep the handler's executor busy until completion (not needed when that is
    // the transport's own executor, which the exchange's pending work keeps running).
    exchange(std::shared_ptr<transport_impl> owner, send_handler handler, bool track_work)
        : owner_(std::move(owner)), handler_(std::move(handler)), track_work_(track_work) {
        deadline_ = std::chrono::steady_clock::now() + owner_->cfg_.attempt_timeout;
        if (track_work_)
            work_ = tnet::prefer(tnet::get_associated_executor(handler_, owner_->executor_),
                                 tnet::execution::outstanding_work.tracked);
    }

    // Only reached unfinished when the io_context is destroyed with this exchange pending (its
    // handler is then destroyed, not invoked): give back what it holds.
    ~exchange() {
        if (phase_ != phase::done)
            owner_->forget(this, pool_, conn_);
    }
    exchange(const exchange&) = delete;
    exchange& operator=(const exchange&) = delete;

    /// Checks the request; a failure is reported by start(). Runs on the caller's thread,
    /// before the exchange is shared. The request is taken over.
    void prepare(request&& req) {
        owned_ = std::move(req);
        prepare_borrowed(owned_);
    }

    /// The same for a request the caller keeps valid, unchanged, until the handler runs.
    void prepare_borrowed(const request& req) {
        req_ = &req;
        if (iequals(req.scheme, "https"))
            tls_ = true;
        else if (!iequals(req.scheme, "http"))
            return invalid();
        host_ = without_brackets(req.host);
        const std::uint16_t default_port = tls_ ? 443 : 80;
        port_ = req.port != 0 ? req.port : default_port;
        if (host_.empty() || !is_target_text(host_) || !is_http_token(req.method) ||
            !is_target_text(req.path) || !is_target_text(req.query))
            return invalid();
        const std::string* connection_header = nullptr;
        const std::string* transfer_encoding = nullptr;
        for (const header& h : req.headers) {
            if (!is_http_token(h.name) || !is_field_value(h.value))
                return invalid();
            if (iequals(h.name, "host"))
                has_host_ = true;
            else if (!connection_header && iequals(h.name, "connection"))
                connection_header = &h.value;
            else if (!transfer_encoding && iequals(h.name, "transfer-encoding"))
                transfer_encoding = &h.value;
        }
        // HTTP/1.1 keeps the connection unless the request says close.
        if (connection_header)
            for_each_list_element(*connection_header, [this](std::string_view token) {
                if (iequals(token, "close"))
                    keep_alive_ = false;
            });
        // Chunked when chunked is the last transfer coding.
        if (transfer_encoding)
            for_each_list_element(*transfer_encoding, [this](std::string_view coding) {
                chunked_ = iequals(coding, "chunked");
            });
        content_length_ = content_length(req);
        head_ = req.method == "HEAD";
    }

    /// On the strand: joins the exchanges in flight, hooks up cancellation and asks for a
    /// connection.
    void start() {
        if (prepare_error_)
            return finish(prepare_error_, {});
        owner_->link(this);
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
        if (phase_ == phase::queued)
            keeper_->cancel();
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
        } else if (phase_ == phase::queued) {
            owner_->dequeue(*pool_, this);
            keeper_->cancel();
        }
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

    /// Waits for a connection. Nothing else holds the exchange meanwhile (the transport keeps
    /// raw pointers), so a wait that never fires on its own keeps it alive, the way a pending
    /// operation keeps every other exchange alive: destroying the io_context still frees it.
    void queued() {
        phase_ = phase::queued;
        if (!keeper_)
            keeper_.emplace(owner_->strand_);
        keeper_->expires_at(std::chrono::steady_clock::time_point::max());
        keeper_->async_wait(recycled([self = shared_from_this()](boost::system::error_code) {}));
    }
    bool tls() const noexcept { return tls_; }
    std::string_view host() const noexcept { return host_; }
    std::uint16_t port() const noexcept { return port_; }

    host_pool* pool_ = nullptr; // set by acquire()
    // In transport_impl's list of exchanges in flight.
    exchange* prev_ = nullptr;
    exchange* next_ = nullptr;
    bool linked_ = false;
    bool in_connecting_ = false; // in transport_impl::connecting_
    std::chrono::steady_clock::time_point deadline_;
    std::chrono::steady_clock::time_point connect_deadline_{};

private:
    enum class phase { created, queued, connecting, handshaking, writing, reading, done };

    void invalid() { prepare_error_ = make_error_code(boost::system::errc::invalid_argument); }

    // A new connection gets connect_timeout (never past the attempt deadline) to resolve and
    // connect, and then the same again for the TLS handshake.
    void arm_connect_deadline() {
        connect_deadline_ =
            (std::min)(deadline_, std::chrono::steady_clock::now() + owner_->cfg_.connect_timeout);
        owner_->connecting(this);
    }

    void connect() {
        phase_ = phase::connecting;
        arm_connect_deadline();
        boost::system::error_code not_ip;
        const tnet::ip::address address = tnet::ip::make_address(host_, not_ip);
        is_ip_ = !not_ip;
        if (is_ip_) {
            conn_->socket().async_connect(
                ttcp::endpoint(address, port_),
                recycled([self = shared_from_this()](boost::system::error_code ec) {
                    self->on_connect(ec);
                }));
            return;
        }
        char service[8];
        const auto digits = std::to_chars(service, service + sizeof service, port_);
        conn_->resolver_.async_resolve(
            host_, std::string_view(service, static_cast<std::size_t>(digits.ptr - service)),
            recycled([self = shared_from_this()](boost::system::error_code ec,
                                                 const ttcp::resolver::results_type& results) {
                self->on_resolve(ec, results);
            }));
    }

    void on_resolve(boost::system::error_code ec, const ttcp::resolver::results_type& results) {
        if (phase_ == phase::done)
            return;
        if (ec)
            return fail(ec);
        tnet::async_connect(
            conn_->socket(), results,
            recycled([self = shared_from_this()](boost::system::error_code ec,
                                                 const ttcp::endpoint&) { self->on_connect(ec); }));
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
        arm_connect_deadline();
        strand_tls_stream& stream = conn_->tls_stream();
        const std::string host(host_);
        // SNI only for names: RFC 6066 does not allow IP literals in server_name.
        if (!is_ip_ && SSL_set_tlsext_host_name(stream.native_handle(), host.c_str()) != 1)
            return fail({static_cast<int>(ERR_get_error()), tnet::error::get_ssl_category()});
        if (owner_->cfg_.verify_peer) {
            stream.set_verify_mode(tssl::verify_peer, ec);
            if (!ec)
                stream.set_verify_callback(tssl::host_name_verification(host), ec);
        } else {
            stream.set_verify_mode(tssl::verify_none, ec);
        }
        if (ec)
            return fail(ec);
        stream.async_handshake(tssl::stream_base::client,
                               recycled([self = shared_from_this()](boost::system::error_code ec) {
                                   self->on_handshake(ec);
                               }));
    }

    void on_handshake(boost::system::error_code ec) {
        if (phase_ == phase::done)
            return;
        if (ec)
            return fail(ec);
        send();
    }

    /// The request line and header block, as Beast's serializer would write them: the
    /// caller's headers in order (less any Content-Length), then Host unless given, then
    /// Content-Length when there is a body or the method is POST, PUT or PATCH.
    void write_head(std::string& out) const {
        const request& req = *req_;
        out.append(req.method).append(" ");
        if (req.path.empty())
            out.append("/");
        else
            out.append(req.path);
        if (!req.query.empty())
            out.append("?").append(req.query);
        out.append(" HTTP/1.1\r\n");
        for (const header& h : req.headers) {
            // Computed below from the body: a stale one would desynchronize the connection.
            if (iequals(h.name, "content-length"))
                continue;
            out.append(h.name).append(": ").append(h.value).append("\r\n");
        }
        char digits[24];
        if (!has_host_) {
            out.append("Host: ");
            const bool ipv6 = host_.find(':') != std::string_view::npos;
            if (ipv6)
                out.append("[");
            out.append(host_);
            if (ipv6)
                out.append("]");
            if (port_ != (tls_ ? 443 : 80)) {
                const auto end = std::to_chars(digits, digits + sizeof digits, port_).ptr;
                out.append(":").append(digits, end);
            }
            out.append("\r\n");
        }
        if (content_length_) {
            const auto end = std::to_chars(digits, digits + sizeof digits, *content_length_).ptr;
            out.append("Content-Length: ").append(digits, end).append("\r\n");
        }
        out.append("\r\n");
    }

    void send() {
        phase_ = phase::writing;
        owner_->connected(this); // back to the attempt deadline
        const std::string& body = req_->body;
        std::string& out = conn_->out_;
        out.clear();
        write_head(out);
        // The body: after the head when small, else from the request itself; chunked when the
        // request says so (one chunk, then the last one).
        std::array<tnet::const_buffer, 3> buffers{tnet::buffer(out)};
        if (chunked_ && !body.empty()) {
            char digits[24];
            const auto end = std::to_chars(digits, digits + sizeof digits, body.size(), 16).ptr;
            out.append(digits, end).append("\r\n");
        }
        if (body.size() <= copied_body_limit) {
            out.append(body);
            if (chunked_)
                out.append(body.empty() ? "0\r\n\r\n" : "\r\n0\r\n\r\n");
            buffers[0] = tnet::buffer(out);
        } else {
            buffers[0] = tnet::buffer(out);
            buffers[1] = tnet::buffer(body);
            if (chunked_)
                buffers[2] = tnet::buffer(std::string_view("\r\n0\r\n\r\n"));
        }
        conn_->with_stream([this, &buffers](auto& stream) {
            tnet::async_write(
                stream, buffers,
                recycled([self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                    self->on_write(ec, n);
                }));
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
                recycled([self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                    self->on_read(ec, n);
                }));
        });
    }

    void on_read(boost::system::error_code ec, std::size_t bytes) {
        if (phase_ == phase::done)
            return;
        if (ec)
            return connection_failed(ec, bytes == 0 && conn_->buffer_.size() == 0 && !interim_);
        const int status = parser_->res.status;
        // 100 Continue, 103 Early Hints: informational, the final response follows.
        if (status >= 100 && status < 200 && status != 101) {
            interim_ = true;
            return receive();
        }
        // Bytes after the response would belong to no request: such a connection is not reused.
        const bool reusable =
            parser_->keep_alive() && keep_alive_ && status != 101 && conn_->buffer_.size() == 0;
        response r = std::move(parser_->res);
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
        if (slot_.is_connected())
            slot_.clear();
        owner_->unlink(this);
        // Through the executor, never on the strand: the handler may block or call back in.
        if (track_work_) {
            // Then dispatched to the handler's associated executor.
            tnet::post(owner_->executor_, tnet::append(std::move(handler_), ec, std::move(r)));
            work_ = tnet::any_completion_executor();
        } else {
            // A handler of the transport's own executor (async_send_borrowed) runs right there:
            // posted as it is, not through the type-erased executor queries of the above.
            tnet::post(owner_->executor_,
                       recycled([handler = std::move(handler_), ec, r = std::move(r)]() mutable {
                           std::move(handler)(ec, std::move(r));
                       }));
        }
    }

    std::shared_ptr<transport_impl> owner_;
    send_handler handler_;
    bool track_work_;
    tnet::any_completion_executor work_; // keeps the handler's executor busy until completion
    tnet::cancellation_slot slot_;
    boost::system::error_code prepare_error_;

    request owned_;                // the request, when the exchange was given it
    const request* req_ = nullptr; // the request being sent: owned_ or the caller's
    bool tls_ = false, is_ip_ = false, head_ = false, has_host_ = false;
    bool keep_alive_ = true, chunked_ = false;
    std::optional<std::size_t> content_length_;
    std::string_view host_; // into *req_, without brackets
    std::uint16_t port_ = 0;

    phase phase_ = phase::created;
    std::shared_ptr<connection> conn_;
    // The last connection this exchange closed: an operation cancelled by closing it still
    // refers to its socket and buffer until its handler, which holds this exchange, has run.
    std::shared_ptr<connection> retired_;
    // conn_ was set up for this exchange: its failure is not a pooled connection gone stale.
    bool fresh_ = false;
    bool retried_ = false; // re-sent once already
    bool interim_ = false; // a 1xx response arrived
    std::optional<response_reader> parser_;
    std::optional<strand_timer> keeper_; // while queued: see queued()
};

//---- Exchanges in flight and their deadlines (on the strand) -------------------------------

inline void transport_impl::link(exchange* x) noexcept {
    x->prev_ = last_;
    x->next_ = nullptr;
    if (last_)
        last_->next_ = x;
    else
        first_ = x;
    last_ = x;
    x->linked_ = true;
    if (!timer_armed_)
        schedule();
}

inline void transport_impl::unlink(exchange* x) noexcept {
    connected(x);
    if (!x->linked_)
        return;
    (x->prev_ ? x->prev_->next_ : first_) = x->next_;
    (x->next_ ? x->next_->prev_ : last_) = x->prev_;
    x->prev_ = x->next_ = nullptr;
    x->linked_ = false;
    // Nothing may stay pending once the transport is idle: io_context::run() must return.
    if (!first_ && timer_armed_) {
        timer_armed_ = false;
        ++timer_generation_;
        timer_.cancel();
    }
}

inline void transport_impl::connecting(exchange* x) {
    if (!x->in_connecting_) {
        connecting_.push_back(x);
        x->in_connecting_ = true;
    }
    if (!timer_armed_ || x->connect_deadline_ < timer_at_)
        schedule();
}

inline void transport_impl::connected(exchange* x) noexcept {
    if (!x->in_connecting_)
        return;
    connecting_.erase(std::find(connecting_.begin(), connecting_.end(), x));
    x->in_connecting_ = false;
}

// Arms the timer for the earliest deadline of the exchanges in flight (an earlier one may have
// been armed: it then fires early, finds nothing due and arms again).
inline void transport_impl::schedule() {
    if (!first_)
        return;
    std::chrono::steady_clock::time_point at = first_->deadline_;
    for (const exchange* x : connecting_)
        at = (std::min)(at, x->connect_deadline_);
    timer_armed_ = true;
    timer_at_ = at;
    const std::uint64_t generation = ++timer_generation_;
    timer_.expires_at(at);
    timer_.async_wait(recycled([weak = weak_from_this(), generation](boost::system::error_code ec) {
        if (auto self = weak.lock())
            self->on_timer(generation, ec);
    }));
}

inline void transport_impl::on_timer(std::uint64_t generation, boost::system::error_code ec) {
    // operation_aborted, or a wait replaced by a later arming: that one decides.
    if (ec == tnet::error::operation_aborted || generation != timer_generation_)
        return;
    timer_armed_ = false;
    const auto now = std::chrono::steady_clock::now();
    std::vector<std::shared_ptr<exchange>> due; // fail() changes both lists
    for (exchange* x = first_; x && x->deadline_ <= now; x = x->next_)
        due.push_back(x->shared_from_this());
    for (exchange* x : connecting_)
        if (x->connect_deadline_ <= now)
            due.push_back(x->shared_from_this());
    for (const std::shared_ptr<exchange>& x : due) // twice is harmless: fail() is idempotent
        x->fail(tnet::error::timed_out);
    if (!timer_armed_)
        schedule();
}

//---- Pool operations (on the strand) -------------------------------------------------------

inline host_pool& transport_impl::pool_for(bool tls, std::string_view host, std::uint16_t port) {
    for (const std::unique_ptr<host_pool>& p : pools_)
        if (p->tls == tls && p->port == port && iequals(p->host, host))
            return *p;
    auto pool = std::make_unique<host_pool>();
    pool->tls = tls;
    pool->port = port;
    pool->host.assign(host);
    for (char& c : pool->host)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    pools_.push_back(std::move(pool));
    return *pools_.back();
}

inline void transport_impl::submit(const std::shared_ptr<exchange>& x) {
    x->start();
}

inline void transport_impl::acquire(const std::shared_ptr<exchange>& x) {
    host_pool& pool = pool_for(x->tls(), x->host(), x->port());
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
    const auto now = std::chrono::steady_clock::now();
    c->idle_since_ = now;
    pool.idle.push_back(std::move(c));
    ++idle_;
    // Expired connections (the oldest, at the front) are closed now too: while newer ones keep
    // being reused, acquire() would never reach them.
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
    return std::allocate_shared<connection>(recycling_allocator<connection>(), strand_,
                                            tls ? &tls_ : nullptr);
}

inline void transport_impl::dequeue(host_pool& pool, const exchange* x) {
    for (auto it = pool.waiting.begin(); it != pool.waiting.end(); ++it)
        if (*it == x) {
            pool.waiting.erase(it);
            --waiting_;
            return;
        }
}

// An exchange destroyed unfinished (see ~exchange): no new work is started from here, and the
// timer is left alone (the io_context is going away with its pending wait).
inline void transport_impl::forget(exchange* x, host_pool* pool,
                                   const std::shared_ptr<connection>& c) {
    if (x->in_connecting_) {
        connecting_.erase(std::find(connecting_.begin(), connecting_.end(), x));
        x->in_connecting_ = false;
    }
    if (x->linked_) {
        (x->prev_ ? x->prev_->next_ : first_) = x->next_;
        (x->next_ ? x->next_->prev_ : last_) = x->prev_;
        x->linked_ = false;
    }
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
    std::vector<std::shared_ptr<exchange>> active; // fail() unlinks
    for (exchange* x = first_; x; x = x->next_)
        active.push_back(x->shared_from_this());
    for (const std::shared_ptr<exchange>& x : active)
        x->fail(tnet::error::operation_aborted);
    closing_ = false;
    for (const std::unique_ptr<host_pool>& p : pools_) {
        host_pool& pool = *p;
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
    auto x = std::allocate_shared<detail::exchange>(detail::recycling_allocator<detail::exchange>(),
                                                    impl_, std::move(handler), true);
    x->prepare(std::move(req));
    boost::asio::post(impl_->strand_,
                      detail::recycled([impl = impl_, x = std::move(x)] { impl->submit(x); }));
}

HAWK_DECL void transport::async_send_borrowed(
    const request& req,
    boost::asio::any_completion_handler<void(boost::system::error_code, response)> handler) {
    BOOST_ASSERT_MSG(impl_, "async_send_borrowed on a moved-from transport");
    auto x = std::allocate_shared<detail::exchange>(detail::recycling_allocator<detail::exchange>(),
                                                    impl_, std::move(handler), false);
    x->prepare_borrowed(req);
    boost::asio::post(impl_->strand_,
                      detail::recycled([impl = impl_, x = std::move(x)] { impl->submit(x); }));
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
