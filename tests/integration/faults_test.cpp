// Fault injection: hawk's real client (retry layer, transport, pool) against a misbehaving
// loopback server. Every fault ends in a typed error with diagnostics that say what happened, or
// in a successful retry, within a bounded time; and afterwards the same client completes a normal
// call. Where the retry layer retries, the attempts are counted and must all carry the call's one
// ClientToken. (Transport-level behaviour on its own is in tests/unit/core/transport_test.cpp.)

#include <hawk/connectparticipant/send_message.hpp>

#include <support/client_support.hpp>
#include <support/misbehaving_server.hpp>
#include <support/test_server.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace net = boost::asio;
namespace bhttp = boost::beast::http;
using boost::system::error_code;
using hawk::test::connection_plan;
using hawk::test::http_response;
using hawk::test::misbehaving_server;
using hawk::test::plan;
using hawk::test::seen_request;
using namespace std::chrono_literals;

/// A client of `url` with an environment of its own (no real credentials, files or settings leak
/// in), no backoff delays and short transport timeouts.
hawk::core::client_config config_for(const std::string& url) {
    hawk::core::client_config cfg = hawk::test::isolated_config(url);
    cfg.transport.connect_timeout = 2s;
    cfg.transport.attempt_timeout = 5s;
    return cfg;
}

using hawk::test::participant_message;

struct call_result {
    error_code ec;
    hawk::connectparticipant::SendMessageResponse response;
    hawk::core::diagnostics diag;
    std::chrono::milliseconds elapsed{};
};

/// One SendMessage through `client` (which runs its own I/O thread); fails the test if it does
/// not complete within `limit`.
call_result call(hawk::core::client& client, std::chrono::milliseconds limit = 20s) {
    // Shared with the handler: a call that outlives a failed wait still has its diagnostics.
    struct state {
        std::promise<void> done;
        call_result result;
    };
    auto s = std::make_shared<state>();
    std::future<void> done = s->done.get_future();
    const auto start = std::chrono::steady_clock::now();
    hawk::connectparticipant::async_send_message(
        client, participant_message(), s->result.diag,
        [s, start](error_code ec, hawk::connectparticipant::SendMessageResponse r) {
            s->result.ec = ec;
            s->result.response = std::move(r);
            s->result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - start);
            s->done.set_value();
        });
    REQUIRE_MESSAGE(done.wait_for(limit) == std::future_status::ready,
                    "the call did not complete in time");
    return s->result;
}

std::string ok_body(const std::string& id = "m-ok") {
    return R"({"Id":")" + id + R"(","AbsoluteTime":"2026-11-23T10:00:00.000Z"})";
}

std::string ok(const std::string& id = "m-ok") {
    return http_response(200, ok_body(id));
}

std::string header(const seen_request& r, std::string_view name) {
    const std::string* v = r.find_header(name);
    return v ? *v : "<absent>";
}

std::string client_token(const seen_request& r) {
    error_code ec;
    const boost::json::value body = boost::json::parse(r.body, ec);
    if (ec || !body.is_object() || !body.as_object().contains("ClientToken"))
        return "<none>";
    return std::string(body.at("ClientToken").as_string());
}

/// Open file descriptors of the process (entries of /proc/self/fd).
std::size_t open_fds() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
        ++n;
    return n;
}

/// Declared first in a test, checked last: once the test's servers and clients are gone, so are
/// all their sockets (the faults leak no descriptor).
struct fd_balance {
    std::size_t at_start = open_fds();
    ~fd_balance() { CHECK(open_fds() == at_start); }
};

