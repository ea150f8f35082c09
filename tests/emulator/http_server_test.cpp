// hawk-emulator's HTTP(S) server, driven by hawk's own transport and by raw Beast clients, all on
// 127.0.0.1.

// Test that header file is self-contained.
#include "emulator/server/http_server.hpp"

#include "emulator/server/signals.hpp"
#include "emulator/server/tls.hpp"
#include "emulator/websocket_client.hpp"

#include <hawk/core/http/transport.hpp>

#include <support/test_server.hpp> // temp_file

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <fstream>
#include <functional>
#include <future>
#include <iterator>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;
using hawk::core::http::request;
using hawk::core::http::response;
using hawk::core::http::transport;
using hawk::core::http::transport_config;
using hawk::emulator::fault_config;
using hawk::emulator::http_server;
using hawk::emulator::server_config;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

/// The handler's side of a test: every request it saw, and what it answers (a 200 with an empty
/// JSON object unless told otherwise). Must outlive the server.
class recorder {
public:
    using answer = std::function<std::optional<response>(const request&)>;

    explicit recorder(answer a = nullptr) : answer_(std::move(a)) {}

    hawk::emulator::request_handler handler() {
        return [this](const request& r) -> std::optional<response> {
            {
                std::lock_guard<std::mutex> lock(mutex_);
                seen_.push_back(r);
            }
            return answer_ ? answer_(r) : hawk::emulator::json_response(200, "{}");
        };
    }
    std::vector<request> requests() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return seen_;
    }
    std::size_t count() const { return requests().size(); }

private:
    answer answer_;
    mutable std::mutex mutex_;
    std::vector<request> seen_;
};

struct outcome {
    error_code ec;
    response res;
    std::chrono::milliseconds elapsed{};
};

/// hawk's transport on an io_context of its own; every send is bounded by its timeouts.
class client {
public:
    explicit client(transport_config cfg = {}) : transport_(ioc_.get_executor(), bounded(cfg)) {}

    outcome send(request req) {
        std::optional<outcome> out;
        const auto start = clock_type::now();
        transport_.async_send(std::move(req), [&](error_code ec, response res) {
            out = outcome{
                ec, std::move(res),
                std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - start)};
        });
        ioc_.restart();
        while (!out && ioc_.run_one_for(10s) != 0) {
        }
        REQUIRE(out.has_value());
        return std::move(*out);
    }
    const transport& get() const { return transport_; }

private:
    static transport_config bounded(transport_config cfg) {
        cfg.connect_timeout = 2s;
        cfg.attempt_timeout = 5s;
        return cfg;
    }
    net::io_context ioc_;
    transport transport_;
};

request to(const http_server& server, std::string scheme, std::string method, std::string path,
           std::string body = {}) {
    request r;
    r.scheme = std::move(scheme);
    r.host = "127.0.0.1";
    r.port = server.port();
    r.method = std::move(method);
    r.path = std::move(path);
    r.body = std::move(body);
    return r;
}

std::string header(const response& r, std::string_view name) {
    const std::string* v = r.find_header(name);
    return v ? *v : "<absent>";
}

std::string error_message(const response& r) {
    return std::string(boost::json::parse(r.body).as_object().at("message").as_string());
}

bool looks_like_uuid(const std::string& s) {
    if (s.size() != 36)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash != (s[i] == '-') || (!dash && !std::isxdigit(static_cast<unsigned char>(s[i]))))
            return false;
    }
    return true;
}

/// One TCP connection to a server, bytes in and out as a test writes them. Every operation is
/// bounded by 10 s: a server that never answers fails the test instead of hanging it.
class raw_connection {
public:
    explicit raw_connection(std::uint16_t port) {
        const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), port);
        const error_code ec = run([&](auto done) { stream_.async_connect(endpoint, done); });
        REQUIRE_MESSAGE(!ec, ec.message());
    }

    void write(std::string_view bytes) {
        const error_code ec =
            run([&](auto done) { net::async_write(stream_, net::buffer(bytes), done); });
        REQUIRE_MESSAGE(!ec, ec.message());
    }

    /// The next response, or the error that came first (end_of_stream: the server closed).
    std::pair<error_code, http::response<http::string_body>> read_response() {
        http::response<http::string_body> res;
        const error_code ec =
            run([&](auto done) { http::async_read(stream_, buffer_, res, done); });
        return {ec, std::move(res)};
    }

    /// Everything until the connection ends, and how it ended (eof: the server closed it).
    std::pair<error_code, std::string> read_to_end() {
        std::string all = beast::buffers_to_string(buffer_.data());
        buffer_.clear();
        for (;;) {
            char chunk[4096];
            std::size_t got = 0;
            const error_code ec = run([&](auto done) {
                stream_.async_read_some(net::buffer(chunk), [&, done](error_code e, std::size_t n) {
                    got = n;
                    done(e);
                });
            });
            all.append(chunk, got);
            if (ec)
                return {ec, all};
        }
    }

