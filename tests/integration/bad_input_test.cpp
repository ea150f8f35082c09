// Bad input from callers is refused before anything is sent, with an error naming the member:
// header injection (CR, LF, NUL in header-bound members), invalid UTF-8, enormous values; and
// path labels holding '/', "..", '?', '#', '%' or spaces are encoded so that the path stays the
// operation's.

#include <hawk/connectparticipant/send_event.hpp>
#include <hawk/connectparticipant/send_message.hpp>
#include <hawk/qconnect/send_message.hpp>
#include <hawk/qconnect/server/send_message.hpp>

#include <support/client_support.hpp>
#include <support/test_server.hpp>

#include <boost/asio/use_future.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <string>
#include <utility>
#include <vector>

using hawk::test::config_for;
using hawk::test::json;
using hawk::test::recorded_request;
using hawk::test::test_server;

namespace {

/// Sends `req`; returns the error and the diagnostics.
template <class Request>
std::pair<boost::system::error_code, hawk::core::diagnostics> send(hawk::core::client& client,
                                                                   const Request& req) {
    hawk::core::diagnostics diag;
    auto f = hawk::connectparticipant::async_send_message(
        client, req, diag,
        boost::asio::use_future([](boost::system::error_code ec,
                                   hawk::connectparticipant::SendMessageResponse) { return ec; }));
    return {f.get(), diag};
}

} // namespace

TEST_CASE("CR, LF or NUL in a header-bound member is refused before sending") {
    test_server server;
    server.respond([](const recorded_request&) { return json(200, R"({"Id":"m"})"); });
    for (const hawk::core::validation_mode mode :
         {hawk::core::validation_mode::required, hawk::core::validation_mode::all}) {
        auto cfg = config_for(server);
        cfg.validation = mode;
        hawk::core::client client(cfg);
        for (const std::string& token :
             {std::string("token\r\nX-Injected: 1"), std::string("token\nX-Injected: 1"),
              std::string("token\rX"), std::string("tok\0en", 6)}) {
            CAPTURE(token);
            auto req = hawk::test::participant_message();
            req.connection_token = token;
            const auto [ec, diag] = send(client, req);
            CHECK(ec == hawk::core::errc::validation_failed);
            CHECK(diag.violations.find("SendMessageRequest.ConnectionToken: contains a line "
                                       "break or NUL") != std::string::npos);
        }
        // The same client still sends a good request.
        CHECK_FALSE(send(client, hawk::test::participant_message()).first);
    }
    REQUIRE(server.request_count() == 2);
    for (const recorded_request& r : server.requests())
        CHECK(r.find_header("X-Injected") == nullptr);
}