/// Polls `done` for up to 2 s.
template <class Predicate>
bool eventually(Predicate done) {
    const auto limit = std::chrono::steady_clock::now() + 2s;
    while (!done() && std::chrono::steady_clock::now() < limit)
        std::this_thread::sleep_for(5ms);
    return done();
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

/// Requests [first, first + count) of `seen` are the attempts of one call: one ClientToken (a
/// UUID), attempt=1..count in amz-sdk-request, one invocation id. Returns the token.
std::string check_attempts(const std::vector<seen_request>& seen, std::size_t first,
                           std::size_t count, int max_attempts = 3) {
    REQUIRE(seen.size() >= first + count);
    const std::string token = client_token(seen[first]);
    CHECK(token.size() == 36);
    for (std::size_t i = 0; i < count; ++i) {
        const seen_request& r = seen[first + i];
        CHECK(client_token(r) == token);
        CHECK(header(r, "amz-sdk-request") ==
              "attempt=" + std::to_string(i + 1) + "; max=" + std::to_string(max_attempts));
        CHECK(header(r, "amz-sdk-invocation-id") == header(seen[first], "amz-sdk-invocation-id"));
    }
    return token;
}

/// A normal call on the same client after a fault: it succeeds on its first attempt.
void check_normal_call(misbehaving_server& server, hawk::core::client& client,
                       const std::string& id = "m-after") {
    server.on_request([id](const seen_request&) { return plan().write(ok(id)); });
    const call_result r = call(client);
    REQUIRE_MESSAGE(!r.ec, r.ec.message() << " / " << r.diag.client_message);
    CHECK(r.response.id == id);
    CHECK(r.diag.attempts == 1);
}

} // namespace

TEST_CASE("fault: connection refused, then the same client connects once the server listens") {
    fd_balance fds;
    misbehaving_server server(false); // bound, not listening: connecting is refused
    hawk::core::client client(config_for(server.url()));

    const call_result r = call(client);
    CHECK(r.ec == net::error::connection_refused);
    CHECK(r.diag.attempts == 3); // refused is transient: retried up to max_attempts
    CHECK(r.diag.http_status == 0);
    CHECK_MESSAGE(contains(r.diag.client_message, "refused"), r.diag.client_message);
    CHECK(r.elapsed < 5s);
    CHECK(server.accepts() == 0);

    server.listen();
    check_normal_call(server, client);
    CHECK(server.accepts() == 1);
}

TEST_CASE("fault: connection reset (RST) before the response, after its head, mid-body") {
    fd_balance fds;
    // Each variant: calls A (three resets: the typed error), B (two resets, then success) and C
    // (a normal call, on B's pooled connection).
    const std::string body = ok_body("m-reset");
    const std::string head =
        http_response(200, body).substr(0, http_response(200, body).size() - body.size());
    std::function<plan()> fault;
    SUBCASE("before any byte of the response") {
        fault = [] { return plan().reset(); };
    }
    SUBCASE("after the response head") {
        fault = [head] { return plan().write(head).pause(50ms).reset(); };
    }
    SUBCASE("in the middle of the body") {
        fault = [head, body] {
            return plan().write(head + body.substr(0, body.size() / 2)).pause(50ms).reset();
        };
    }
    REQUIRE(fault);

    misbehaving_server server;
    server.on_request([&](const seen_request& r) {
        if (r.index <= 5)
            return fault();
        return plan().write(ok(r.index == 6 ? "m-retried" : "m-normal"));
    });
    hawk::core::client client(config_for(server.url()));

    const call_result a = call(client);
    CHECK(a.ec == net::error::connection_reset);
    CHECK(a.diag.attempts == 3);
    CHECK(a.diag.http_status == 0);
    CHECK_FALSE(a.response.id.has_value());
    CHECK_MESSAGE(contains(a.diag.client_message, "reset"), a.diag.client_message);

    const call_result b = call(client);
    REQUIRE_MESSAGE(!b.ec, b.ec.message() << " / " << b.diag.client_message);
    CHECK(b.response.id == "m-retried");
    CHECK(b.diag.attempts == 3);

    const call_result c = call(client);
    REQUIRE_MESSAGE(!c.ec, c.ec.message());
    CHECK(c.response.id == "m-normal");
    CHECK(c.diag.attempts == 1);

    const auto seen = server.requests();
    REQUIRE(seen.size() == 7);
    const std::string token_a = check_attempts(seen, 0, 3);
    const std::string token_b = check_attempts(seen, 3, 3);
    CHECK(token_a != token_b);
    CHECK(client_token(seen[6]) != token_b);
    // Every reset connection was replaced; C reused B's last connection.
    for (std::size_t i = 0; i < 6; ++i)
        CHECK(seen[i].connection == i + 1);
    CHECK(seen[6].connection == seen[5].connection);
    CHECK(server.accepts() == 6);
}

