// hawk::testing's replay, capture and silent transports, plugged into the real client.

#include <hawk/connect/start_contact_streaming.hpp>
#include <hawk/connectparticipant/send_event.hpp>
#include <hawk/connectparticipant/send_message.hpp>
#include <hawk/testing/transports.hpp>

#include <support/client_support.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <stdexcept>

using hawk::test::participant_message;
namespace testing = hawk::testing;
namespace participant = hawk::connectparticipant;

TEST_CASE("replay: canned responses answer calls in order, parsed into the outputs") {
    testing::replay_transport replay;
    replay
        .then(testing::json_response(200, R"({"Id":"m-1","AbsoluteTime":"2026-11-24T10:00:00Z"})"))
        .then(testing::json_response(200, R"({"Id":"m-2"})"));
    hawk::core::client client(testing::offline_config(replay.sender()));
    CHECK(participant::send_message(client, participant_message()).id == "m-1");
    CHECK(participant::send_message(client, participant_message()).id == "m-2");
    CHECK(replay.remaining() == 0);
    CHECK(replay.requests() == 2);

    // A third call finds nothing left: a clear error, not a hang.
    hawk::core::diagnostics diag;
    auto future = participant::async_send_message(client, participant_message(), diag,
                                                  boost::asio::use_future);
    try {
        future.get();
        FAIL("a call with no canned response left succeeded");
    } catch (const boost::system::system_error& e) {
        CHECK(e.code() == testing::errc::no_canned_response);
        CHECK(diag.client_message.find("no canned response") != std::string::npos);
    }
}

TEST_CASE("replay: a modeled error is typed, its members readable; throttling is retried") {
    testing::replay_transport replay;
    replay.then(testing::service_error(429, "ThrottlingException", "slow down"))
        .then(testing::json_response(200, R"({"Id":"m-3"})"))
        .then(testing::service_error(409, "ConflictException", "already connected"));
    hawk::core::client client(testing::offline_config(replay.sender()));
    hawk::core::diagnostics diag;
    auto ok = participant::async_send_message(client, participant_message(), diag,
                                              boost::asio::use_future);
    CHECK(ok.get().id == "m-3");
    CHECK(diag.attempts == 2);

    participant::SendEventRequest event;
    event.content_type = "application/vnd.amazonaws.connect.event.typing";
    event.connection_token = "connection-token-1";
    auto failed = participant::async_send_event(client, event, diag, boost::asio::use_future);
    CHECK_THROWS_AS(failed.get(), boost::system::system_error);
    CHECK(diag.error_code == "ConflictException");
    CHECK(diag.http_status == 409);
    const auto conflict = hawk::core::error_as<participant::ConflictException>(diag);
    REQUIRE(conflict);
    CHECK(conflict->message == "already connected");
}

TEST_CASE("capture: records each request as prepared; retries reuse the idempotency token") {
    testing::replay_transport replay;
    replay.then(testing::transport_failure(boost::asio::error::connection_reset))
        .then(testing::json_response(200, R"({"Id":"m-4"})"));
    testing::capture_transport capture(replay.sender());
    hawk::core::client client(testing::offline_config(capture.sender()));
    CHECK(participant::send_message(client, participant_message()).id == "m-4");

    REQUIRE(capture.size() == 2);
    const auto first = capture.requests().at(0);
    const auto second = capture.last();
    CHECK(first.method == "POST");
    CHECK(first.host == "participant.connect.us-east-1.amazonaws.com");
    CHECK(first.path == "/participant/message");
    REQUIRE(first.find_header("X-Amz-Bearer"));
    CHECK(*first.find_header("X-Amz-Bearer") == "connection-token-1");
    CHECK(first.find_header("Authorization") == nullptr); // the Participant Service is not signed
    const auto body = boost::json::parse(first.body).as_object();
    CHECK(body.at("Content") == "Hello");
    const auto token = body.at("ClientToken").as_string();
    CHECK(token.size() == 36);
    CHECK(boost::json::parse(second.body).at("ClientToken") == token);
    CHECK(*second.find_header("amz-sdk-request") == "attempt=2; max=3");

    capture.clear();
    CHECK(capture.size() == 0);
    CHECK_THROWS_AS(capture.last(), std::out_of_range);
}

TEST_CASE("capture: SigV4 operations are signed with the offline test credentials") {
    testing::capture_transport capture;
    hawk::core::client client(testing::offline_config(capture.sender()));
    hawk::connect::StartContactStreamingRequest req;
    req.instance_id = "instance-1";
    req.contact_id = "contact-1";
    req.chat_streaming_configuration.streaming_endpoint_arn = "arn:aws:sns:us-east-1:1:t";
    hawk::connect::start_contact_streaming(client, req); // "{}" parses into any output
    const auto sent = capture.last();
    CHECK(sent.path == "/contact/start-streaming");
    REQUIRE(sent.find_header("Authorization"));
    CHECK(
        sent.find_header("Authorization")
            ->rfind("AWS4-HMAC-SHA256 Credential=" + std::string(testing::test_access_key_id) + "/",
                    0) == 0);
}

TEST_CASE("silent: the attempt timeout ends each attempt; nothing is held afterwards") {
    testing::silent_transport silent;
    auto config = testing::offline_config(silent.sender());
    config.transport.attempt_timeout = std::chrono::milliseconds(50);
    hawk::core::retry_config retry;
    retry.max_attempts = 2;
    config.retry = retry;
    boost::asio::io_context io;
    hawk::core::client client(io.get_executor(), config);
    hawk::core::diagnostics diag;
    boost::system::error_code result;
    bool done = false;
    const auto start = std::chrono::steady_clock::now();
    participant::async_send_message(client, participant_message(), diag,
                                    [&](boost::system::error_code ec, auto) {
                                        result = ec;
                                        done = true;
                                    });
    io.run();
    CHECK(done);
    CHECK(result == boost::asio::error::timed_out);
    CHECK(diag.attempts == 2); // a timeout is transient: retried once
    CHECK(silent.requests() == 2);
    CHECK(silent.pending() == 0);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(100));
}

TEST_CASE("a sender that throws fails the attempt; the program goes on") {
    auto config = testing::offline_config(
        [](const hawk::core::http::request&, hawk::core::http::send_handler) {
            throw std::runtime_error("broken sender");
        });
    hawk::core::retry_config retry;
    retry.max_attempts = 1;
    config.retry = retry;
    hawk::core::client client(config);
    CHECK_THROWS_AS(participant::send_message(client, participant_message()),
                    hawk::core::error_with_diagnostics);
}