private:
    template <class Start>
    error_code run(Start start) {
        std::optional<error_code> result;
        stream_.expires_after(10s);
        start([&result](error_code ec, auto&&...) { result = ec; });
        ioc_.restart();
        ioc_.run();
        REQUIRE(result.has_value());
        return *result;
    }

    net::io_context ioc_;
    beast::tcp_stream stream_{ioc_};
    beast::flat_buffer buffer_;
};

/// A TLS handshake with the server trusting only `ca_pem` and checking the certificate against
/// `name` (sent as SNI when it is a DNS name), as HTTPS clients do.
error_code tls_handshake(std::uint16_t port, const std::string& ca_pem, const std::string& name) {
    net::io_context ioc;
    net::ssl::context ctx(net::ssl::context::tls_client);
    ctx.add_certificate_authority(net::buffer(ca_pem));
    ctx.set_verify_mode(net::ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    stream.set_verify_callback(net::ssl::host_name_verification(name));
    error_code not_an_address;
    net::ip::make_address(name, not_an_address);
    if (not_an_address)
        SSL_set_tlsext_host_name(stream.native_handle(), name.c_str());
    std::optional<error_code> result;
    beast::get_lowest_layer(stream).expires_after(10s);
    beast::get_lowest_layer(stream).async_connect(
        tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [&](error_code ec) {
            if (ec)
                result = ec;
            else
                stream.async_handshake(net::ssl::stream_base::client,
                                       [&](error_code hec) { result = hec; });
        });
    ioc.run();
    REQUIRE(result.has_value());
    return *result;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

doctest::Contains contains(const std::string& text) {
    return doctest::Contains(doctest::String(text.c_str()));
}

server_config plain_only() {
    server_config cfg;
    cfg.tls = false;
    return cfg;
}

/// Echoes frames; "close" closes normally, "throw" makes the handler fail. Counts its sockets'
/// ends.
class echo_handler final : public hawk::emulator::websocket_handler {
public:
    explicit echo_handler(std::atomic<int>& closed) : closed_(closed) {}
    void on_open(hawk::emulator::websocket& socket) override { socket.send_text("hello"); }
    void on_message(hawk::emulator::websocket& socket, std::string_view data, bool text) override {
        if (data == "throw")
            throw std::runtime_error("echo handler failure, expected by the test");
        if (data == "close")
            socket.close();
        else
            socket.send_text(std::string(text ? "text: " : "binary: ") + std::string(data));
    }
    void on_closed(hawk::emulator::websocket&) override { ++closed_; }

private:
    std::atomic<int>& closed_;
};

} // namespace

TEST_CASE("emulator server: HTTP and HTTPS on one port, the request as received") {
    hawk::test::temp_file ca_file("");
    recorder rec([](const request& r) {
        return hawk::emulator::json_response(200, R"({"scheme":")" + r.scheme + R"("})");
    });
    server_config cfg;
    cfg.ca_out = ca_file.path();
    http_server server(cfg, rec.handler());
    server.start();
    REQUIRE(server.port() != 0);
    CHECK(server.http_url() == "http://127.0.0.1:" + std::to_string(server.port()));
    CHECK(server.https_url() == "https://127.0.0.1:" + std::to_string(server.port()));
    CHECK(read_text(ca_file.path()).rfind("-----BEGIN CERTIFICATE-----", 0) == 0);

    transport_config tls_cfg;
    tls_cfg.ca_file = ca_file.path(); // peer and host name verified
    client c(tls_cfg);
    for (const std::string scheme : {"http", "https"}) {
        CAPTURE(scheme);
        request req = to(server, scheme, "POST", "/contact/chat/a%2Fb%20c", "the body");
        req.query = "x=1&y=two%20words";
        req.headers.push_back({"X-First", "1"});
        req.headers.push_back({"x-second", "two"});
        const outcome out = c.send(req);
        REQUIRE_MESSAGE(!out.ec, out.ec.message());
        CHECK(out.res.status == 200);
        CHECK(out.res.body == R"({"scheme":")" + scheme + R"("})");
        CHECK(header(out.res, "Content-Type") == "application/json");
        CHECK(header(out.res, "Content-Length") == std::to_string(out.res.body.size()));
    }

    const std::vector<request> seen = rec.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].scheme == "http");
    CHECK(seen[1].scheme == "https");
    for (const request& r : seen) {
        CHECK(r.method == "POST");
        CHECK(r.path == "/contact/chat/a%2Fb%20c"); // raw, still percent-encoded
        CHECK(r.query == "x=1&y=two%20words");
        CHECK(r.host == "127.0.0.1");
        CHECK(r.port == server.port());
        CHECK(r.body == "the body");
        // As received, in order: the caller's headers, then what the transport adds.
        REQUIRE(r.headers.size() >= 2);
        CHECK(r.headers[0].name == "X-First");
        CHECK(r.headers[0].value == "1");
        CHECK(r.headers[1].name == "x-second");
        CHECK(r.headers[1].value == "two");
    }
    CHECK(server.requests_handled() == 2);
}