TEST_CASE("fault: a server that never answers: each attempt times out, then the call") {
    fd_balance fds;
    misbehaving_server server;
    server.on_request(
        [](const seen_request& r) { return r.index <= 2 ? plan().hang() : plan().write(ok()); });
    auto cfg = config_for(server.url());
    cfg.transport.attempt_timeout = 300ms;
    hawk::core::retry_config retry;
    retry.max_attempts = 2;
    cfg.retry = retry;
    hawk::core::client client(cfg);

    const call_result r = call(client);
    CHECK(r.ec == net::error::timed_out);
    CHECK(r.ec == boost::system::errc::timed_out); // the portable condition
    CHECK(r.diag.attempts == 2);
    CHECK_MESSAGE(contains(r.diag.client_message, "timed out"), r.diag.client_message);
    CHECK(r.elapsed >= 550ms);
    CHECK(r.elapsed < 3s);
    check_attempts(server.requests(), 0, 2, 2);

    server.on_request([](const seen_request&) { return plan().write(ok("m-after")); });
    const call_result after = call(client);
    REQUIRE_MESSAGE(!after.ec, after.ec.message());
    CHECK(after.response.id == "m-after");
    CHECK(after.diag.attempts == 1);
}

TEST_CASE("fault: the response head dripped one byte at a time") {
    fd_balance fds;
    const std::string body = ok_body("m-drip");
    const std::string head =
        http_response(200, body).substr(0, http_response(200, body).size() - body.size());
    misbehaving_server server;
    auto cfg = config_for(server.url());
    hawk::core::retry_config retry;
    retry.max_attempts = 1;
    cfg.retry = retry;

    SUBCASE("within the attempt timeout: success") {
        // About 130 bytes, 3 ms apart: some 0.4 s of a 5 s budget.
        server.on_request([&](const seen_request&) { return plan().drip(head, 3ms).write(body); });
        hawk::core::client client(cfg);
        const call_result r = call(client);
        REQUIRE_MESSAGE(!r.ec, r.ec.message() << " / " << r.diag.client_message);
        CHECK(r.response.id == "m-drip");
        CHECK(r.elapsed >= 250ms);
        // The dripped response left the connection reusable.
        check_normal_call(server, client);
        CHECK(server.accepts() == 1);
    }
    SUBCASE("beyond the attempt timeout: timed_out, cleanly") {
        // About 130 bytes, 20 ms apart: some 2.6 s, against a 300 ms budget.
        cfg.transport.attempt_timeout = 300ms;
        server.on_request([&](const seen_request&) { return plan().drip(head, 20ms).write(body); });
        hawk::core::client client(cfg);
        const call_result r = call(client);
        CHECK(r.ec == net::error::timed_out);
        CHECK(r.diag.attempts == 1);
        CHECK(r.elapsed >= 250ms);
        CHECK(r.elapsed < 2s);
        CHECK_MESSAGE(contains(r.diag.client_message, "timed out"), r.diag.client_message);
        check_normal_call(server, client);
        CHECK(server.accepts() == 2); // the timed-out connection was closed, not reused
    }
}

TEST_CASE("fault: a truncated body is an error, never a short body") {
    fd_balance fds;
    misbehaving_server server;
    const std::string body = ok_body("m-truncated");
    server.on_request([&](const seen_request&) {
        // Content-Length promises more than is sent, then the server closes.
        return plan()
            .write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                   std::to_string(body.size() + 100) + "\r\n\r\n" + body)
            .close();
    });
    hawk::core::client client(config_for(server.url()));

    const call_result r = call(client);
    CHECK(r.ec == bhttp::error::partial_message);
    CHECK(r.diag.attempts == 3); // a response cut short is transient
    CHECK_FALSE(r.response.id.has_value());
    CHECK_MESSAGE(contains(r.diag.client_message, "partial message"), r.diag.client_message);
    check_attempts(server.requests(), 0, 3);

    check_normal_call(server, client);
    CHECK(server.accepts() == 4);
}

