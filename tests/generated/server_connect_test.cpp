// The generated service side (hawk/<service>/server/) of the Connect family, through the real
// generated client code: a request the client serializes is matched and read back exactly by the
// server, a response or error the server writes is read back exactly by the client.

#include <hawk/connect/errors.hpp>
#include <hawk/connect/server/describe_contact.hpp>
#include <hawk/connect/server/start_contact_streaming.hpp>
#include <hawk/connectparticipant/error_parsers.hpp>
#include <hawk/connectparticipant/server/all.hpp>
#include <hawk/qconnect/error_parsers.hpp>
#include <hawk/qconnect/server/errors.hpp>
#include <hawk/qconnect/server/get_next_message.hpp>
#include <hawk/qconnect/server/send_message.hpp>

#include <hawk/core/error.hpp>

#include "server_round_trip.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cp = hawk::connectparticipant;
namespace qc = hawk::qconnect;
namespace cn = hawk::connect;
namespace hc = hawk::core;
using hawk::test::at;
using hawk::test::parse_error_of;
using hawk::test::through_client;
using hawk::test::through_server;

namespace {

qc::SendMessageRequest qconnect_message(std::string assistant, std::string session) {
    qc::SendMessageRequest req;
    req.assistant_id = std::move(assistant);
    req.session_id = std::move(session);
    req.type = qc::MessageType::text;
    qc::TextMessage text;
    text.value = "Où est ma commande ? 🙂";
    req.message.value = qc::MessageData::make_text(text);
    req.metadata = std::map<std::string, std::string>{{"channel", "chat"}, {"k é", "v/1"}};
    qc::MessageConfiguration config;
    config.generate_chunked_message = true;
    req.configuration = config;
    req.client_token = "token-1";
    return req;
}

} // namespace

TEST_CASE("server connectparticipant SendMessage: X-Amz-Bearer and the body read back exactly") {
    cp::SendMessageRequest req;
    req.content_type = "text/markdown";
    req.content = "**hi** \"quoted\" \\ é";
    req.client_token = "ct-1";
    req.connection_token = "conn-token";
    const cp::SendMessageRequest back = through_server<cp::server::SendMessage>(req);
    CHECK(back == req);
    REQUIRE(cp::server::SendMessage::idempotency_token(back));
    CHECK(*cp::server::SendMessage::idempotency_token(back) == "ct-1");

    // The bearer token travels only in its header: a body member of that name is not it.
    hc::http::request http = cp::operations::SendMessage::serialize(req);
    http.body = R"({"ContentType":"text/plain","Content":"x","ConnectionToken":"forged"})";
    http.set_header("X-Amz-Bearer", "real");
    cp::SendMessageRequest in;
    std::string error;
    REQUIRE(cp::server::SendMessage::parse_request(http, in, error));
    CHECK(in.connection_token == "real");
    CHECK(in.content == "x");

    cp::SendMessageResponse resp;
    resp.id = "msg-1";
    resp.absolute_time = "2024-01-02T03:04:05.678Z";
    const hc::http::response written = cp::server::SendMessage::serialize_response(resp);
    CHECK(written.status == 200);
    REQUIRE(written.find_header("Content-Type"));
    CHECK(*written.find_header("Content-Type") == "application/json");
    CHECK(through_client<cp::server::SendMessage>(resp) == resp);
}

TEST_CASE("server connectparticipant SendEvent: unset Content and ClientToken stay unset") {
    cp::SendEventRequest req;
    req.content_type = "application/vnd.amazonaws.connect.event.typing";
    req.connection_token = "conn-token";
    const cp::SendEventRequest back = through_server<cp::server::SendEvent>(req);
    CHECK(back == req);
    CHECK_FALSE(back.content);
    CHECK_FALSE(back.client_token);
    CHECK(cp::server::SendEvent::idempotency_token(back) == nullptr);

    req.content = R"({"a":1})";
    CHECK(through_server<cp::server::SendEvent>(req) == req);
}