TEST_CASE("emulator server: the generated certificate covers localhost and 127.0.0.1 only") {
    hawk::test::temp_file ca_file("");
    recorder rec;
    server_config cfg;
    cfg.ca_out = ca_file.path();
    http_server server(cfg, rec.handler());
    server.start();
    const std::string ca = read_text(ca_file.path());

    CHECK(tls_handshake(server.port(), ca, "localhost") == error_code());
    CHECK(tls_handshake(server.port(), ca, "127.0.0.1") == error_code());
    const error_code other = tls_handshake(server.port(), ca, "other.example");
    CHECK_MESSAGE(other.message().find("certificate verify failed") != std::string::npos,
                  other.message());
    // Another CA's certificate is not trusted either.
    const error_code foreign =
        tls_handshake(server.port(), hawk::emulator::make_localhost_identity().ca_pem, "localhost");
    CHECK_MESSAGE(foreign.message().find("certificate verify failed") != std::string::npos,
                  foreign.message());

    // hawk's transport with the system trust store rejects it.
    client untrusting;
    const outcome out = untrusting.send(to(server, "https", "GET", "/"));
    REQUIRE(out.ec);
    CHECK(hawk::core::http::is_certificate_error(out.ec));
    CHECK(rec.count() == 0);
}

TEST_CASE("emulator server: certificate files") {
    const hawk::emulator::tls_identity id = hawk::emulator::make_localhost_identity();
    hawk::test::temp_file cert(id.cert_pem), key(id.key_pem), ca(id.ca_pem);
    recorder rec;

    SUBCASE("served as given") {
        server_config cfg;
        cfg.cert_file = cert.path();
        cfg.key_file = key.path();
        http_server server(cfg, rec.handler());
        server.start();
        transport_config tc;
        tc.ca_file = ca.path();
        client c(tc);
        const outcome out = c.send(to(server, "https", "GET", "/"));
        REQUIRE_MESSAGE(!out.ec, out.ec.message());
        CHECK(out.res.status == 200);
    }
    SUBCASE("a missing file is named in the error") {
        server_config cfg;
        cfg.cert_file = cert.path() + ".missing";
        cfg.key_file = key.path();
        http_server server(cfg, rec.handler());
        CHECK_THROWS_WITH_AS(server.start(),
                             contains("cannot read cert_file '" + cert.path() + ".missing'"),
                             std::runtime_error);
    }
    SUBCASE("a key that does not match the certificate") {
        hawk::test::temp_file other_key(hawk::emulator::make_localhost_identity().key_pem);
        server_config cfg;
        cfg.cert_file = cert.path();
        cfg.key_file = other_key.path();
        http_server server(cfg, rec.handler());
        CHECK_THROWS_WITH_AS(server.start(), doctest::Contains("does not match"),
                             std::runtime_error);
    }
    SUBCASE("ca_out needs the generated certificate") {
        server_config cfg;
        cfg.cert_file = cert.path();
        cfg.key_file = key.path();
        cfg.ca_out = ca.path();
        http_server server(cfg, rec.handler());
        CHECK_THROWS_WITH_AS(server.start(), doctest::Contains("ca_out"), std::runtime_error);
    }
}