TEST_CASE("fault: a body above max_response_bytes is an error, nothing truncated silently") {
    fd_balance fds;
    misbehaving_server server;
    // Valid JSON, 4 KiB: a truncated one would not parse, a silently accepted one would.
    const std::string big = ok_body(std::string(4096, 'x'));
    server.on_request([&](const seen_request& r) {
        if (r.index == 1)
            return plan().write(http_response(200, big));
        // Chunked: no length up front, the limit is hit while reading.
        std::string chunked = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n";
        for (std::size_t at = 0; at < big.size(); at += 512) {
            const std::string part = big.substr(at, 512);
            char size[16];
            std::snprintf(size, sizeof size, "%zx\r\n", part.size());
            chunked += size + part + "\r\n";
        }
        return plan().write(chunked + "0\r\n\r\n");
    });
    auto cfg = config_for(server.url());
    cfg.transport.max_response_bytes = 1024;
    hawk::core::client client(cfg);

    for (int i = 0; i < 2; ++i) {
        CAPTURE(i);
        const call_result r = call(client);
        CHECK(r.ec == bhttp::error::body_limit);
        CHECK(r.diag.attempts == 1); // not retryable: the same answer would come again
        CHECK_FALSE(r.response.id.has_value());
        CHECK_MESSAGE(contains(r.diag.client_message, "body limit exceeded"),
                      r.diag.client_message);
    }
    CHECK(server.request_count() == 2);

    check_normal_call(server, client);
    CHECK(server.accepts() == 3); // the connections of the failed calls were not reused
}

TEST_CASE("fault: garbage instead of HTTP") {
    fd_balance fds;
    misbehaving_server server;
    std::string garbage;
    SUBCASE("text") {
        garbage = "this is not HTTP at all\r\n\r\n";
    }
    SUBCASE("binary") {
        garbage = std::string("\x16\x03\x01\x00\x05\x00\xff\xfe\r\n\r\n", 12);
    }
    server.on_request([&](const seen_request&) { return plan().write(garbage).close(); });
    hawk::core::client client(config_for(server.url()));

    const call_result r = call(client);
    CHECK(r.ec == bhttp::error::bad_version); // the status line does not start "HTTP/1."
    CHECK(r.diag.attempts == 1);              // a malformed response is not retried
    CHECK(r.diag.http_status == 0);
    CHECK(r.diag.client_message == "the request failed: bad version");
    check_normal_call(server, client);
    CHECK(server.accepts() == 2); // the connection that carried garbage was closed
}

TEST_CASE("fault: HTTP/1.0 with Connection: close, body until close: success, not reused") {
    fd_balance fds;
    misbehaving_server server;
    server.on_request([](const seen_request& r) {
        if (r.index <= 2)
            return plan()
                .write("HTTP/1.0 200 OK\r\nConnection: close\r\nContent-Type: application/json"
                       "\r\n\r\n" +
                       ok_body("m-old-" + std::to_string(r.index)))
                .close();
        return plan().write(ok("m-new-" + std::to_string(r.index)));
    });
    hawk::core::client client(config_for(server.url()));

    for (int i = 1; i <= 4; ++i) {
        const call_result r = call(client);
        REQUIRE_MESSAGE(!r.ec, r.ec.message() << " / " << r.diag.client_message);
        CHECK(r.diag.attempts == 1);
        CHECK(r.response.id == (i <= 2 ? "m-old-" : "m-new-") + std::to_string(i));
    }
    const auto seen = server.requests();
    REQUIRE(seen.size() == 4);
    CHECK(seen[0].connection == 1);
    CHECK(seen[1].connection == 2); // the closed connection was not reused
    CHECK(seen[2].connection == 3);
    CHECK(seen[3].connection == 3); // keep-alive again: the pool works
}

