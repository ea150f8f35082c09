// hawk's real client against loopback test servers: the seed operations on the wire, auth,
// retries with one idempotency token, typed errors, and every completion style.

#include <hawk/connect/start_contact_streaming.hpp>
#include <hawk/connectparticipant/send_event.hpp>
#include <hawk/connectparticipant/send_message.hpp>
#include <hawk/qconnect/send_message.hpp>

#include <support/client_support.hpp>
#include <support/test_server.hpp>

#include <boost/asio/deferred.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#if HAWK_HAS_COROUTINES
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#endif
#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <map>

using hawk::test::config_for;
using hawk::test::header;
using hawk::test::json;
using hawk::test::participant_message;
using hawk::test::recorded_request;
using hawk::test::reply;
using hawk::test::test_server;

TEST_CASE("connectparticipant SendMessage with no AWS credentials anywhere: bearer only") {
    test_server server;
    server.respond([](const recorded_request&) {
        return json(200, R"({"Id":"m-1","AbsoluteTime":"2026-11-23T10:00:00.000Z"})");
    });
    hawk::core::client client(config_for(server));
    const auto response = hawk::connectparticipant::send_message(client, participant_message());
    CHECK(response.id == "m-1");

    REQUIRE(server.request_count() == 1);
    const recorded_request r = server.requests().at(0);
    CHECK(r.method == "POST");
    CHECK(r.path == "/participant/message");
    CHECK(header(r, "X-Amz-Bearer") == "connection-token-1");
    CHECK(header(r, "Authorization") == "<absent>");
    CHECK(header(r, "X-Amz-Date") == "<absent>");
    CHECK(header(r, "Content-Type") == "application/json");
    CHECK(header(r, "amz-sdk-request") == "attempt=1; max=3");
    CHECK(header(r, "User-Agent").rfind("hawk/", 0) == 0);
    const boost::json::value body = boost::json::parse(r.body);
    CHECK(body.at("Content") == "Hello");
    // The client generated the missing idempotency token (a UUID v4).
    CHECK(body.at("ClientToken").as_string().size() == 36);
}