TEST_CASE("emulator server: keep-alive, HTTP/1.0 and the headers every response carries") {
    recorder rec([](const request& r) -> std::optional<response> {
        response res = hawk::emulator::json_response(200, "{}");
        if (r.path == "/own-id")
            res.headers.push_back({"x-amzn-RequestId", "handler-chosen"});
        return res;
    });
    http_server server(plain_only(), rec.handler());
    server.start();
    CHECK(server.https_url().empty());

    SUBCASE("several requests on one connection") {
        client c;
        std::set<std::string> ids;
        for (int i = 0; i < 3; ++i) {
            const outcome out = c.send(to(server, "http", "GET", "/" + std::to_string(i)));
            REQUIRE_MESSAGE(!out.ec, out.ec.message());
            CHECK(out.res.status == 200);
            const std::string id = header(out.res, "x-amzn-RequestId");
            CHECK_MESSAGE(looks_like_uuid(id), id);
            ids.insert(id);
            CHECK(header(out.res, "Date").size() == 29); // "Sun, 06 Nov 1994 08:49:37 GMT"
            CHECK(header(out.res, "Date").substr(25) == " GMT");
        }
        CHECK(ids.size() == 3); // a fresh one each time
        CHECK(c.get().stats().connections_opened == 1);
        CHECK(rec.count() == 3);

        const outcome own = c.send(to(server, "http", "GET", "/own-id"));
        CHECK(header(own.res, "x-amzn-RequestId") == "handler-chosen");
        CHECK(c.get().stats().connections_opened == 1);
    }
    SUBCASE("pipelined raw requests, then HTTP/1.0 without a Host header closes") {
        raw_connection raw(server.port());
        raw.write("GET /one HTTP/1.1\r\nHost: localhost:1234\r\n\r\n"
                  "GET /two HTTP/1.1\r\nHost: localhost\r\n\r\n");
        for (int i = 0; i < 2; ++i) {
            auto [ec, res] = raw.read_response();
            REQUIRE_MESSAGE(!ec, ec.message());
            CHECK(res.result_int() == 200);
            CHECK(res.keep_alive());
        }
        raw.write("GET /old HTTP/1.0\r\n\r\n");
        auto [ec, res] = raw.read_response();
        REQUIRE_MESSAGE(!ec, ec.message());
        CHECK(res.version() == 10);
        CHECK(res[http::field::content_length] == "2");
        CHECK(res.body() == "{}");
        CHECK(raw.read_to_end().first == net::error::eof);

        const std::vector<request> seen = rec.requests();
        REQUIRE(seen.size() == 3);
        CHECK(seen[0].host == "localhost");
        CHECK(seen[0].port == 1234);
        CHECK(seen[1].host == "localhost");
        CHECK(seen[1].port == 0);
        CHECK(seen[2].path == "/old");
        CHECK(seen[2].host == "127.0.0.1"); // no Host header: the address listened on
        CHECK(seen[2].port == server.port());
    }
}