TEST_CASE("fault: a 5xx storm empties the retry quota: calls stop retrying") {
    fd_balance fds;
    misbehaving_server server;
    std::atomic<bool> storm{true};
    server.on_request([&](const seen_request&) {
        if (storm)
            return plan().write(
                http_response(500, R"({"__type":"InternalServerException","message":"storm"})"));
        return plan().write(ok("m-calm"));
    });
    hawk::core::client client(config_for(server.url())); // standard mode: 3 attempts, quota 500

    // Each retry costs 14 of the 500: calls 1-17 retry twice (476, 24 left), call 18 once (10
    // left), and from then on no call retries. 25 calls: 17 * 3 + 2 + 7 * 1 = 60 attempts.
    std::size_t first = 0;
    const auto seen_before = server.request_count();
    REQUIRE(seen_before == 0);
    for (int i = 1; i <= 25; ++i) {
        CAPTURE(i);
        const call_result r = call(client);
        const int expected = i <= 17 ? 3 : i == 18 ? 2 : 1;
        CHECK(r.ec == hawk::connectparticipant::errc::internal_server_exception);
        CHECK(r.diag.attempts == expected);
        CHECK(r.diag.http_status == 500);
        CHECK(r.diag.error_code == "InternalServerException");
        CHECK(r.diag.request_id == "req-500");
        if (i >= 18)
            CHECK(r.diag.client_message == "the retry quota is exhausted");
        else
            CHECK(r.diag.client_message.empty());
        check_attempts(server.requests(), first, static_cast<std::size_t>(expected));
        first += static_cast<std::size_t>(expected);
    }
    CHECK(server.request_count() == 60);
    CHECK(server.accepts() == 1); // error responses keep the connection

    storm = false;
    const call_result r = call(client);
    REQUIRE_MESSAGE(!r.ec, r.ec.message());
    CHECK(r.response.id == "m-calm");
    CHECK(r.diag.attempts == 1);
}

TEST_CASE("fault: resets that empty the retry quota say so") {
    fd_balance fds;
    misbehaving_server server;
    server.on_request([](const seen_request& r) {
        return r.index <= 2 ? plan().reset() : plan().write(ok("m-after"));
    });
    auto cfg = config_for(server.url());
    hawk::core::retry_config retry;
    retry.quota = 20; // one transient retry (14), then the bucket is empty
    cfg.retry = retry;
    hawk::core::client client(cfg);

    const call_result r = call(client);
    CHECK(r.ec == net::error::connection_reset);
    CHECK(r.diag.attempts == 2);
    CHECK_MESSAGE(contains(r.diag.client_message, "reset"), r.diag.client_message);
    CHECK_MESSAGE(contains(r.diag.client_message, "the retry quota is exhausted"),
                  r.diag.client_message);
    check_attempts(server.requests(), 0, 2);

    const call_result after = call(client);
    REQUIRE_MESSAGE(!after.ec, after.ec.message());
    CHECK(after.diag.attempts == 1);
}

TEST_CASE("fault: a pooled connection closed by the server between calls") {
    fd_balance fds;
    misbehaving_server server;
    hawk::core::client client(config_for(server.url()));

    SUBCASE("closed (FIN) while idle: the next call takes a new connection") {
        server.on_request([](const seen_request& r) {
            return plan().write(ok("m-" + std::to_string(r.index))).pause(100ms).close();
        });
        REQUIRE_FALSE(call(client).ec);
        std::this_thread::sleep_for(300ms); // the server has closed it meanwhile
        const call_result r = call(client);
        REQUIRE_MESSAGE(!r.ec, r.ec.message());
        CHECK(r.response.id == "m-2");
        CHECK(r.diag.attempts == 1);
        CHECK(server.request_count() == 2); // seen dead in the pool: nothing sent on it
        CHECK(server.accepts() == 2);
    }
    SUBCASE("reset (RST) while idle: the next call takes a new connection") {
        server.on_request([](const seen_request& r) {
            return plan().write(ok("m-" + std::to_string(r.index))).pause(100ms).reset();
        });
        REQUIRE_FALSE(call(client).ec);
        std::this_thread::sleep_for(300ms);
        const call_result r = call(client);
        REQUIRE_MESSAGE(!r.ec, r.ec.message());
        CHECK(r.response.id == "m-2");
        CHECK(r.diag.attempts == 1);
        CHECK(server.request_count() == 2);
        CHECK(server.accepts() == 2);
    }
    for (const bool rst : {false, true}) {
        // The keep-alive race: the server closes the pooled connection just as the next request
        // arrives. The transport re-sends it once on a new connection: one attempt for the retry
        // layer, and the same ClientToken and attempt header on both copies.
        SUBCASE(rst ? "reset as the next request arrives: re-sent once, same token"
                    : "closed as the next request arrives: re-sent once, same token") {
            server.on_request([rst](const seen_request& r) {
                if (r.index == 2)
                    return rst ? plan().reset() : plan().close();
                return plan().write(ok("m-" + std::to_string(r.index)));
            });
            REQUIRE_FALSE(call(client).ec);
            const call_result r = call(client);
            REQUIRE_MESSAGE(!r.ec, r.ec.message() << " / " << r.diag.client_message);
            CHECK(r.response.id == "m-3");
            CHECK(r.diag.attempts == 1);
            const auto seen = server.requests();
            REQUIRE(seen.size() == 3);
            CHECK(seen[1].connection == 1);
            CHECK(seen[2].connection == 2);
            CHECK(client_token(seen[1]) == client_token(seen[2]));
            CHECK(client_token(seen[1]) != client_token(seen[0]));
            CHECK(header(seen[2], "amz-sdk-request") == "attempt=1; max=3");

            const call_result again = call(client);
            REQUIRE_MESSAGE(!again.ec, again.ec.message());
            CHECK(server.requests().back().connection == 2); // the pool works afterwards
        }
    }
}