TEST_CASE("server connectparticipant DescribeView: a GET with a label and the bearer header") {
    cp::DescribeViewRequest req;
    req.view_token = "view/token with spaces+plus";
    req.connection_token = "conn";
    const hc::http::request http = cp::operations::DescribeView::serialize(req);
    CHECK(http.method == "GET");
    CHECK(http.body.empty());
    CHECK(through_server<cp::server::DescribeView>(req) == req);
    CHECK(cp::server::DescribeView::idempotency_token(req) == nullptr);
    // Not another operation's request, and not this one's with another method or path.
    CHECK_FALSE(cp::server::SendMessage::matches(http));
    hc::http::request post = http;
    post.method = "POST";
    CHECK_FALSE(cp::server::DescribeView::matches(post));
    hc::http::request deeper = http;
    deeper.path += "/more";
    CHECK_FALSE(cp::server::DescribeView::matches(deeper));

    cp::DescribeViewResponse resp;
    cp::View view;
    view.id = "v1";
    view.version = 3;
    cp::ViewContent content;
    content.input_schema = R"({"type":"object"})";
    content.actions = std::vector<std::string>{"Submit", "Cancel"};
    view.content = content;
    resp.view = view;
    CHECK(through_client<cp::server::DescribeView>(resp) == resp);
}

TEST_CASE("server qconnect SendMessage: hostile labels, nested input and a map read back exactly") {
    for (const auto& labels : std::vector<std::pair<std::string, std::string>>{
             {"arn:aws:wisdom:us-east-1:123456789012:assistant/a b+c", "s/../x?y#z%"},
             {"a%20b%2", "漢字 🙂 / é"},
             {"?#", "%%"},
         }) {
        const std::string& assistant = labels.first; // not a structured binding: CAPTURE's lambda
        const std::string& session = labels.second;
        CAPTURE(assistant);
        CAPTURE(session);
        const qc::SendMessageRequest req = qconnect_message(assistant, session);
        const qc::SendMessageRequest back = through_server<qc::server::SendMessage>(req);
        CHECK(back.assistant_id == assistant);
        CHECK(back.session_id == session);
        CHECK(back == req);
    }
    qc::SendMessageResponse resp;
    resp.request_message_id = "11111111-2222-3333-4444-555555555555";
    resp.next_message_token = "next/token";
    qc::MessageConfiguration config;
    config.generate_filler_message = false;
    resp.configuration = config;
    CHECK(through_client<qc::server::SendMessage>(resp) == resp);
}

TEST_CASE("server qconnect GetNextMessage: GET with labels and a query parameter") {
    qc::GetNextMessageRequest req;
    req.assistant_id = "assistant-1";
    req.session_id = "session 2";
    req.next_message_token = "a b&c=d/é";
    const hc::http::request http = qc::operations::GetNextMessage::serialize(req);
    CHECK(http.method == "GET");
    CHECK(through_server<qc::server::GetNextMessage>(req) == req);
    CHECK_FALSE(qc::server::SendMessage::matches(http));

    qc::GetNextMessageResponse resp;
    resp.type = qc::MessageType::text;
    qc::TextMessage text;
    text.value = "Your order shipped.";
    resp.response.value = qc::MessageData::make_text(text);
    resp.response.message_id = "m-1";
    resp.response.participant = qc::Participant::bot;
    resp.response.timestamp = at(1700000000123);
    resp.request_message_id = "r-1";
    resp.conversation_state.status = qc::ConversationStatus::ready;
    resp.next_message_token = "t2";
    resp.chunked_response_terminated = true;
    CHECK(through_client<qc::server::GetNextMessage>(resp) == resp);

    // A malformed escape in the query is reported, naming the parameter.
    hc::http::request bad = http;
    bad.query = "nextMessageToken=%zz";
    const std::string error = parse_error_of<qc::server::GetNextMessage>(bad);
    CHECK(error.find("nextMessageToken") != std::string::npos);
    CHECK(error.find("malformed percent-escape") != std::string::npos);
}

