// Test that header file is self-contained.
#include <hawk/core/http/transport.hpp>

#include <support/test_server.hpp>

#include <doctest/doctest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/error.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace net = boost::asio;
using boost::system::error_code;
using hawk::core::http::is_certificate_error;
using hawk::core::http::request;
using hawk::core::http::response;
using hawk::core::http::transport;
using hawk::core::http::transport_config;
using hawk::test::recorded_request;
using hawk::test::reply;
using hawk::test::test_server;
using namespace std::chrono_literals;

struct outcome {
    error_code ec;
    response res;
    std::chrono::milliseconds elapsed{};
};

// Sends one request and runs the io_context until it completes (at most 10 s).
outcome send(net::io_context& ioc, transport& t, request req) {
    std::optional<outcome> out;
    const auto start = std::chrono::steady_clock::now();
    t.async_send(std::move(req), [&](error_code ec, response res) {
        out = outcome{ec, std::move(res),
                      std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - start)};
    });
    ioc.restart();
    while (!out && ioc.run_one_for(10s) != 0) {
    }
    REQUIRE(out.has_value());
    return std::move(*out);
}

// Runs the io_context until `done` holds (at most 5 s).
template <class Predicate>
void run_until(net::io_context& ioc, Predicate done) {
    ioc.restart();
    const auto limit = std::chrono::steady_clock::now() + 5s;
    while (!done() && std::chrono::steady_clock::now() < limit)
        ioc.run_one_for(10ms);
    REQUIRE(done());
}

std::string header_or_empty(const recorded_request& r, std::string_view name) {
    const std::string* value = r.find_header(name);
    return value ? *value : std::string("<none>");
}

transport_config quick() {
    transport_config cfg;
    cfg.connect_timeout = 2s;
    cfg.attempt_timeout = 5s;
    return cfg;
}

} // namespace

TEST_CASE("transport: a GET over plain HTTP sends exactly what the request says") {
    test_server server;
    server.respond([](const recorded_request&) {
        reply r = reply::ok("hello");
        r.headers.push_back({"X-Reply", "yes"});
        return r;
    });
    net::io_context ioc;
    transport t(ioc.get_executor(), quick());

    request req = server.request("GET", "/a/b%20c", "x=1&y=two");
    req.headers.push_back({"X-Test", "value"});
    req.headers.push_back({"x-amz-date", "20240101T000000Z"});
    const outcome out = send(ioc, t, req);

    REQUIRE_MESSAGE(!out.ec, out.ec.message());
    CHECK(out.res.status == 200);
    CHECK(out.res.body == "hello");
    REQUIRE(out.res.find_header("x-reply"));
    CHECK(*out.res.find_header("x-reply") == "yes");

    const auto seen = server.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].method == "GET");
    CHECK(seen[0].path == "/a/b%20c");
    CHECK(seen[0].query == "x=1&y=two");
    CHECK(seen[0].version == 11);
    CHECK(header_or_empty(seen[0], "host") == "127.0.0.1:" + std::to_string(server.port()));
    CHECK(header_or_empty(seen[0], "x-test") == "value");
    CHECK(header_or_empty(seen[0], "x-amz-date") == "20240101T000000Z");
    CHECK(header_or_empty(seen[0], "content-length") == "<none>");
    CHECK(header_or_empty(seen[0], "transfer-encoding") == "<none>");
    CHECK(seen[0].body.empty());
    // The caller's headers keep their order.
    REQUIRE(seen[0].headers.size() == 3);
    CHECK(seen[0].headers[0].name == "X-Test");
    CHECK(seen[0].headers[1].name == "x-amz-date");
}

