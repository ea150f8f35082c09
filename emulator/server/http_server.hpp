#pragma once

// The HTTP(S) server of hawk-emulator: one port speaking HTTP/1.1 in plain text and over TLS,
// handing each request to one handler on the server's own thread.
//
//     hawk::emulator::server_config cfg;
//     cfg.ca_out = "/tmp/emulator-ca.pem";   // clients trust this CA (their CA-file setting)
//     hawk::emulator::http_server server(cfg, [](const hawk::core::http::request& req) {
//         return hawk::emulator::json_response(200, R"({"ok":true})");
//     });
//     server.start();                        // throws when it cannot listen
//     std::cout << server.https_url() << "\n";
//     hawk::emulator::wait_for_termination(); // emulator/server/signals.hpp
//     server.stop();
//
// Each connection is detected as TLS (a ClientHello) or plain HTTP from its first bytes.
// Requests are read with Beast's parser (Content-Length or chunked bodies, Expect:
// 100-continue answered); every response carries Content-Length, Date and x-amzn-RequestId.
// What the server rejects on its own gets an AWS-style JSON error and the connection is closed:
// 400 BadRequestException (not HTTP), 413 RequestEntityTooLargeException (body_limit),
// 431 RequestHeaderFieldsTooLargeException (header_limit), 500 InternalServerException (the
// handler threw).
//
// WebSockets, on the same port and either scheme: give the server an upgrade_handler too, and
// each WebSocket upgrade request (GET with `Upgrade: websocket`) goes to it instead of the
// request handler. It refuses with a response (sent, then the connection closed), or accepts
// with a websocket_handler that the server calls as frames arrive:
//
//     hawk::emulator::http_server server(cfg, handler, [](const hawk::core::http::request& req)
//             -> hawk::emulator::upgrade_result {
//         if (req.path != "/echo")
//             return hawk::emulator::json_response(404, R"({"message":"no such socket"})");
//         return std::make_unique<echo_handler>(); // on_message: socket.send_text(...)
//     });
//
// Upgrade requests are not counted by requests_handled() and no faults apply to them. Without
// an upgrade handler they are ordinary requests for the request handler.

#include <hawk/core/http/message.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace hawk::emulator {

/// Fault injection, for tests; all off by default. "Every Nth" counts the complete requests
/// received since start() or the last set_faults(), whatever connection they came on.
struct fault_config {
    /// Every Nth request is answered 429 ThrottlingException ({"message":"Rate exceeded"})
    /// without calling the handler.
    unsigned throttle_every = 0;
    /// Every Nth request is handled (the handler runs, state changes) and then its connection is
    /// closed without sending the response.
    unsigned drop_every = 0;
    /// Wait this long before sending each response.
    std::chrono::milliseconds delay{0};
};