TEST_CASE("server connect StartContactStreaming and DescribeContact (a GET with two labels)") {
    cn::StartContactStreamingRequest start;
    start.instance_id = "instance-1";
    start.contact_id = "contact-1";
    start.chat_streaming_configuration.streaming_endpoint_arn = "arn:aws:sns:us-east-1:1:topic";
    start.client_token = "tok";
    CHECK(through_server<cn::server::StartContactStreaming>(start) == start);
    cn::StartContactStreamingResponse started;
    started.streaming_id = "stream-1";
    CHECK(through_client<cn::server::StartContactStreaming>(started) == started);

    cn::DescribeContactRequest describe;
    describe.instance_id = "instance 1";
    describe.contact_id = "contact/2";
    const hc::http::request http = cn::operations::DescribeContact::serialize(describe);
    CHECK(http.method == "GET");
    CHECK(through_server<cn::server::DescribeContact>(describe) == describe);
    CHECK_FALSE(cn::server::StartContactStreaming::matches(http));
    hc::http::request one_label = http;
    one_label.path = "/contacts/instance";
    CHECK_FALSE(cn::server::DescribeContact::matches(one_label));

    cn::DescribeContactResponse resp;
    cn::Contact contact;
    contact.id = "contact/2";
    contact.channel = cn::Channel::chat;
    contact.initiation_method = cn::ContactInitiationMethod::api;
    contact.initiation_timestamp = at(1700000000000);
    contact.disconnect_timestamp = at(1700000300500);
    contact.tags = std::map<std::string, std::string>{{"team", "support"}};
    cn::QueueInfo queue;
    queue.id = "q1";
    queue.enqueue_timestamp = at(1700000001250);
    contact.queue_info = queue;
    contact.queue_priority = 5;
    resp.contact = contact;
    CHECK(through_client<cn::server::DescribeContact>(resp) == resp);
}

TEST_CASE("server: a body that is not JSON, or has a member of the wrong type, is an error") {
    cp::SendMessageRequest req;
    req.content_type = "text/plain";
    req.content = "hi";
    req.connection_token = "c";
    hc::http::request http = cp::operations::SendMessage::serialize(req);
    http.body = "{not json";
    std::string error = parse_error_of<cp::server::SendMessage>(http);
    CHECK(error.find("request body is not valid JSON") != std::string::npos);
    http.body = R"({"Content":42})";
    error = parse_error_of<cp::server::SendMessage>(http);
    CHECK(error.find("Content") != std::string::npos);
    // An empty body is an empty input.
    http.body.clear();
    CHECK(parse_error_of<cp::server::SendMessage>(http).empty());

    qc::SendMessageRequest message = qconnect_message("a", "s");
    hc::http::request bad_label = qc::operations::SendMessage::serialize(message);
    bad_label.path = "/assistants/a%2/sessions/s/message";
    REQUIRE(qc::server::SendMessage::matches(bad_label));
    error = parse_error_of<qc::server::SendMessage>(bad_label);
    CHECK(error.find("assistantId") != std::string::npos);
    CHECK(error.find("malformed percent-escape \"%2\" at offset 1") != std::string::npos);
}

TEST_CASE("server errors: status, code and members read back by the client's error parsing") {
    cp::AccessDeniedException denied;
    denied.message = "no \"access\"";
    hc::http::response http = cp::server::serialize_error(denied);
    CHECK(http.status == 403);
    REQUIRE(http.find_header("x-amzn-ErrorType"));
    CHECK(*http.find_header("x-amzn-ErrorType") == "AccessDeniedException");
    hc::service_error_info info = hc::parse_error(http, cp::service);
    CHECK(info.code == "AccessDeniedException");
    CHECK(info.message == denied.message);
    CHECK(cp::service.error_from_code(info.code) == cp::errc::access_denied_exception);
    cp::AccessDeniedException back;
    std::string error;
    REQUIRE(read_error(http, back, error));
    CHECK(back == denied);

    qc::ResourceNotFoundException missing;
    missing.message = "no session";
    missing.resource_name = "session/1";
    http = qc::server::serialize_error(missing);
    CHECK(http.status == 404);
    info = hc::parse_error(http, qc::service);
    CHECK(qc::service.error_from_code(info.code) == qc::errc::resource_not_found_exception);
    qc::ResourceNotFoundException missing_back;
    REQUIRE(read_error(http, missing_back, error));
    CHECK(missing_back == missing);

    // Every modeled error's status is the one errors.hpp declares (500 for
    // InternalServerException).
    cp::InternalServerException internal;
    internal.message = "oops";
    CHECK(cp::server::serialize_error(internal).status ==
          cp::describe(cp::errc::internal_server_exception)->http_status);
    CHECK(cp::server::serialize_error(internal).status == 500);
    cp::ThrottlingException throttled;
    throttled.message = "slow down";
    CHECK(cp::server::serialize_error(throttled).status ==
          cp::describe(cp::errc::throttling_exception)->http_status);

    // An error no model declares, as the service writes errors.
    http = cp::server::error_response(403, "InvalidSignatureException", "bad signature");
    info = hc::parse_error(http, cp::service);
    CHECK(http.status == 403);
    CHECK(info.code == "InvalidSignatureException");
    CHECK(info.message == "bad signature");
    CHECK(cp::service.error_from_code(info.code) == cp::errc::unmodeled_error);
}