TEST_CASE("transport: a POST carries its body with a Content-Length") {
    test_server server;
    server.respond([](const recorded_request& r) {
        reply out = reply::ok("{\"echo\":" + std::to_string(r.body.size()) + "}");
        out.status = 201;
        return out;
    });
    net::io_context ioc;
    transport t(ioc.get_executor(), quick());

    request req = server.request("POST", "/items");
    req.headers.push_back({"Content-Type", "application/x-amz-json-1.1"});
    req.headers.push_back({"Content-Length", "999"}); // stale: replaced from the body
    req.body = R"({"Name":"x"})";
    const outcome out = send(ioc, t, req);
    REQUIRE_MESSAGE(!out.ec, out.ec.message());
    CHECK(out.res.status == 201);
    CHECK(out.res.body == "{\"echo\":12}");

    request empty = server.request("POST", "/empty");
    REQUIRE_FALSE(send(ioc, t, empty).ec);

    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].method == "POST");
    CHECK(seen[0].body == R"({"Name":"x"})");
    CHECK(header_or_empty(seen[0], "content-length") == "12");
    CHECK(header_or_empty(seen[0], "content-type") == "application/x-amz-json-1.1");
    // POST without a body still says so: servers answer 411 otherwise.
    CHECK(header_or_empty(seen[1], "content-length") == "0");
}

TEST_CASE("transport: sequential requests reuse one connection") {
    test_server server;
    server.respond([](const recorded_request& r) { return reply::ok("got " + r.path); });
    net::io_context ioc;
    transport t(ioc.get_executor(), quick());

    for (int i = 0; i < 20; ++i) {
        const outcome out = send(ioc, t, server.request("GET", "/n/" + std::to_string(i)));
        REQUIRE_MESSAGE(!out.ec, out.ec.message());
        CHECK(out.res.body == "got /n/" + std::to_string(i));
    }
    CHECK(server.accepts() == 1);
    CHECK(server.request_count() == 20);
    const auto stats = t.stats();
    CHECK(stats.connections_opened == 1);
    CHECK(stats.connections_open == 1);
    CHECK(stats.connections_idle == 1);
    CHECK(stats.retries == 0);
}

TEST_CASE("transport: a connection the server closed while idle is replaced transparently") {
    test_server server;
    net::io_context ioc;
    transport t(ioc.get_executor(), quick());

    REQUIRE_FALSE(send(ioc, t, server.request("GET", "/1")).ec);
    server.close_idle_connections();
    const outcome out = send(ioc, t, server.request("GET", "/2"));
    REQUIRE_MESSAGE(!out.ec, out.ec.message());
    CHECK(out.res.status == 200);
    CHECK(server.accepts() == 2);
    CHECK(server.request_count() == 2);
}

TEST_CASE("transport: a pooled connection that dies under a request is retried once") {
    test_server server;
    std::atomic<int> n{0};
    // The second request meets a server that reads it and closes without a byte of answer.
    server.respond(
        [&](const recorded_request&) { return ++n == 2 ? reply::drop() : reply::ok("fine"); });
    net::io_context ioc;
    transport t(ioc.get_executor(), quick());

    REQUIRE_FALSE(send(ioc, t, server.request("GET", "/1")).ec);
    const outcome out = send(ioc, t, server.request("GET", "/2"));
    REQUIRE_MESSAGE(!out.ec, out.ec.message());
    CHECK(out.res.body == "fine");
    CHECK(t.stats().retries == 1);
    const auto seen = server.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[1].path == "/2");
    CHECK(seen[2].path == "/2");
    CHECK(seen[1].connection == 1);
    CHECK(seen[2].connection == 2);
}