TEST_CASE("fault: TLS failures are clear errors; the same client then succeeds") {
    fd_balance fds;
    hawk::test::test_ca ca;
    hawk::test::test_ca rogue("rogue CA");
    const std::vector<hawk::test::server_identity> identities = {
        ca.issue("localhost", "DNS:localhost,IP:127.0.0.1"),    // 0: good
        rogue.issue("localhost", "DNS:localhost,IP:127.0.0.1"), // 1: untrusted issuer
        ca.issue("other.example", "DNS:other.example"),         // 2: another host name
    };
    hawk::test::temp_file ca_file(ca.cert_pem());
    misbehaving_server server(identities);
    enum tls_mode { good, untrusted, wrong_host, handshake_reset };
    std::atomic<int> mode{untrusted};
    server.on_connection([&](std::size_t) {
        connection_plan p;
        switch (mode.load()) {
        case good:
            p.identity = 0;
            break;
        case untrusted:
            p.identity = 1;
            break;
        case wrong_host:
            p.identity = 2;
            break;
        default:
            p.what = connection_plan::kind::reset_handshake;
        }
        return p;
    });
    server.on_request(
        [](const seen_request& r) { return plan().write(ok("m-tls-" + std::to_string(r.index))); });
    auto cfg = config_for(server.url());
    cfg.transport.ca_file = ca_file.path();
    hawk::core::client client(cfg);

    for (const int m : {untrusted, wrong_host}) {
        CAPTURE(m);
        mode = m;
        const std::size_t accepts = server.accepts();
        const call_result r = call(client);
        REQUIRE(r.ec);
        CHECK(hawk::core::http::is_certificate_error(r.ec));
        CHECK(r.ec.category() == net::error::get_ssl_category());
        CHECK(r.diag.attempts == 1); // a certificate problem is not retried
        CHECK_MESSAGE(contains(r.diag.client_message, "certificate verify failed"),
                      r.diag.client_message);
        CHECK(server.accepts() == accepts + 1);
    }
    CHECK(server.request_count() == 0);
    // The server sees each rejection when the client's alert or close reaches it.
    CHECK(eventually([&] { return server.failed_handshakes() == 2; }));

    mode = handshake_reset;
    const call_result reset = call(client);
    CHECK(reset.ec == net::error::connection_reset);
    CHECK_FALSE(hawk::core::http::is_certificate_error(reset.ec));
    CHECK(reset.diag.attempts == 3); // a reset is transient
    CHECK_MESSAGE(contains(reset.diag.client_message, "reset"), reset.diag.client_message);
    CHECK(server.accepts() == 5);
    CHECK(server.request_count() == 0);

    mode = good;
    for (int i = 1; i <= 2; ++i) {
        const call_result r = call(client);
        REQUIRE_MESSAGE(!r.ec, r.ec.message() << " / " << r.diag.client_message);
        CHECK(r.response.id == "m-tls-" + std::to_string(i));
        CHECK(r.diag.attempts == 1);
    }
    CHECK(server.accepts() == 6); // the good connection is pooled and reused
}