TEST_CASE("emulator server: chunked bodies and Expect: 100-continue") {
    recorder rec;
    server_config cfg = plain_only();
    cfg.body_limit = 16;
    http_server server(cfg, rec.handler());
    server.start();
    raw_connection raw(server.port());

    SUBCASE("a chunked body arrives whole; the response has Content-Length") {
        raw.write("POST /chunked HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        auto [ec, res] = raw.read_response();
        REQUIRE_MESSAGE(!ec, ec.message());
        CHECK(res.result_int() == 200);
        CHECK(res[http::field::content_length] == "2");
        CHECK(res.find(http::field::transfer_encoding) == res.end());
        REQUIRE(rec.count() == 1);
        CHECK(rec.requests()[0].body == "hello world");
    }
    SUBCASE("a chunked body over the limit: 413, the handler never sees it") {
        raw.write("POST /chunked HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n");
        auto [ec, res] = raw.read_response();
        REQUIRE_MESSAGE(!ec, ec.message());
        CHECK(res.result_int() == 413);
        CHECK(res[http::field::content_length] == std::to_string(res.body().size()));
        CHECK(raw.read_to_end().first == net::error::eof);
        CHECK(rec.count() == 0);
        CHECK(server.requests_handled() == 0);
    }
    SUBCASE("100 Continue, then the body, then the response") {
        raw.write("PUT /expect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                  "Expect: 100-continue\r\n\r\n");
        auto [ec, interim] = raw.read_response();
        REQUIRE_MESSAGE(!ec, ec.message());
        CHECK(interim.result_int() == 100);
        CHECK(rec.count() == 0);
        raw.write("hello");
        auto [ec2, res] = raw.read_response();
        REQUIRE_MESSAGE(!ec2, ec2.message());
        CHECK(res.result_int() == 200);
        REQUIRE(rec.count() == 1);
        CHECK(rec.requests()[0].body == "hello");
    }
    SUBCASE("Expect: 100-continue with a body over the limit: 413 at once, no 100") {
        raw.write("PUT /expect HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 17\r\n"
                  "Expect: 100-continue\r\n\r\n");
        auto [ec, res] = raw.read_response();
        REQUIRE_MESSAGE(!ec, ec.message());
        CHECK(res.result_int() == 413);
        CHECK(rec.count() == 0);
    }
}

TEST_CASE("emulator server: limits and garbage get AWS-style errors, then the connection closes") {
    recorder rec;
    server_config cfg; // TLS on: detection must let plain garbage through to the parser
    cfg.body_limit = 1024;
    http_server server(cfg, rec.handler());
    server.start();

    SUBCASE("a body at the limit is fine, one byte more is 413 (hawk's transport)") {
        client c;
        const outcome fits = c.send(to(server, "http", "POST", "/", std::string(1024, 'a')));
        REQUIRE_MESSAGE(!fits.ec, fits.ec.message());
        CHECK(fits.res.status == 200);
        REQUIRE(rec.count() == 1);
        CHECK(rec.requests()[0].body.size() == 1024);

        const outcome over = c.send(to(server, "http", "POST", "/", std::string(1025, 'a')));
        REQUIRE_MESSAGE(!over.ec, over.ec.message());
        CHECK(over.res.status == 413);
        CHECK(header(over.res, "x-amzn-ErrorType") == "RequestEntityTooLargeException");
        CHECK(header(over.res, "Content-Type") == "application/json");
        CHECK(looks_like_uuid(header(over.res, "x-amzn-RequestId")));
        CHECK(error_message(over.res) == "The request body is larger than 1024 bytes");
        CHECK(rec.count() == 1);
        CHECK(server.requests_handled() == 1);
    }
    SUBCASE("a body of megabytes still gets its 413 read (the rest is drained)") {
        client c;
        const outcome over =
            c.send(to(server, "http", "POST", "/", std::string(8 * 1024 * 1024, 'a')));
        REQUIRE_MESSAGE(!over.ec, over.ec.message());
        CHECK(over.res.status == 413);
        CHECK(rec.count() == 0);
    }
    SUBCASE("headers over the limit: 431") {
        raw_connection raw(server.port());
        raw.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + std::string(20000, 'x') +
                  "\r\n\r\n");
        auto [ec, res] = raw.read_response();
        REQUIRE_MESSAGE(!ec, ec.message());
        CHECK(res.result_int() == 431);
        CHECK(res["x-amzn-ErrorType"] == "RequestHeaderFieldsTooLargeException");
        CHECK(raw.read_to_end().first == net::error::eof);
        CHECK(rec.count() == 0);
    }
    SUBCASE("not HTTP: 400") {
        raw_connection raw(server.port());
        raw.write("this is not HTTP at all\r\n\r\n");
        auto [ec, res] = raw.read_response();
        REQUIRE_MESSAGE(!ec, ec.message());
        CHECK(res.result_int() == 400);
        CHECK(res["x-amzn-ErrorType"] == "BadRequestException");
        CHECK(res[http::field::connection] == "close");
        CHECK(raw.read_to_end().first == net::error::eof);
        CHECK(rec.count() == 0);
        CHECK(server.requests_handled() == 0);
    }
}

TEST_CASE("emulator server: handler failures") {
    recorder rec([](const request& r) -> std::optional<response> {
        if (r.path == "/throw")
            throw std::runtime_error("boom");
        if (r.path == "/silent")
            return std::nullopt;
        if (r.path == "/no-status")
            return response{};
        return hawk::emulator::json_response(200, "{}");
    });
    http_server server(plain_only(), rec.handler());
    server.start();

    SUBCASE("an exception is a 500 and the server keeps serving, on the same connection") {
        client c;
        const outcome failed = c.send(to(server, "http", "GET", "/throw"));
        REQUIRE_MESSAGE(!failed.ec, failed.ec.message());
        CHECK(failed.res.status == 500);
        CHECK(header(failed.res, "x-amzn-ErrorType") == "InternalServerException");
        CHECK(error_message(failed.res).find("boom") != std::string::npos);
        const outcome fine = c.send(to(server, "http", "GET", "/fine"));
        REQUIRE_MESSAGE(!fine.ec, fine.ec.message());
        CHECK(fine.res.status == 200);
        CHECK(c.get().stats().connections_opened == 1);
    }
    SUBCASE("an invalid status is a 500") {
        client c;
        const outcome out = c.send(to(server, "http", "GET", "/no-status"));
        REQUIRE_MESSAGE(!out.ec, out.ec.message());
        CHECK(out.res.status == 500);
    }
    SUBCASE("nullopt closes the connection without an answer") {
        raw_connection raw(server.port());
        raw.write("GET /silent HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        auto [ec, res] = raw.read_response();
        CHECK(ec == http::error::end_of_stream);
        CHECK(rec.count() == 1);
    }
}

TEST_CASE("emulator server: fault injection") {
    recorder rec;
    http_server server(plain_only(), rec.handler());
    server.start();

    SUBCASE("throttle_every = 2: every second request is 429 without the handler") {
        fault_config f;
        f.throttle_every = 2;
        server.set_faults(f);
        client c;
        for (int i = 1; i <= 6; ++i) {
            CAPTURE(i);
            const outcome out = c.send(to(server, "http", "POST", "/", std::to_string(i)));
            REQUIRE_MESSAGE(!out.ec, out.ec.message());
            if (i % 2 == 0) {
                CHECK(out.res.status == 429);
                CHECK(header(out.res, "x-amzn-ErrorType") == "ThrottlingException");
                CHECK(out.res.body == R"({"message":"Rate exceeded"})");
                CHECK(looks_like_uuid(header(out.res, "x-amzn-RequestId")));
            } else {
                CHECK(out.res.status == 200);
            }
        }
        const std::vector<request> seen = rec.requests();
        REQUIRE(seen.size() == 3);
        CHECK(seen[0].body == "1");
        CHECK(seen[1].body == "3");
        CHECK(seen[2].body == "5");
        CHECK(server.requests_handled() == 6);

        server.set_faults({}); // off again, at once
        CHECK(c.send(to(server, "http", "GET", "/")).res.status == 200);
        CHECK(c.send(to(server, "http", "GET", "/")).res.status == 200);
    }
    SUBCASE("drop_every = 2: the handler runs, the client sees the connection closed") {
        fault_config f;
        f.drop_every = 2;
        server.set_faults(f);
        raw_connection raw(server.port());
        raw.write("POST /1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\n\r\n1");
        auto [ec1, first] = raw.read_response();
        REQUIRE_MESSAGE(!ec1, ec1.message());
        CHECK(first.result_int() == 200);
        raw.write("POST /2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\n\r\n2");
        auto [ec2, second] = raw.read_response();
        CHECK(ec2 == http::error::end_of_stream);
        REQUIRE(rec.count() == 2);
        CHECK(rec.requests()[1].path == "/2");

        // hawk's transport on fresh connections (no reuse, so no retry) sees the drop too.
        transport_config fresh;
        fresh.idle_timeout = 0s;
        client c(fresh);
        CHECK(c.send(to(server, "http", "GET", "/3")).res.status == 200);
        const outcome dropped = c.send(to(server, "http", "GET", "/4"));
        CHECK(dropped.ec);
        CHECK(rec.count() == 4);
    }
    SUBCASE("delay: the response takes at least that long") {
        fault_config f;
        f.delay = 300ms;
        server.set_faults(f);
        client c;
        const outcome out = c.send(to(server, "http", "GET", "/"));
        REQUIRE_MESSAGE(!out.ec, out.ec.message());
        CHECK(out.res.status == 200);
        CHECK(out.elapsed >= 300ms);
    }
    SUBCASE("faults from the config apply from the first request") {
        server_config cfg = plain_only();
        cfg.faults.throttle_every = 1;
        recorder none;
        http_server throttled(cfg, none.handler());
        throttled.start();
        client c;
        CHECK(c.send(to(throttled, "http", "GET", "/")).res.status == 429);
        CHECK(none.count() == 0);
    }
}

TEST_CASE("emulator server: idle connections are closed after the idle timeout") {
    recorder rec;
    server_config cfg;
    cfg.idle_timeout = 200ms;
    http_server server(cfg, rec.handler());
    server.start();
    raw_connection raw(server.port());
    SUBCASE("silent from the start (TLS not yet detected)") {}
    SUBCASE("after a response, waiting for the next request") {
        raw.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        auto [ec, res] = raw.read_response();
        REQUIRE_MESSAGE(!ec, ec.message());
        CHECK(res.keep_alive());
    }
    const auto start = clock_type::now();
    const auto [ec, bytes] = raw.read_to_end();
    CHECK(ec == net::error::eof);
    CHECK(bytes.empty());
    CHECK(clock_type::now() - start >= 150ms);
}

TEST_CASE("emulator server: stop() returns promptly whatever the clients do") {
    std::promise<void> handler_ran;
    recorder rec([&](const request& r) -> std::optional<response> {
        if (r.path == "/delayed")
            handler_ran.set_value();
        return hawk::emulator::json_response(200, "{}");
    });
    http_server server(server_config{}, rec.handler());
    server.start();
    raw_connection raw(server.port());

    SUBCASE("an idle keep-alive client") {
        raw.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        auto [ec, res] = raw.read_response();
        REQUIRE_MESSAGE(!ec, ec.message());
        CHECK(res.keep_alive());
    }
    SUBCASE("a client that connected and said nothing") {}
    SUBCASE("a client in the middle of a request body") {
        raw.write("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n"
                  "Expect: 100-continue\r\n\r\n");
        auto [ec, interim] = raw.read_response();
        REQUIRE_MESSAGE(!ec, ec.message());
        REQUIRE(interim.result_int() == 100); // the server now reads the body
        raw.write("only part of it");
    }
    SUBCASE("a response held back by a long delay") {
        fault_config f;
        f.delay = std::chrono::hours(1);
        server.set_faults(f);
        raw.write("GET /delayed HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        REQUIRE(handler_ran.get_future().wait_for(10s) == std::future_status::ready);
    }

    const auto start = clock_type::now();
    server.stop();
    CHECK(clock_type::now() - start < 2s);
    const auto [ec, rest] = raw.read_to_end();
    CHECK_MESSAGE((ec == net::error::eof || ec == net::error::connection_reset), ec.message());
    CHECK(rest.empty());

    server.stop(); // idempotent
    CHECK_THROWS_AS(server.start(), std::logic_error);
}

TEST_CASE("emulator server: start() errors") {
    recorder rec;
    http_server first(plain_only(), rec.handler());
    first.start();

    SUBCASE("a port in use") {
        server_config cfg = plain_only();
        cfg.port = first.port();
        http_server second(cfg, rec.handler());
        CHECK_THROWS_WITH_AS(second.start(),
                             contains("cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
                                      ": Address already in use"),
                             std::runtime_error);
        // The first one is unharmed.
        client c;
        CHECK(c.send(to(first, "http", "GET", "/")).res.status == 200);
    }
    SUBCASE("not an address") {
        server_config cfg = plain_only();
        cfg.address = "localhost";
        http_server server(cfg, rec.handler());
        CHECK_THROWS_WITH_AS(server.start(), doctest::Contains("'localhost' is not an IP address"),
                             std::runtime_error);
    }
    SUBCASE("started twice") {
        CHECK_THROWS_AS(first.start(), std::logic_error);
    }
}

TEST_CASE("emulator server: handlers run on the server's thread, as work on context() does") {
    std::promise<std::thread::id> posted;
    std::thread::id handler_thread;
    http_server* self = nullptr;
    recorder rec([&](const request& r) -> std::optional<response> {
        if (r.path == "/post") {
            handler_thread = std::this_thread::get_id();
            net::post(self->context(), [&] { posted.set_value(std::this_thread::get_id()); });
        }
        return hawk::emulator::json_response(200, "{}");
    });
    http_server server(plain_only(), rec.handler());
    self = &server;
    server.start();
    client c;
    CHECK(c.send(to(server, "http", "GET", "/post")).res.status == 200);
    auto done = posted.get_future();
    REQUIRE(done.wait_for(10s) == std::future_status::ready);
    const std::thread::id worker = done.get();
    CHECK(worker == handler_thread);
    CHECK(worker != std::this_thread::get_id());

    // Work there that throws is reported on stderr; the server goes on serving.
    net::post(server.context(), [] { throw std::runtime_error("expected by the test"); });
    CHECK(c.send(to(server, "http", "GET", "/")).res.status == 200);
    CHECK(rec.count() == 2);
}

TEST_CASE("emulator server: an upgrade handler serves WebSockets; without one, upgrades are "
          "ordinary requests") {
    namespace websocket = beast::websocket;
    using hawk::test::websocket_client;
    std::atomic<int> closed{0};
    server_config cfg;
    cfg.tls = false;
    http_server server(
        cfg, [](const request&) { return hawk::emulator::json_response(200, "{}"); },
        [&closed](const request& req) -> hawk::emulator::upgrade_result {
            if (req.path != "/echo")
                return hawk::emulator::json_response(404, R"({"message":"no such socket"})");
            return std::make_unique<echo_handler>(closed);
        });
    server.start();
    const std::string url = "ws://127.0.0.1:" + std::to_string(server.port());
    {
        websocket_client ws(url + "/echo", "");
        REQUIRE(!ws.handshake());
        CHECK(ws.next() == "hello");
        REQUIRE(ws.send("hi"));
        CHECK(ws.next() == "text: hi");
        REQUIRE(ws.send("bytes", false));
        CHECK(ws.next() == "binary: bytes");
        REQUIRE(ws.send("close"));
        REQUIRE(ws.ended());
        CHECK(ws.close_reason().code == websocket::close_code::normal);
    }
    {
        // A handler that throws: reported on stderr, the socket closed as an internal error.
        websocket_client ws(url + "/echo", "");
        REQUIRE(!ws.handshake());
        REQUIRE(ws.send("throw"));
        REQUIRE(ws.ended());
        CHECK(ws.close_reason().code == websocket::close_code::internal_error);
    }
    {
        websocket_client ws(url + "/elsewhere", "");
        CHECK(ws.handshake() == websocket::error::upgrade_declined);
        CHECK(ws.response().result_int() == 404);
        CHECK(ws.response().body() == R"({"message":"no such socket"})");
    }
    for (int i = 0; i < 500 && closed != 2; ++i)
        std::this_thread::sleep_for(10ms);
    CHECK(closed == 2);
    CHECK(server.requests_handled() == 0); // upgrades are not requests

    http_server plain(cfg, [](const request& req) {
        return hawk::emulator::json_response(200, R"({"path":")" + req.path + R"("})");
    });
    plain.start();
    websocket_client ws("ws://127.0.0.1:" + std::to_string(plain.port()) + "/echo", "");
    CHECK(ws.handshake() == websocket::error::upgrade_declined);
    CHECK(ws.response().result_int() == 200);
    CHECK(ws.response().body() == R"({"path":"/echo"})");
    CHECK(plain.requests_handled() == 1);
}

TEST_CASE("emulator server: stop() closes open WebSockets promptly") {
    std::atomic<int> closed{0};
    server_config cfg;
    http_server server(
        cfg, [](const request&) { return hawk::emulator::json_response(200, "{}"); },
        [&closed](const request&) -> hawk::emulator::upgrade_result {
            return std::make_unique<echo_handler>(closed);
        });
    server.start();
    const std::string port = std::to_string(server.port());
    hawk::test::websocket_client plain("ws://127.0.0.1:" + port + "/", "");
    REQUIRE(!plain.handshake());
    REQUIRE(plain.next() == "hello"); // the handler has it
    const auto start = clock_type::now();
    server.stop();
    CHECK(clock_type::now() - start < 2s);
    CHECK(plain.ended(2s));
    CHECK(closed == 1);
}

TEST_CASE("emulator: wait_for_termination returns the signal that came") {
    CHECK(hawk::emulator::wait_for_termination([] { std::raise(SIGTERM); }) == SIGTERM);
    CHECK(hawk::emulator::wait_for_termination([] { std::raise(SIGINT); }) == SIGINT);
}