TEST_CASE("transport: a request is re-sent at most once, and never on a new connection") {
    SUBCASE("reused connection, then the new one fails too") {
        test_server server;
        std::atomic<int> n{0};
        server.respond(
            [&](const recorded_request&) { return ++n == 1 ? reply::ok() : reply::drop(); });
        net::io_context ioc;
        transport t(ioc.get_executor(), quick());
        REQUIRE_FALSE(send(ioc, t, server.request("GET", "/1")).ec);
        const outcome out = send(ioc, t, server.request("GET", "/2"));
        CHECK(out.ec == boost::beast::http::error::end_of_stream);
        CHECK(server.request_count() == 3);
        CHECK(t.stats().retries == 1);
        CHECK(t.stats().connections_open == 0);
    }
    SUBCASE("a new connection is not retried") {
        test_server server;
        server.respond([](const recorded_request&) { return reply::drop(); });
        net::io_context ioc;
        transport t(ioc.get_executor(), quick());
        const outcome out = send(ioc, t, server.request("GET", "/1"));
        CHECK(out.ec == boost::beast::http::error::end_of_stream);
        CHECK(server.request_count() == 1);
        CHECK(t.stats().retries == 0);
    }
    SUBCASE("not after a byte of the response arrived") {
        test_server server;
        std::atomic<int> n{0};
        server.respond([&](const recorded_request&) {
            return ++n == 1 ? reply::ok()
                            : reply::bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        });
        net::io_context ioc;
        transport t(ioc.get_executor(), quick());
        REQUIRE_FALSE(send(ioc, t, server.request("GET", "/1")).ec);
        const outcome out = send(ioc, t, server.request("GET", "/2"));
        CHECK(out.ec == boost::beast::http::error::partial_message);
        CHECK(server.request_count() == 2);
        CHECK(t.stats().retries == 0);
    }
}

TEST_CASE("transport: concurrent requests from several threads respect the per-host cap") {
    test_server server;
    server.respond([](const recorded_request& r) {
        reply out = reply::ok(r.path);
        out.delay = 20ms; // keep connections busy so that requests pile up
        return out;
    });
    net::io_context ioc;
    transport_config cfg = quick();
    cfg.max_connections_per_host = 4;
    transport t(ioc.get_executor(), cfg);

    auto work = net::make_work_guard(ioc);
    std::vector<std::thread> runners;
    for (int i = 0; i < 4; ++i)
        runners.emplace_back([&] { ioc.run(); });

    std::atomic<int> ok{0}, failed{0};
    std::mutex mutex;
    std::size_t most_open = 0;
    std::vector<std::thread> senders;
    for (int s = 0; s < 2; ++s)
        senders.emplace_back([&, s] {
            for (int i = 0; i < 25; ++i) {
                const std::string path = "/c/" + std::to_string(s) + "/" + std::to_string(i);
                t.async_send(server.request("GET", path), [&, path](error_code ec, response res) {
                    if (!ec && res.status == 200 && res.body == path)
                        ++ok;
                    else
                        ++failed;
                    std::lock_guard<std::mutex> lock(mutex);
                    most_open = std::max(most_open, t.stats().connections_open);
                });
            }
        });
    for (std::thread& s : senders)
        s.join();
    work.reset(); // run() returns once every request is done: an idle transport holds no work
    for (std::thread& r : runners)
        r.join();

    CHECK(ok == 50);
    CHECK(failed == 0);
    CHECK(server.request_count() == 50);
    CHECK(server.max_open_connections() <= 4);
    CHECK(server.accepts() <= 4);
    CHECK(most_open <= 4);
    const auto stats = t.stats();
    CHECK(stats.connections_opened <= 4);
    CHECK(stats.requests_waiting == 0);
    CHECK(stats.connections_idle == stats.connections_open);
}