TEST_CASE("connect StartContactStreaming is SigV4-signed") {
    test_server server;
    server.respond([](const recorded_request&) { return json(200, R"({"StreamingId":"s-1"})"); });
    auto cfg =
        config_for(server, {{"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                            {"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
                            {"AWS_SESSION_TOKEN", "session-token"},
                            {"AWS_REGION", "eu-west-2"}});
    hawk::core::client client(cfg);
    hawk::connect::StartContactStreamingRequest req;
    req.instance_id = "i-1";
    req.contact_id = "c-1";
    req.chat_streaming_configuration.streaming_endpoint_arn = "arn:aws:sns:eu-west-2:1:t";
    const auto response = hawk::connect::start_contact_streaming(client, req);
    CHECK(response.streaming_id == "s-1");
    const recorded_request r = server.requests().at(0);
    CHECK(r.path == "/contact/start-streaming");
    const std::string authz = header(r, "Authorization");
    CHECK(authz.rfind("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", 0) == 0);
    CHECK(authz.find("/eu-west-2/connect/aws4_request") != std::string::npos);
    CHECK(authz.find("x-amz-security-token") != std::string::npos);
    CHECK(header(r, "X-Amz-Security-Token") == "session-token");
    CHECK(header(r, "X-Amz-Date").size() == 16);
}

TEST_CASE("a signed operation without credentials fails clearly, before sending") {
    test_server server;
    hawk::core::client client(config_for(server, {{"AWS_REGION", "us-east-1"}}));
    hawk::qconnect::SendMessageRequest req;
    req.assistant_id = "a";
    req.session_id = "s";
    req.type = hawk::qconnect::MessageType::text;
    req.message.value = hawk::qconnect::MessageData::make_text({});
    hawk::core::diagnostics diag;
    auto future = hawk::qconnect::async_send_message(client, req, diag, boost::asio::use_future);
    CHECK_THROWS_AS(future.get(), boost::system::system_error);
    CHECK(diag.client_message.find("no credentials") != std::string::npos);
    CHECK(server.request_count() == 0);
}

TEST_CASE("503 then success: retried with the same ClientToken") {
    test_server server;
    int calls = 0;
    server.respond([&](const recorded_request&) {
        return ++calls < 3 ? json(503, R"({"message":"busy"})") : json(200, R"({"Id":"m-2"})");
    });
    hawk::core::client client(config_for(server));
    hawk::core::diagnostics diag;
    auto future = hawk::connectparticipant::async_send_message(client, participant_message(), diag,
                                                               boost::asio::use_future);
    CHECK(future.get().id == "m-2");
    CHECK(diag.attempts == 3);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    const auto token = boost::json::parse(requests[0].body).at("ClientToken");
    for (std::size_t i = 0; i < requests.size(); ++i) {
        CHECK(boost::json::parse(requests[i].body).at("ClientToken") == token);
        CHECK(header(requests[i], "amz-sdk-request") ==
              "attempt=" + std::to_string(i + 1) + "; max=3");
        CHECK(header(requests[i], "amz-sdk-invocation-id") ==
              header(requests[0], "amz-sdk-invocation-id"));
    }
    // A second call gets a new token.
    (void)hawk::connectparticipant::send_message(client, participant_message());
    CHECK(boost::json::parse(server.requests().back().body).at("ClientToken") != token);
}

TEST_CASE("throttling stops at max attempts with a typed error and its diagnostics") {
    test_server server;
    server.respond([](const recorded_request&) {
        return json(429, R"({"__type":"com.amazon#ThrottlingException","Message":"slow down"})");
    });
    hawk::core::client client(config_for(server));
    hawk::core::diagnostics diag;
    boost::system::error_code ec;
    try {
        hawk::connectparticipant::async_send_message(client, participant_message(), diag,
                                                     boost::asio::use_future)
            .get();
    } catch (const boost::system::system_error& e) {
        ec = e.code();
    }
    CHECK(ec == hawk::connectparticipant::errc::throttling_exception);
    CHECK(server.request_count() == 3);
    CHECK(diag.attempts == 3);
    CHECK(diag.http_status == 429);
    CHECK(diag.request_id == "req-429");
    CHECK(diag.error_code == "ThrottlingException");
    CHECK(diag.message == "slow down");
    const auto typed = hawk::core::error_as<hawk::connectparticipant::ThrottlingException>(diag);
    REQUIRE(typed);
    CHECK(typed->message == "slow down");
}

TEST_CASE("ConflictException from SendEvent is typed; unmodeled codes are not lost") {
    test_server server;
    server.respond([](const recorded_request& r) {
        if (r.path == "/participant/event")
            return json(409, R"({"Message":"already read"})",
                        {{"x-amzn-ErrorType", "ConflictException:http://internal"}});
        return json(400, R"({"code":"BrandNewError","message":"new"})");
    });
    hawk::core::client client(config_for(server));
    hawk::connectparticipant::SendEventRequest event;
    event.content_type = "application/vnd.amazonaws.connect.event.message.read";
    event.connection_token = "t";
    try {
        (void)hawk::connectparticipant::send_event(client, event);
        FAIL("expected an error");
    } catch (const hawk::core::error_with_diagnostics& e) {
        CHECK(e.code() == hawk::connectparticipant::errc::conflict_exception);
        CHECK(e.get_diagnostics().http_status == 409);
        CHECK(e.get_diagnostics().attempts == 1);
    }
    try {
        (void)hawk::connectparticipant::send_message(client, participant_message());
        FAIL("expected an error");
    } catch (const hawk::core::error_with_diagnostics& e) {
        CHECK(e.code() == hawk::connectparticipant::errc::unmodeled_error);
        CHECK(e.get_diagnostics().error_code == "BrandNewError");
    }
}

TEST_CASE("validation failures are reported before anything is sent") {
    test_server server;
    hawk::core::client client(config_for(server));
    auto req = participant_message();
    req.content.clear();
    req.connection_token.clear();
    try {
        (void)hawk::connectparticipant::send_message(client, req);
        FAIL("expected an error");
    } catch (const hawk::core::error_with_diagnostics& e) {
        CHECK(e.code() == hawk::core::errc::validation_failed);
        CHECK(e.get_diagnostics().violations ==
              "SendMessageRequest.Content: is required but "
              "missing\nSendMessageRequest.ConnectionToken: is required but missing");
    }
    CHECK(server.request_count() == 0);
}

TEST_CASE("callback, deferred and (C++20) coroutine forms on the caller's io_context") {
    test_server server;
    server.respond([](const recorded_request&) { return json(200, R"({"Id":"m-3"})"); });
    boost::asio::io_context io;
    hawk::core::client client(io.get_executor(), config_for(server));

    std::optional<std::string> from_callback;
    hawk::connectparticipant::async_send_message(
        client, participant_message(),
        [&](boost::system::error_code ec, hawk::connectparticipant::SendMessageResponse r) {
            CHECK_FALSE(ec);
            from_callback = r.id;
        });
    CHECK_FALSE(from_callback); // never completes inline
    io.run();
    CHECK(from_callback == "m-3");

    io.restart();
    std::optional<std::string> from_deferred;
    auto op = hawk::connectparticipant::async_send_message(client, participant_message(),
                                                           boost::asio::deferred);
    std::move(op)(
        [&](boost::system::error_code ec, hawk::connectparticipant::SendMessageResponse r) {
            CHECK_FALSE(ec);
            from_deferred = r.id;
        });
    io.run();
    CHECK(from_deferred == "m-3");

#if HAWK_HAS_COROUTINES
    io.restart();
    std::optional<std::string> from_coroutine;
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            auto r = co_await hawk::connectparticipant::async_send_message(
                client, participant_message(), boost::asio::use_awaitable);
            from_coroutine = r.id;
        },
        boost::asio::detached);
    io.run();
    CHECK(from_coroutine == "m-3");
#endif
}

