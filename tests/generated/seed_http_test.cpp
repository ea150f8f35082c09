// The operations' pure serializers and parsers: requests as HTTP, before endpoint and signing.

#include <hawk/connect/operations/list_users.hpp>
#include <hawk/connect/operations/start_contact_streaming.hpp>
#include <hawk/connectparticipant/errors.hpp>
#include <hawk/connectparticipant/operations/send_event.hpp>
#include <hawk/connectparticipant/operations/send_message.hpp>
#include <hawk/qconnect/operations/send_message.hpp>

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

namespace {
std::string header(const hawk::core::http::request& r, std::string_view name) {
    const std::string* v = r.find_header(name);
    return v ? *v : "<absent>";
}
} // namespace

TEST_CASE("connectparticipant SendMessage: POST /participant/message, bearer header, JSON body") {
    hawk::connectparticipant::SendMessageRequest req;
    req.content_type = "text/markdown";
    req.content = "**hi**";
    req.client_token = "ct-1";
    req.connection_token = "conn-token";
    const auto http = hawk::connectparticipant::operations::SendMessage::serialize(req);
    CHECK(http.method == "POST");
    CHECK(http.path == "/participant/message");
    CHECK(http.query.empty());
    CHECK(header(http, "X-Amz-Bearer") == "conn-token");
    CHECK(header(http, "Content-Type") == "application/json");
    CHECK(http.body ==
          R"({"ContentType":"text/markdown","Content":"**hi**","ClientToken":"ct-1"})");
}

TEST_CASE("connectparticipant SendEvent without and with Content") {
    hawk::connectparticipant::SendEventRequest req;
    req.content_type = "application/vnd.amazonaws.connect.event.typing";
    req.connection_token = "conn-token";
    auto http = hawk::connectparticipant::operations::SendEvent::serialize(req);
    CHECK(http.path == "/participant/event");
    CHECK(http.body == R"({"ContentType":"application/vnd.amazonaws.connect.event.typing"})");
    req.content = "x";
    http = hawk::connectparticipant::operations::SendEvent::serialize(req);
    CHECK(boost::json::parse(http.body).as_object().contains("Content"));
}

TEST_CASE("qconnect SendMessage: path labels are percent-encoded, nothing else is literal") {
    hawk::qconnect::SendMessageRequest req;
    req.assistant_id = "arn:aws:wisdom:us-east-1:123456789012:assistant/a b+c";
    req.session_id = "s/../x?y#z%";
    req.type = hawk::qconnect::MessageType::text;
    hawk::qconnect::TextMessage text;
    text.value = "hi";
    req.message.value = hawk::qconnect::MessageData::make_text(text);
    const auto http = hawk::qconnect::operations::SendMessage::serialize(req);
    CHECK(http.path ==
          "/assistants/arn%3Aaws%3Awisdom%3Aus-east-1%3A123456789012%3Aassistant%2Fa%20b%2Bc"
          "/sessions/s%2F..%2Fx%3Fy%23z%25/message");
    CHECK(boost::json::parse(http.body) ==
          boost::json::parse(R"({"type":"TEXT","message":{"value":{"text":{"value":"hi"}}}})"));
}

TEST_CASE("connect StartContactStreaming and a GET with query parameters") {
    hawk::connect::StartContactStreamingRequest req;
    req.instance_id = "i";
    req.contact_id = "c";
    req.chat_streaming_configuration.streaming_endpoint_arn = "arn";
    req.client_token = "t";
    const auto http = hawk::connect::operations::StartContactStreaming::serialize(req);
    CHECK(http.method == "POST");
    CHECK(http.path == "/contact/start-streaming");
    CHECK(
        boost::json::parse(http.body).at("ChatStreamingConfiguration").at("StreamingEndpointArn") ==
        "arn");

    hawk::connect::ListUsersRequest list;
    list.instance_id = "inst 1";
    list.max_results = 25;
    list.next_token = "a b&c=d";
    const auto get = hawk::connect::operations::ListUsers::serialize(list);
    CHECK(get.method == "GET");
    CHECK(get.path == "/users-summary/inst%201");
    CHECK(get.query == "nextToken=a%20b%26c%3Dd&maxResults=25");
    CHECK(get.body.empty());
    CHECK(get.find_header("Content-Type") == nullptr);
}

TEST_CASE("parsing a response body into the output") {
    hawk::core::http::response res;
    res.status = 200;
    res.body = R"({"Id":"m-1","AbsoluteTime":"2019-11-08T02:41:28.172Z","Unknown":[1]})";
    hawk::connectparticipant::SendMessageResponse out;
    std::string error;
    REQUIRE(hawk::connectparticipant::operations::SendMessage::parse(res, out, error));
    CHECK(out.id == "m-1");
    CHECK(out.absolute_time == "2019-11-08T02:41:28.172Z");
    res.body = "<html>not json</html>";
    CHECK_FALSE(hawk::connectparticipant::operations::SendMessage::parse(res, out, error));
    CHECK(error.find("not valid JSON") != std::string::npos);
    res.body.clear();
    CHECK(hawk::connectparticipant::operations::SendMessage::parse(res, out, error));
}

TEST_CASE(
    "auth schemes come from models/customizations.json: the Participant Service is unsigned") {
    using hawk::core::auth_scheme;
    CHECK(hawk::connectparticipant::operations::SendMessage::auth == auth_scheme::none);
    CHECK(hawk::connectparticipant::operations::SendEvent::auth == auth_scheme::none);
    CHECK(hawk::connect::operations::StartContactStreaming::auth == auth_scheme::sigv4);
    CHECK(hawk::qconnect::operations::SendMessage::auth == auth_scheme::sigv4);

    // The bearer token is a secret: never printed.
    hawk::connectparticipant::SendMessageRequest req;
    req.connection_token = "bearer-secret";
    CHECK(hawk::core::to_debug_string(req).find("bearer-secret") == std::string::npos);
}

TEST_CASE("modeled errors are error codes with what the model says of them") {
    using hawk::connectparticipant::errc;
    const boost::system::error_code ec = errc::throttling_exception;
    CHECK(ec.category().name() == std::string("hawk.connectparticipant"));
    CHECK(ec.message() == "ThrottlingException");
    CHECK(hawk::connectparticipant::errc_from_code("ConflictException") ==
          errc::conflict_exception);
    CHECK(hawk::connectparticipant::errc_from_code("SomethingNew") == errc::unmodeled_error);
    CHECK(hawk::connectparticipant::describe(errc::internal_server_exception)->fault);
    CHECK(hawk::connectparticipant::describe(errc::conflict_exception)->http_status == 409);
}