TEST_CASE("transport: response framing") {
    test_server server;
    net::io_context ioc;
    transport t(ioc.get_executor(), quick());

    SUBCASE("chunked") {
        server.respond([](const recorded_request&) {
            reply r = reply::ok("hello chunked world");
            r.body_framing = reply::framing::chunked;
            r.chunk_size = 3;
            return r;
        });
        for (int i = 0; i < 2; ++i) {
            const outcome out = send(ioc, t, server.request("GET", "/chunked"));
            REQUIRE_MESSAGE(!out.ec, out.ec.message());
            CHECK(out.res.body == "hello chunked world");
            REQUIRE(out.res.find_header("Transfer-Encoding"));
        }
        CHECK(server.accepts() == 1);
    }
    SUBCASE("HTTP/1.0, body until the server closes") {
        server.respond([](const recorded_request&) {
            reply r = reply::ok("from an old server");
            r.http10 = true;
            r.body_framing = reply::framing::until_close;
            return r;
        });
        const outcome out = send(ioc, t, server.request("GET", "/old"));
        REQUIRE_MESSAGE(!out.ec, out.ec.message());
        CHECK(out.res.body == "from an old server");
        CHECK(t.stats().connections_idle == 0);
        REQUIRE_FALSE(send(ioc, t, server.request("GET", "/old")).ec);
        CHECK(server.accepts() == 2);
    }
    SUBCASE("Connection: close is honoured") {
        server.respond([](const recorded_request&) {
            reply r = reply::ok("bye");
            r.close = true;
            return r;
        });
        const outcome out = send(ioc, t, server.request("GET", "/bye"));
        REQUIRE_MESSAGE(!out.ec, out.ec.message());
        CHECK(out.res.body == "bye");
        CHECK(t.stats().connections_idle == 0);
        CHECK(t.stats().connections_open == 0);
        REQUIRE_FALSE(send(ioc, t, server.request("GET", "/bye")).ec);
        CHECK(server.accepts() == 2);
    }
    SUBCASE("HEAD: Content-Length without a body") {
        server.respond([](const recorded_request&) {
            reply r;
            r.raw = "HTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n";
            return r;
        });
        request head = server.request("HEAD", "/object");
        for (int i = 0; i < 2; ++i) {
            const outcome out = send(ioc, t, head);
            REQUIRE_MESSAGE(!out.ec, out.ec.message());
            CHECK(out.res.status == 200);
            CHECK(out.res.body.empty());
        }
        CHECK(server.accepts() == 1);
    }
    SUBCASE("100 Continue before the final response") {
        server.respond([](const recorded_request&) {
            reply r;
            r.raw = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
            return r;
        });
        const outcome out = send(ioc, t, server.request("PUT", "/x"));
        REQUIRE_MESSAGE(!out.ec, out.ec.message());
        CHECK(out.res.status == 200);
        CHECK(out.res.body == "ok");
        CHECK(t.stats().connections_idle == 1);
    }
}

TEST_CASE("transport: a response larger than max_response_bytes is an error, not truncated") {
    test_server server;
    server.respond([](const recorded_request& r) {
        reply out = reply::ok(std::string(r.path == "/fits" ? 1000 : 2000, 'a'));
        if (r.path == "/chunked") {
            out.body_framing = reply::framing::chunked;
            out.chunk_size = 300;
        }
        return out;
    });
    net::io_context ioc;
    transport_config cfg = quick();
    cfg.max_response_bytes = 1000;
    transport t(ioc.get_executor(), cfg);

    const outcome declared = send(ioc, t, server.request("GET", "/length"));
    CHECK(declared.ec == boost::beast::http::error::body_limit);
    CHECK(declared.ec.message() == "body limit exceeded");
    CHECK(declared.res.body.empty());
    const outcome chunked = send(ioc, t, server.request("GET", "/chunked"));
    CHECK(chunked.ec == boost::beast::http::error::body_limit);
    const outcome fits = send(ioc, t, server.request("GET", "/fits"));
    REQUIRE_MESSAGE(!fits.ec, fits.ec.message());
    CHECK(fits.res.body.size() == 1000);
}

TEST_CASE("transport: garbage from the server is a parse error") {
    test_server server;
    server.respond(
        [](const recorded_request&) { return reply::bytes("this is not HTTP\r\n\r\n"); });
    net::io_context ioc;
    transport t(ioc.get_executor(), quick());
    const outcome out = send(ioc, t, server.request("GET", "/"));
    REQUIRE(out.ec);
    CHECK(out.ec.category() ==
          boost::beast::http::make_error_code(boost::beast::http::error::bad_version).category());
    CHECK(server.request_count() == 1);
    CHECK(t.stats().connections_open == 0);
}