struct server_config {
    std::string address = "127.0.0.1"; ///< the only address the server listens on
    std::uint16_t port = 0;            ///< 0: an ephemeral port (see http_server::port())
    /// Also speak HTTPS on the same port: each connection is detected from its first bytes.
    bool tls = true;
    /// The certificate (PEM, optionally followed by its chain) and private key (PEM). Both
    /// empty: a CA and a certificate for localhost / 127.0.0.1 / ::1 are made at start().
    std::string cert_file, key_file;
    /// When set, the PEM of the CA made at start() is written there (atomically: a client may
    /// poll for the file). Needs the generated certificate: cert_file must be empty.
    std::string ca_out;
    std::size_t body_limit = 1 << 20;    ///< larger request bodies: 413
    std::size_t header_limit = 16 << 10; ///< larger request lines + header blocks: 431
    /// A connection waiting this long for a request (or for the rest of one) is closed. An open
    /// WebSocket may stay silent for any time; its opening and closing handshakes get this long.
    std::chrono::milliseconds idle_timeout{60'000};
    fault_config faults;
};

/// Handlers run on the server's thread, one at a time, so state they own needs no locks. The
/// request has the method; the path (raw, still percent-encoded, before '?') and query (raw,
/// after '?'); the headers as received, in order; the body; the scheme ("http" or "https");
/// and host and port from the Host header (the listening address and port without one; port 0
/// when the Host header has none). Return the response; std::nullopt closes the connection
/// without answering. An exception becomes a 500 InternalServerException.
using request_handler =
    std::function<std::optional<core::http::response>(const core::http::request&)>;

/// A response with a JSON body (Content-Type: application/json).
core::http::response json_response(int status, std::string body);

/// An open WebSocket, as handlers see it. It belongs to the server, which passes it to every
/// call of the socket's websocket_handler: valid from on_open until on_closed has returned; use
/// it on the server's thread only.
class websocket {
public:
    /// Queues a text frame; frames go out in the order queued. Ignored once the socket is
    /// closing.
    virtual void send_text(std::string text) = 0;
    /// Sends the frames queued so far, then a close frame with `code` (1000: normal closure),
    /// and ends the connection once the client answers it (or after `idle_timeout`).
    virtual void close(std::uint16_t code = 1000) = 0;
    /// Closes the TCP connection at once, without a close frame: to the client, a lost network.
    virtual void abort() = 0;

protected:
    ~websocket() = default;
};

/// What the application does with one accepted WebSocket. The server calls it on its thread:
/// on_open once the handshake is done, on_message for each complete message, on_closed last,
/// however the socket ended (close frame, lost connection, close(), abort(), stop()). When the
/// handshake fails it is not called at all. An exception from it is reported on stderr and
/// closes the socket with 1011 (internal error).
class websocket_handler {
public:
    virtual ~websocket_handler() = default;
    virtual void on_open(websocket& socket) = 0;
    /// `data` is valid during the call; `text` tells a text frame from a binary one.
    virtual void on_message(websocket& socket, std::string_view data, bool text) = 0;
    virtual void on_closed(websocket& socket) = 0;
};

/// An upgrade handler's answer: a response refusing the upgrade (e.g. 403), or the handler of
/// the accepted socket (never null).
using upgrade_result = std::variant<core::http::response, std::unique_ptr<websocket_handler>>;

/// Decides on a WebSocket upgrade request (the request as a request_handler gets it). Runs on
/// the server's thread; an exception becomes a 500 InternalServerException.
using upgrade_handler = std::function<upgrade_result(const core::http::request&)>;

/// A Beast HTTP/HTTPS server running one io_context on a thread of its own.
///
/// @par Thread safety
/// start(), stop() and the destructor are called from one thread at a time, never the server's
/// own (not from a handler): stop() joins it. The accessors may be called from any thread once
/// start() has returned; set_faults() and requests_handled() concurrently with anything.
class http_server {
public:
    /// Without `upgrade`, WebSocket upgrade requests go to `handler` like any other.
    http_server(server_config cfg, request_handler handler, upgrade_handler upgrade = nullptr);
    /// Stops (see stop()).
    ~http_server();
    http_server(const http_server&) = delete;
    http_server& operator=(const http_server&) = delete;

    /// Binds, listens and starts the server's thread; once it returns, clients may connect.
    /// Makes (and writes to ca_out) or reads the TLS certificate first.
    /// @throws std::runtime_error with a message naming the address and port, or the file,
    /// when the address cannot be bound or a file cannot be read or written; std::logic_error
    /// when it was started before (a server does not restart).
    void start();
    /// Closes the listener and every connection, WebSockets without a close frame (requests in
    /// progress are abandoned, delays cut short), then stops and joins the server's thread.
    /// Idempotent; returns promptly whatever the clients do. Work scheduled on context() does
    /// not run afterwards.
    void stop();

    /// The port listened on (the ephemeral one when the config said 0); 0 before start().
    std::uint16_t port() const;
    std::string http_url() const;  ///< "http://ADDRESS:PORT"
    std::string https_url() const; ///< "https://ADDRESS:PORT"; empty when TLS is off
    /// The io_context handlers run on, for work they schedule (timers) on the server's thread.
    /// It lives as long as the server.
    boost::asio::io_context& context();
    /// Replaces the fault injection from the next request on, and restarts its counting.
    void set_faults(fault_config f);
    /// Complete requests received so far (each handed to the handler or throttled); requests
    /// rejected as malformed or too large do not count.
    std::uint64_t requests_handled() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace hawk::emulator