TEST_CASE("qconnect SendMessage is signed with the wisdom signing name and encodes its labels") {
    test_server server;
    server.respond(
        [](const recorded_request&) { return json(200, R"({"requestMessageId":"r-1"})"); });
    hawk::core::client client(config_for(server, {{"AWS_ACCESS_KEY_ID", "AKID"},
                                                  {"AWS_SECRET_ACCESS_KEY", "secret"},
                                                  {"AWS_DEFAULT_REGION", "ap-southeast-2"}}));
    hawk::qconnect::SendMessageRequest req;
    req.assistant_id = "arn:aws:wisdom:ap-southeast-2:123456789012:assistant/abc";
    req.session_id = "s 1";
    req.type = hawk::qconnect::MessageType::text;
    hawk::qconnect::TextMessage text;
    text.value = "hi";
    req.message.value = hawk::qconnect::MessageData::make_text(text);
    req.metadata = std::map<std::string, std::string>{{"k", "v"}};
    (void)hawk::qconnect::send_message(client, req);
    const recorded_request r = server.requests().at(0);
    CHECK(r.path ==
          "/assistants/arn%3Aaws%3Awisdom%3Aap-southeast-2%3A123456789012%3Aassistant%2Fabc/"
          "sessions/s%201/message");
    CHECK(header(r, "Authorization").find("/ap-southeast-2/wisdom/aws4_request") !=
          std::string::npos);
    const auto body = boost::json::parse(r.body);
    CHECK(body.at("metadata").at("k") == "v");
    CHECK(body.at("clientToken").as_string().size() == 36);
}