TEST_CASE("transport: timeouts and connection failures") {
    net::io_context ioc;

    SUBCASE("attempt timeout: the server accepts and reads but never answers") {
        test_server server;
        server.respond([](const recorded_request&) { return reply::hang(); });
        transport_config cfg = quick();
        cfg.attempt_timeout = 300ms;
        transport t(ioc.get_executor(), cfg);
        const outcome out = send(ioc, t, server.request("GET", "/slow"));
        CHECK(out.ec == net::error::timed_out);
        CHECK(out.elapsed >= 250ms);
        CHECK(out.elapsed < 2s);
        CHECK(t.stats().connections_open == 0);
    }
    SUBCASE("a slow answer within the timeout is fine") {
        test_server server;
        server.respond([](const recorded_request&) {
            reply r = reply::ok("late");
            r.delay = 100ms;
            return r;
        });
        transport_config cfg = quick();
        cfg.attempt_timeout = 2s;
        transport t(ioc.get_executor(), cfg);
        const outcome out = send(ioc, t, server.request("GET", "/slow"));
        REQUIRE_MESSAGE(!out.ec, out.ec.message());
        CHECK(out.res.body == "late");
    }
    SUBCASE("connection refused on a closed port") {
        std::uint16_t port = 0;
        {
            net::ip::tcp::acceptor probe(ioc, {net::ip::make_address("127.0.0.1"), 0});
            port = probe.local_endpoint().port();
        }
        transport t(ioc.get_executor(), quick());
        request req;
        req.scheme = "http";
        req.host = "127.0.0.1";
        req.port = port;
        const outcome out = send(ioc, t, req);
        CHECK(out.ec == net::error::connection_refused);
        CHECK(t.stats().connections_open == 0);
        CHECK(t.stats().connections_opened == 0);
    }
#ifdef __linux__
    SUBCASE("connect timeout: a listener whose backlog is full drops our SYN") {
        // Linux drops a SYN while the accept queue is full; listen(0) holds one connection,
        // which the first filler takes. The others, and the transport, wait for SYN-ACKs.
        net::io_context fillers_ctx; // never run: async_connect starts connecting at once
        net::ip::tcp::acceptor listener(fillers_ctx);
        const net::ip::tcp::endpoint any_port(net::ip::make_address("127.0.0.1"), 0);
        listener.open(any_port.protocol());
        listener.bind(any_port);
        listener.listen(0);
        const auto endpoint = listener.local_endpoint();
        std::vector<net::ip::tcp::socket> fillers;
        for (int i = 0; i < 3; ++i) {
            fillers.emplace_back(fillers_ctx);
            fillers.back().async_connect(endpoint, [](error_code) {});
        }
        std::this_thread::sleep_for(50ms);

        transport_config cfg = quick();
        cfg.connect_timeout = 300ms;
        transport t(ioc.get_executor(), cfg);
        request req;
        req.scheme = "http";
        req.host = "127.0.0.1";
        req.port = endpoint.port();
        const outcome out = send(ioc, t, req);
        CHECK(out.ec == net::error::timed_out);
        CHECK(out.elapsed >= 250ms);
        CHECK(out.elapsed < 2s);
    }
#endif
}

TEST_CASE("transport: an unusable request fails without I/O, and never inline") {
    test_server server;
    net::io_context ioc;
    transport t(ioc.get_executor(), quick());

    std::vector<request> bad;
    bad.push_back(server.request("GET", "/"));
    bad.back().scheme = "ftp";
    bad.push_back(server.request("GET", "/"));
    bad.back().host.clear();
    bad.push_back(server.request("GET", "/"));
    bad.back().headers.push_back({"X-Evil", "a\r\nInjected: yes"});
    bad.push_back(server.request("GET", "/"));
    bad.back().headers.push_back({"Bad Name", "v"});
    bad.push_back(server.request("GE T", "/"));
    bad.push_back(server.request("GET", "/a b"));

    for (const request& req : bad) {
        bool called = false;
        error_code got;
        t.async_send(req, [&](error_code ec, response) {
            called = true;
            got = ec;
        });
        CHECK_FALSE(called); // not even an immediate error completes inline
        run_until(ioc, [&] { return called; });
        CHECK(got == boost::system::errc::invalid_argument);
    }
    CHECK(server.accepts() == 0);
}

