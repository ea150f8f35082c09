#pragma once

// A loopback HTTP/1.1 server for tests, and the certificates it needs for HTTPS.
//
//     hawk::test::test_server server;                          // plain HTTP on
//     127.0.0.1:<ephemeral> server.respond([](const hawk::test::recorded_request& r) {
//         return hawk::test::reply::ok("hello " + r.path);    // or delay, hang, drop, garbage, ...
//     });
//     auto req = server.request("GET", "/path");               // scheme, host, port filled in
//     ... send it ...
//     CHECK(server.requests().at(0).method == "GET");
//     CHECK(server.accepts() == 1);
//
// HTTPS: make a CA and a certificate in memory (test_ca, OpenSSL 3), start the server with
// it, and give the client the CA through a temp_file:
//
//     hawk::test::test_ca ca;
//     hawk::test::test_server server(ca.issue("localhost", "DNS:localhost,IP:127.0.0.1"));
//     hawk::test::temp_file ca_file(ca.cert_pem());            // removed by its destructor
//
// The server runs its own io_context on a background thread (C++20 coroutines, one per
// connection), answers each request with what the script returns (called on that thread) and
// records every request. Everything it does is bounded by the test: the destructor closes
// every connection and joins the thread. Only 127.0.0.1 is used.

#include <hawk/core/http/message.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
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
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace hawk::test {

//---- What the server saw and what it answers -----------------------------------------------

struct recorded_request {
    std::size_t connection = 0; ///< which accepted connection (1, 2, ... in accept order)
    std::string method;
    std::string target; ///< as on the request line
    std::string path;   ///< target before '?'
    std::string query;  ///< target after '?', without it
    unsigned version = 11;
    std::vector<core::http::header> headers; ///< as received, in order
    std::string body;
    std::string server_name; ///< TLS SNI the client sent; empty for none or plain HTTP

    const std::string* find_header(std::string_view name) const {
        return core::http::detail::find(headers, name);
    }
};

/// One scripted answer. The defaults make "200 OK" with Content-Length framing and keep-alive.
struct reply {
    enum class framing { content_length, chunked, until_close };
    enum class action {
        respond,                ///< send the response (or `raw`)
        hang,                   ///< send nothing; keep the connection until the client closes it
        close_without_response, ///< close the connection at once (a server dropping it)
    };

    int status = 200;
    std::vector<core::http::header> headers;
    std::string body;
    framing body_framing = framing::content_length;
    std::size_t chunk_size = 4;         ///< for framing::chunked
    bool http10 = false;                ///< "HTTP/1.0" status line; the server closes afterwards
    bool close = false;                 ///< "Connection: close", then close
    std::chrono::milliseconds delay{0}; ///< wait this long before answering
    std::string raw; ///< when set, sent verbatim instead of a response built from the fields
    action what = action::respond;

    static reply ok(std::string body = {}) {
        reply r;
        r.body = std::move(body);
        return r;
    }
    static reply hang() {
        reply r;
        r.what = action::hang;
        return r;
    }
    static reply drop() {
        reply r;
        r.what = action::close_without_response;
        return r;
    }
    /// Sends `bytes` as they are (garbage, hand-made or cut-off responses), then closes.
    static reply bytes(std::string bytes) {
        reply r;
        r.raw = std::move(bytes);
        r.close = true;
        return r;
    }
};

/// The response as it goes on the wire.
inline std::string serialize(const reply& r) {
    std::string out = r.http10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(r.status) + " " +
           std::string(boost::beast::http::obsolete_reason(
               static_cast<boost::beast::http::status>(r.status))) +
           "\r\n";
    for (const core::http::header& h : r.headers)
        out += h.name + ": " + h.value + "\r\n";
    if (r.close)
        out += "Connection: close\r\n";
    switch (r.body_framing) {
    case reply::framing::content_length:
        out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n\r\n" + r.body;
        break;
    case reply::framing::chunked: {
        out += "Transfer-Encoding: chunked\r\n\r\n";
        const std::size_t step = std::max<std::size_t>(r.chunk_size, 1);
        for (std::size_t at = 0; at < r.body.size(); at += step) {
            const std::string chunk = r.body.substr(at, step);
            char size[32];
            std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
            out += size + chunk + "\r\n";
        }
        out += "0\r\n\r\n";
        break;
    }
    case reply::framing::until_close:
        out += "\r\n" + r.body;
        break;
    }
    return out;
}

//---- Certificates (OpenSSL 3) --------------------------------------------------------------

namespace detail {

struct openssl_free {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
    void operator()(X509* p) const noexcept { X509_free(p); }
    void operator()(BIO* p) const noexcept { BIO_free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, openssl_free>;
using x509_ptr = std::unique_ptr<X509, openssl_free>;
using bio_ptr = std::unique_ptr<BIO, openssl_free>;

inline void openssl_check(bool ok, const char* what) {
    if (!ok) {
        char text[256] = "";
        ERR_error_string_n(ERR_get_error(), text, sizeof text);
        throw std::runtime_error(std::string("OpenSSL ") + what + ": " + text);
    }
}

inline pkey_ptr make_key() {
    pkey_ptr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    openssl_check(key != nullptr, "EVP_PKEY_Q_keygen");
    return key;
}

inline void add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    openssl_check(ext != nullptr, "X509V3_EXT_conf_nid");
    const int added = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    openssl_check(added == 1, "X509_add_ext");
}

/// A certificate for `key`, signed by issuer/issuer_key (itself when issuer is null).
inline x509_ptr make_certificate(EVP_PKEY* key, const std::string& common_name, X509* issuer,
                                 EVP_PKEY* issuer_key, bool is_ca, const std::string& alt_names,
                                 long serial) {
    x509_ptr cert(X509_new());
    openssl_check(cert != nullptr, "X509_new");
    X509* c = cert.get();
    openssl_check(X509_set_version(c, 2) == 1, "X509_set_version"); // 2 means v3
    openssl_check(ASN1_INTEGER_set(X509_get_serialNumber(c), serial) == 1, "serial");
    X509_gmtime_adj(X509_getm_notBefore(c), -3600); // a skewed clock must not matter
    X509_gmtime_adj(X509_getm_notAfter(c), 7L * 24 * 3600);
    openssl_check(X509_set_pubkey(c, key) == 1, "X509_set_pubkey");
    X509_NAME* name = X509_get_subject_name(c);
    openssl_check(X509_NAME_add_entry_by_txt(
                      name, "CN", MBSTRING_ASC,
                      reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0) == 1,
                  "subject");
    X509* signer = issuer ? issuer : c;
    openssl_check(X509_set_issuer_name(c, X509_get_subject_name(signer)) == 1, "issuer");
    add_extension(c, signer, NID_subject_key_identifier, "hash");
    if (is_ca) {
        add_extension(c, signer, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(c, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_extension(c, signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(c, signer, NID_key_usage, "critical,digitalSignature");
        add_extension(c, signer, NID_ext_key_usage, "serverAuth");
        add_extension(c, signer, NID_authority_key_identifier, "keyid:always");
        if (!alt_names.empty())
            add_extension(c, signer, NID_subject_alt_name, alt_names);
    }
    openssl_check(X509_sign(c, issuer_key ? issuer_key : key, EVP_sha256()) > 0, "X509_sign");
    return cert;
}

inline std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

inline std::string to_pem(X509* cert) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    openssl_check(bio && PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
    return bio_text(bio.get());
}

inline std::string to_pem(EVP_PKEY* key) {
    bio_ptr bio(BIO_new(BIO_s_mem()));
    openssl_check(
        bio && PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "PEM_write_bio_PrivateKey");
    return bio_text(bio.get());
}

} // namespace detail

/// A server certificate (PEM, the leaf only) and its private key (PEM).
struct server_identity {
    std::string cert_pem;
    std::string key_pem;
};

/// A throw-away certificate authority (EC P-256, valid for a week), made in memory.
class test_ca {
public:
    explicit test_ca(const std::string& common_name = "hawk test CA")
        : key_(detail::make_key()),
          cert_(detail::make_certificate(key_.get(), common_name, nullptr, nullptr, true, {}, 1)),
          pem_(detail::to_pem(cert_.get())) {}

    const std::string& cert_pem() const noexcept { return pem_; }

    /// A server certificate signed by this CA. `alt_names` is the subjectAltName in OpenSSL's
    /// syntax, e.g. "DNS:localhost,IP:127.0.0.1".
    server_identity issue(const std::string& common_name, const std::string& alt_names) {
        detail::pkey_ptr key = detail::make_key();
        detail::x509_ptr cert = detail::make_certificate(key.get(), common_name, cert_.get(),
                                                         key_.get(), false, alt_names, ++serial_);
        return {detail::to_pem(cert.get()), detail::to_pem(key.get())};
    }

private:
    detail::pkey_ptr key_;
    detail::x509_ptr cert_;
    std::string pem_;
    long serial_ = 1;
};

/// A file with the given contents in the temp directory, removed on destruction.
class temp_file {
public:
    explicit temp_file(std::string_view contents, std::string_view suffix = ".pem") {
        static std::atomic<unsigned> counter{0};
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        path_ = (std::filesystem::temp_directory_path() /
                 ("hawk-test-" + std::to_string(stamp) + "-" + std::to_string(++counter) +
                  std::string(suffix)))
                    .string();
        std::ofstream out(path_, std::ios::binary);
        out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
        if (!out)
            throw std::runtime_error("cannot write " + path_);
    }
    ~temp_file() {
        std::error_code ignored; // a leftover temp file is harmless
        std::filesystem::remove(path_, ignored);
    }
    temp_file(const temp_file&) = delete;
    temp_file& operator=(const temp_file&) = delete;

    const std::string& path() const noexcept { return path_; }

private:
    std::string path_;
};

//---- The server ----------------------------------------------------------------------------

class test_server {
public:
    using script = std::function<reply(const recorded_request&)>;

    /// Plain HTTP.
    test_server() { start(); }

    /// HTTPS with this certificate and key.
    explicit test_server(const server_identity& identity) {
        namespace ssl = boost::asio::ssl;
        tls_.emplace(ssl::context::tls_server);
        tls_->use_certificate_chain(boost::asio::buffer(identity.cert_pem));
        tls_->use_private_key(boost::asio::buffer(identity.key_pem), ssl::context::pem);
        start();
    }

    ~test_server() {
        // Close everything on the server's thread, then stop it. Coroutines still suspended are
        // destroyed with the io_context, while the members they touch are still alive.
        boost::asio::post(*ioc_, [this] {
            boost::system::error_code ignored; // closing a closed acceptor is fine
            acceptor_->close(ignored);
            for (const std::shared_ptr<session>& s : sessions_)
                s->close();
            ioc_->stop();
        });
        thread_.join();
        acceptor_.reset();
        ioc_.reset();
    }

    test_server(const test_server&) = delete;
    test_server& operator=(const test_server&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    bool is_tls() const noexcept { return tls_.has_value(); }

    /// A request to this server (scheme, host 127.0.0.1 and port filled in).
    core::http::request request(std::string method, std::string path,
                                std::string query = {}) const {
        core::http::request r;
        r.method = std::move(method);
        r.scheme = is_tls() ? "https" : "http";
        r.host = "127.0.0.1";
        r.port = port_;
        r.path = std::move(path);
        r.query = std::move(query);
        return r;
    }

    /// Replaces the script; without one, every request gets reply::ok().
    void respond(script s) {
        std::lock_guard<std::mutex> lock(mutex_);
        script_ = std::move(s);
    }

    std::vector<recorded_request> requests() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return requests_;
    }
    std::size_t request_count() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return requests_.size();
    }
    /// Connections accepted so far.
    std::size_t accepts() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return accepts_;
    }
    /// Connections open now, and the most that were open at once.
    std::size_t open_connections() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return open_;
    }
    std::size_t max_open_connections() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return max_open_;
    }
    /// TLS handshakes that failed (the client rejected the certificate, ...).
    std::size_t failed_handshakes() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return failed_handshakes_;
    }

    /// Closes (TCP, no TLS close_notify) every connection waiting for its next request, as a
    /// server's keep-alive timeout does. Returns once they are closed.
    void close_idle_connections() {
        std::promise<void> done;
        boost::asio::post(*ioc_, [this, &done] {
            for (const std::shared_ptr<session>& s : sessions_)
                if (s->idle)
                    s->close();
            done.set_value();
        });
        done.get_future().wait();
    }

private:
    using tcp = boost::asio::ip::tcp;
    template <class T>
    using awaitable = boost::asio::awaitable<T>;

    struct session {
        bool idle = false;                          // waiting for the next request
        std::function<void()> close_socket;         // set while the coroutine runs
        boost::asio::steady_timer* timer = nullptr; // a delay in progress

        void close() {
            if (timer)
                timer->cancel();
            if (close_socket)
                close_socket();
        }
    };

    void start() {
        ioc_.emplace();
        acceptor_.emplace(*ioc_);
        const tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"), 0);
        acceptor_->open(endpoint.protocol());
        acceptor_->set_option(tcp::acceptor::reuse_address(true));
        acceptor_->bind(endpoint);
        acceptor_->listen();
        port_ = acceptor_->local_endpoint().port();
        boost::asio::co_spawn(*ioc_, accept_loop(), boost::asio::detached);
        thread_ = std::thread([this] { ioc_->run(); });
    }

    awaitable<void> accept_loop() {
        for (;;) {
            auto [ec, socket] =
                co_await acceptor_->async_accept(boost::asio::as_tuple(boost::asio::use_awaitable));
            if (ec == boost::asio::error::operation_aborted || !acceptor_->is_open())
                co_return;
            if (ec)
                continue; // e.g. the client gave up before we accepted: keep serving
            boost::asio::co_spawn(*ioc_, run_session(std::move(socket)), boost::asio::detached);
        }
    }

    awaitable<void> run_session(tcp::socket socket) {
        auto state = std::make_shared<session>();
        std::size_t id = 0;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            id = ++accepts_;
            max_open_ = std::max(max_open_, ++open_);
        }
        sessions_.insert(state);
        struct leave {
            test_server* server;
            std::shared_ptr<session> state;
            ~leave() {
                state->close_socket = nullptr;
                server->sessions_.erase(state);
                std::lock_guard<std::mutex> lock(server->mutex_);
                --server->open_;
            }
        } guard{this, state};

        if (!tls_) {
            state->close_socket = [&socket] {
                boost::system::error_code ignored; // closing twice is fine
                socket.close(ignored);
            };
            co_await serve(socket, *state, id, {});
            co_return;
        }
        boost::asio::ssl::stream<tcp::socket> stream(std::move(socket), *tls_);
        state->close_socket = [&stream] {
            boost::system::error_code ignored; // closing twice is fine
            stream.next_layer().close(ignored);
        };
        auto [ec] =
            co_await stream.async_handshake(boost::asio::ssl::stream_base::server,
                                            boost::asio::as_tuple(boost::asio::use_awaitable));
        if (ec) {
            std::lock_guard<std::mutex> lock(mutex_);
            ++failed_handshakes_;
            co_return;
        }
        const char* sni = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
        co_await serve(stream, *state, id, sni ? sni : "");
    }

    template <class Stream>
    awaitable<void> serve(Stream& stream, session& state, std::size_t id, std::string sni) {
        namespace http = boost::beast::http;
        using boost::asio::as_tuple;
        using boost::asio::use_awaitable;
        boost::beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(std::uint64_t{256} * 1024 * 1024);
            state.idle = true;
            auto [ec, n] =
                co_await http::async_read(stream, buffer, parser, as_tuple(use_awaitable));
            state.idle = false;
            if (ec)
                co_return; // the client closed, or sent something that is not HTTP

            const http::request<http::string_body>& msg = parser.get();
            recorded_request rec;
            rec.connection = id;
            rec.method = std::string(msg.method_string());
            rec.target = std::string(msg.target());
            const std::size_t q = rec.target.find('?');
            rec.path = rec.target.substr(0, q);
            rec.query = q == std::string::npos ? std::string() : rec.target.substr(q + 1);
            rec.version = msg.version();
            for (const auto& field : msg)
                rec.headers.push_back(
                    {std::string(field.name_string()), std::string(field.value())});
            rec.body = msg.body();
            rec.server_name = sni;
            script s;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                requests_.push_back(rec);
                s = script_;
            }
            const reply r = s ? s(rec) : reply::ok();

            if (r.delay.count() > 0) {
                boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, r.delay);
                state.timer = &timer;
                auto [waited] = co_await timer.async_wait(as_tuple(use_awaitable));
                state.timer = nullptr;
                if (waited)
                    co_return; // closed by the test
            }
            if (r.what == reply::action::close_without_response)
                co_return;
            if (r.what == reply::action::hang) {
                // Readable again only when the client closes (or the test closes us).
                auto [closed] = co_await boost::beast::get_lowest_layer(stream).async_wait(
                    tcp::socket::wait_read, as_tuple(use_awaitable));
                (void)closed; // either way the session ends
                co_return;
            }
            const std::string bytes = r.raw.empty() ? serialize(r) : r.raw;
            const bool last = r.close || r.http10 ||
                              r.body_framing == reply::framing::until_close || !msg.keep_alive();
            // Idle as soon as the answer is on its way: the client may have read it and the
            // test called close_idle_connections() before this coroutine resumes.
            state.idle = !last;
            auto [wec, written] = co_await boost::asio::async_write(
                stream, boost::asio::buffer(bytes), as_tuple(use_awaitable));
            if (wec)
                co_return;
            if (last) {
                co_await finish(stream);
                co_return;
            }
        }
    }

    // Ends a connection after a response the client reads to the end: TLS sends close_notify
    // first (a body framed by the close must not look truncated). The shutdown completes with
    // an error when the client just closes the socket, which it may: ignored.
    static awaitable<void> finish(tcp::socket&) { co_return; }
    static awaitable<void> finish(boost::asio::ssl::stream<tcp::socket>& stream) {
        auto [ignored] =
            co_await stream.async_shutdown(boost::asio::as_tuple(boost::asio::use_awaitable));
        (void)ignored;
    }

    std::optional<boost::asio::io_context> ioc_;
    std::optional<tcp::acceptor> acceptor_;
    std::optional<boost::asio::ssl::context> tls_;
    std::uint16_t port_ = 0;
    std::thread thread_;
    std::set<std::shared_ptr<session>> sessions_; // the server's thread only

    mutable std::mutex mutex_; // guards what follows: the test's thread reads it
    script script_;
    std::vector<recorded_request> requests_;
    std::size_t accepts_ = 0, open_ = 0, max_open_ = 0, failed_handshakes_ = 0;
};

} // namespace hawk::test