TEST_CASE("an empty retry quota stops retrying") {
    test_server server;
    server.respond([](const recorded_request&) { return json(503, R"({"message":"down"})"); });
    auto cfg = config_for(server);
    hawk::core::retry_config retry;
    retry.max_attempts = 10;
    retry.quota = 30; // two transient retries (14 each), then the bucket is empty
    cfg.retry = retry;
    hawk::core::client client(cfg);
    hawk::core::diagnostics diag;
    CHECK_THROWS(hawk::connectparticipant::async_send_message(client, participant_message(), diag,
                                                              boost::asio::use_future)
                     .get());
    CHECK(server.request_count() == 3);
    CHECK(diag.attempts == 3);
    CHECK(diag.client_message == "the retry quota is exhausted");
}

TEST_CASE("a signature-time error teaches the client the server's clock, and the call succeeds") {
    test_server server;
    const auto server_now = std::chrono::system_clock::now() + std::chrono::hours(2);
    int calls = 0;
    server.respond([&](const recorded_request& r) {
        // X-Amz-Date is YYYYMMDDTHHMMSSZ: the second attempt must be signed in the server's hour,
        // two hours ahead of ours.
        std::string iso = hawk::core::format_iso8601(server_now); // YYYY-MM-DDTHH:...
        const std::string server_hour =
            iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2) + iso.substr(10, 3);
        const bool in_sync = header(r, "X-Amz-Date").substr(0, 11) == server_hour;
        ++calls;
        if (!in_sync)
            return json(403,
                        R"({"__type":"InvalidSignatureException","message":"Signature expired"})",
                        {{"Date", hawk::core::format_http_date(server_now)}});
        return json(200, R"({"StreamingId":"s-skew"})");
    });
    hawk::core::client client(config_for(server, {{"AWS_ACCESS_KEY_ID", "AKID"},
                                                  {"AWS_SECRET_ACCESS_KEY", "secret"},
                                                  {"AWS_REGION", "us-east-1"}}));
    hawk::connect::StartContactStreamingRequest req;
    req.instance_id = "i";
    req.contact_id = "c";
    req.chat_streaming_configuration.streaming_endpoint_arn = "a";
    CHECK(hawk::connect::start_contact_streaming(client, req).streaming_id == "s-skew");
    CHECK(calls == 2);
}

TEST_CASE("HTTPS with a custom CA bundle from AWS_CA_BUNDLE; an untrusted one fails clearly") {
    hawk::test::test_ca ca;
    test_server server(ca.issue("localhost", "DNS:localhost,IP:127.0.0.1"));
    server.respond([](const recorded_request&) { return json(200, R"({"Id":"m-tls"})"); });
    hawk::test::temp_file ca_file(ca.cert_pem());
    auto cfg = config_for(server, {{"AWS_CA_BUNDLE", ca_file.path()}});
    cfg.endpoint_url = "https://127.0.0.1:" + std::to_string(server.port());
    {
        hawk::core::client client(cfg);
        CHECK(hawk::connectparticipant::send_message(client, participant_message()).id == "m-tls");
    }
    auto untrusted = config_for(server);
    untrusted.endpoint_url = cfg.endpoint_url;
    hawk::core::client client(untrusted);
    hawk::core::diagnostics diag;
    try {
        (void)hawk::connectparticipant::async_send_message(client, participant_message(), diag,
                                                           boost::asio::use_future)
            .get();
        FAIL("expected a TLS error");
    } catch (const boost::system::system_error& e) {
        CHECK(hawk::core::http::is_certificate_error(e.code()));
        CHECK(diag.client_message.find("certificate verify failed") != std::string::npos);
    }
}

TEST_CASE("an invalid retry setting is a clear error on every call, not a silent default") {
    test_server server;
    hawk::core::client client(config_for(server, {{"AWS_RETRY_MODE", "fast"}}));
    hawk::core::diagnostics diag;
    CHECK_THROWS(hawk::connectparticipant::async_send_message(client, participant_message(), diag,
                                                              boost::asio::use_future)
                     .get());
    CHECK(diag.client_message.find("AWS_RETRY_MODE") != std::string::npos);
    CHECK(server.request_count() == 0);
}