TEST_CASE("transport: close(), destruction and cancellation abort requests in flight") {
    test_server server;
    server.respond(
        [](const recorded_request& r) { return r.path == "/hang" ? reply::hang() : reply::ok(); });
    net::io_context ioc;

    SUBCASE("close()") {
        transport t(ioc.get_executor(), quick());
        REQUIRE_FALSE(send(ioc, t, server.request("GET", "/ok")).ec); // one idle connection
        std::optional<error_code> got;
        t.async_send(server.request("GET", "/hang"), [&](error_code ec, response) { got = ec; });
        run_until(ioc, [&] { return server.request_count() == 2; });
        t.close();
        run_until(ioc, [&] { return got.has_value(); });
        CHECK(*got == net::error::operation_aborted);
        run_until(ioc, [&] { return t.stats().connections_open == 0; });
        CHECK(t.stats().connections_idle == 0);
        // Still usable afterwards.
        REQUIRE_FALSE(send(ioc, t, server.request("GET", "/ok")).ec);
    }
    SUBCASE("destruction") {
        std::optional<transport> t;
        t.emplace(ioc.get_executor(), quick());
        std::optional<error_code> got;
        t->async_send(server.request("GET", "/hang"), [&](error_code ec, response) { got = ec; });
        run_until(ioc, [&] { return server.request_count() == 1; });
        t.reset();
        run_until(ioc, [&] { return got.has_value(); });
        CHECK(*got == net::error::operation_aborted);
    }
    SUBCASE("per-operation cancellation") {
        transport t(ioc.get_executor(), quick());
        net::cancellation_signal signal;
        std::optional<error_code> got;
        t.async_send(
            server.request("GET", "/hang"),
            net::bind_cancellation_slot(signal.slot(), [&](error_code ec, response) { got = ec; }));
        run_until(ioc, [&] { return server.request_count() == 1; });
        signal.emit(net::cancellation_type::terminal);
        run_until(ioc, [&] { return got.has_value(); });
        CHECK(*got == net::error::operation_aborted);
        CHECK(t.stats().connections_open == 0);
    }
    SUBCASE("total cancellation only while nothing was sent") {
        transport t(ioc.get_executor(), quick());
        net::cancellation_signal signal;
        std::optional<error_code> got;
        t.async_send(
            server.request("GET", "/ok"),
            net::bind_cancellation_slot(signal.slot(), [&](error_code ec, response) { got = ec; }));
        run_until(ioc, [&] { return server.request_count() == 1 || got.has_value(); });
        // The request is out: "as if never started" cannot hold any more, so it completes.
        signal.emit(net::cancellation_type::total);
        run_until(ioc, [&] { return got.has_value(); });
        CHECK_FALSE(*got);
    }
    SUBCASE("destroying the io_context with a request in flight frees it") {
        auto token = std::make_shared<int>(0);
        bool called = false;
        {
            net::io_context local;
            transport t(local.get_executor(), quick());
            t.async_send(server.request("GET", "/hang"),
                         [&called, token](error_code, response) { called = true; });
            run_until(local, [&] { return server.request_count() == 1; });
        }                    // the transport, then the io_context with the pending request
        CHECK_FALSE(called); // destroyed, not invoked: Asio's rule at shutdown
        CHECK(token.use_count() == 1); // and nothing kept the handler alive
    }
}