TEST_CASE("a header line break that bypasses validation is still refused by the transport") {
    // Validation can be switched off by building the request by hand: the transport is the last
    // line and sends nothing either.
    test_server server;
    hawk::core::client client(config_for(server));
    hawk::core::http::request http = hawk::connectparticipant::operations::SendMessage::serialize(
        hawk::test::participant_message());
    http.set_header("X-Amz-Bearer", "token\r\nX-Injected: 1");
    hawk::core::diagnostics diag;
    std::promise<boost::system::error_code> done;
    client.async_execute(
        hawk::connectparticipant::operations::SendMessage::info, std::move(http), &diag,
        [&](boost::system::error_code ec, hawk::core::http::response) { done.set_value(ec); });
    auto result = done.get_future();
    REQUIRE(result.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    CHECK(result.get());
    CHECK(server.request_count() == 0);
}

TEST_CASE("invalid UTF-8 in a string member is refused, naming the member") {
    test_server server;
    hawk::core::client client(config_for(server));
    for (const std::string& bad : {std::string("caf\xc3"), std::string("\xff\xfe"),
                                   std::string("\xed\xa0\x80"), // a UTF-16 surrogate
                                   std::string("\xc0\xaf")}) {  // an overlong '/'
        CAPTURE(bad);
        auto req = hawk::test::participant_message();
        req.content = bad;
        const auto [ec, diag] = send(client, req);
        CHECK(ec == hawk::core::errc::validation_failed);
        CHECK(diag.violations.find("SendMessageRequest.Content: is not valid UTF-8") !=
              std::string::npos);
    }
    CHECK(server.request_count() == 0);
}

TEST_CASE("enormous inputs are refused by the validators, in the default mode too") {
    test_server server;
    hawk::core::client client(config_for(server)); // validation_mode::required
    REQUIRE(client.validation() == hawk::core::validation_mode::required);
    auto req = hawk::test::participant_message();
    req.content = std::string(16385, 'x'); // the model's maximum is 16,384 characters
    auto [ec, diag] = send(client, req);
    CHECK(ec == hawk::core::errc::validation_failed);
    CHECK(diag.violations.find("SendMessageRequest.Content: length 16385 is above the maximum "
                               "of 16384 characters") != std::string::npos);
    req.content = std::string(64 << 20, 'x'); // 64 MiB
    std::tie(ec, diag) = send(client, req);
    CHECK(ec == hawk::core::errc::validation_failed);
    // The maximum counts characters, not bytes: 16,384 three-byte characters are fine.
    req.content.clear();
    for (int i = 0; i < 16384; ++i)
        req.content += "\xe2\x82\xac"; // €
    server.respond([](const recorded_request&) { return json(200, R"({"Id":"m"})"); });
    CHECK_FALSE(send(client, req).first);
    CHECK(server.request_count() == 1);
    // Minimums stay the service's business in the default mode (stale models must not block).
    hawk::connectparticipant::SendEventRequest event;
    event.content_type = "application/vnd.amazonaws.connect.event.typing";
    event.connection_token = "token";
    event.content = ""; // below the model's minimum of 1, sent as is
    CHECK(hawk::core::validate(event, hawk::core::validation_mode::required).empty());
    CHECK_FALSE(hawk::core::validate(event, hawk::core::validation_mode::all).empty());
}

TEST_CASE("path labels cannot change the path: '/', '..', '?', '#', '%', spaces are encoded") {
    test_server server;
    server.respond([](const recorded_request&) {
        return json(200, R"({"requestMessageId":"r-1","nextMessageToken":"n"})");
    });
    hawk::core::client client(config_for(server, {{"AWS_ACCESS_KEY_ID", "AKID"},
                                                  {"AWS_SECRET_ACCESS_KEY", "secret"},
                                                  {"AWS_REGION", "us-east-1"}}));
    struct label_case {
        std::string assistant, session, encoded_assistant, encoded_session;
    };
    const std::vector<label_case> cases = {
        {"a/../b", "s", "a%2F..%2Fb", "s"},
        {"..", ".", "%2E%2E", "%2E"},
        {"x?y=1#frag", "50% off", "x%3Fy%3D1%23frag", "50%25%20off"},
        {"..%2F..", "caf\xc3\xa9", "..%252F..", "caf%C3%A9"},
    };
    for (const label_case& c : cases) {
        CAPTURE(c.assistant);
        hawk::qconnect::SendMessageRequest req;
        req.assistant_id = c.assistant;
        req.session_id = c.session;
        req.type = hawk::qconnect::MessageType::text;
        hawk::qconnect::TextMessage text;
        text.value = "hi";
        req.message.value = hawk::qconnect::MessageData::make_text(text);
        hawk::qconnect::send_message(client, req);
    }
    const std::vector<recorded_request> seen = server.requests();
    REQUIRE(seen.size() == cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        CAPTURE(seen[i].target);
        CHECK(seen[i].path == "/assistants/" + cases[i].encoded_assistant + "/sessions/" +
                                  cases[i].encoded_session + "/message");
        CHECK(seen[i].query.empty());
        // The service reads back exactly the caller's values.
        hawk::core::http::request as_received;
        as_received.method = seen[i].method;
        as_received.path = seen[i].path;
        as_received.headers = seen[i].headers;
        as_received.body = seen[i].body;
        hawk::qconnect::SendMessageRequest read;
        std::string error;
        REQUIRE(hawk::qconnect::server::SendMessage::parse_request(as_received, read, error));
        CHECK(read.assistant_id == cases[i].assistant);
        CHECK(read.session_id == cases[i].session);
    }
}