TEST_CASE("transport: idle_timeout 0 disables reuse") {
    test_server server;
    net::io_context ioc;
    transport_config cfg = quick();
    cfg.idle_timeout = 0s;
    transport t(ioc.get_executor(), cfg);
    REQUIRE_FALSE(send(ioc, t, server.request("GET", "/1")).ec);
    REQUIRE_FALSE(send(ioc, t, server.request("GET", "/2")).ec);
    CHECK(server.accepts() == 2);
    CHECK(t.stats().connections_idle == 0);
}

TEST_CASE("transport: HTTPS") {
    hawk::test::test_ca ca;
    hawk::test::temp_file ca_file(ca.cert_pem());
    net::io_context ioc;

    SUBCASE("a certificate from the configured CA: success, reuse, survived idle close") {
        test_server server(ca.issue("localhost", "DNS:localhost,IP:127.0.0.1"));
        transport_config cfg = quick();
        cfg.ca_file = ca_file.path();
        transport t(ioc.get_executor(), cfg);
        for (int i = 0; i < 3; ++i) {
            request req = server.request("POST", "/secure");
            req.body = "secret " + std::to_string(i);
            const outcome out = send(ioc, t, req);
            REQUIRE_MESSAGE(!out.ec, out.ec.message());
            CHECK(out.res.status == 200);
        }
        CHECK(server.accepts() == 1);
        const auto seen = server.requests();
        REQUIRE(seen.size() == 3);
        CHECK(seen[2].body == "secret 2");
        CHECK(seen[0].server_name.empty()); // no SNI for an IP address (RFC 6066)
        CHECK(header_or_empty(seen[0], "host") == "127.0.0.1:" + std::to_string(server.port()));

        server.close_idle_connections();
        const outcome again = send(ioc, t, server.request("GET", "/again"));
        REQUIRE_MESSAGE(!again.ec, again.ec.message());
        CHECK(server.accepts() == 2);
    }
    SUBCASE("an untrusted certificate (system trust store) is a certificate error") {
        test_server server(ca.issue("localhost", "DNS:localhost,IP:127.0.0.1"));
        transport t(ioc.get_executor(), quick());
        const outcome out = send(ioc, t, server.request("GET", "/"));
        REQUIRE(out.ec);
        CHECK(is_certificate_error(out.ec));
        CHECK(out.ec.category() == net::error::get_ssl_category());
        CHECK_MESSAGE(out.ec.message().find("certificate verify failed") != std::string::npos,
                      out.ec.message());
        CHECK(server.request_count() == 0);
        CHECK(t.stats().connections_open == 0);
    }
    SUBCASE("verify_peer = false accepts it") {
        test_server server(ca.issue("localhost", "DNS:localhost,IP:127.0.0.1"));
        transport_config cfg = quick();
        cfg.verify_peer = false;
        transport t(ioc.get_executor(), cfg);
        const outcome out = send(ioc, t, server.request("GET", "/"));
        REQUIRE_MESSAGE(!out.ec, out.ec.message());
    }
    SUBCASE("a certificate for another host name is a certificate error") {
        test_server server(ca.issue("other.example", "DNS:other.example"));
        transport_config cfg = quick();
        cfg.ca_file = ca_file.path();
        transport t(ioc.get_executor(), cfg);
        const outcome out = send(ioc, t, server.request("GET", "/"));
        REQUIRE(out.ec);
        CHECK(is_certificate_error(out.ec));
        CHECK_MESSAGE(out.ec.message().find("certificate verify failed") != std::string::npos,
                      out.ec.message());
        CHECK(server.request_count() == 0);
    }
    SUBCASE("an unreadable ca_file fails at construction") {
        transport_config cfg;
        cfg.ca_file = ca_file.path() + ".missing";
        CHECK_THROWS_AS(transport(ioc.get_executor(), cfg), boost::system::system_error);
    }
    SUBCASE("plain errors are not certificate errors") {
        CHECK_FALSE(is_certificate_error(net::error::timed_out));
        CHECK_FALSE(is_certificate_error({}));
    }
}
