// The four seed operations' requests turned into the wire JSON AWS documents.

#include <hawk/connect/operations/start_contact_streaming.hpp>
#include <hawk/connectparticipant/operations/send_event.hpp>
#include <hawk/connectparticipant/operations/send_message.hpp>
#include <hawk/qconnect/operations/send_message.hpp>

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

using hawk::core::json_form;
using hawk::core::to_json;

namespace {
/// Compares as JSON values (member order is not part of the contract) and as text when the
/// expected text is given in the order the generator writes.
boost::json::value wire(const auto& request) {
    return boost::json::parse(to_json(request, json_form::wire));
}
} // namespace

TEST_CASE("connectparticipant SendMessage: body members only, the bearer token stays out") {
    hawk::connectparticipant::SendMessageRequest req;
    req.content_type = "text/plain";
    req.content = "Hello, agent";
    req.client_token = "7f2b9c1e-0000-4000-8000-000000000001";
    req.connection_token = "secret-connection-token";

    CHECK(
        to_json(req, json_form::wire) ==
        R"({"ContentType":"text/plain","Content":"Hello, agent","ClientToken":"7f2b9c1e-0000-4000-8000-000000000001"})");
    CHECK(hawk::connectparticipant::operations::SendMessage::http_method == "POST");
    CHECK(hawk::connectparticipant::operations::SendMessage::request_uri == "/participant/message");

    SUBCASE("every documented content type passes through unchanged") {
        for (const char* type :
             {"text/plain", "text/markdown", "application/json",
              "application/vnd.amazonaws.connect.message.interactive.response"}) {
            req.content_type = type;
            CHECK(wire(req).at("ContentType").as_string() == type);
        }
    }
    SUBCASE("an unset ClientToken is omitted; an empty one is sent as given") {
        req.client_token.reset();
        CHECK_FALSE(wire(req).as_object().contains("ClientToken"));
        req.client_token = "";
        CHECK(wire(req).at("ClientToken").as_string() == "");
    }
}

TEST_CASE("connectparticipant SendEvent: Content omitted when unset, present when set") {
    hawk::connectparticipant::SendEventRequest req;
    req.content_type = "application/vnd.amazonaws.connect.event.typing";
    req.connection_token = "token";
    CHECK(to_json(req, json_form::wire) ==
          R"({"ContentType":"application/vnd.amazonaws.connect.event.typing"})");

    req.content_type = "application/vnd.amazonaws.connect.event.message.read";
    req.content = R"({"messageId":"abc"})";
    CHECK(wire(req) == boost::json::parse(
                           R"({"ContentType":"application/vnd.amazonaws.connect.event.message.read",
                                             "Content":"{\"messageId\":\"abc\"}"})"));
    CHECK(hawk::connectparticipant::operations::SendEvent::request_uri == "/participant/event");
    // ConflictException is one of its modeled errors.
    CHECK(std::tuple_size_v<hawk::connectparticipant::operations::SendEvent::errors> > 0);
    using conflict = hawk::connectparticipant::ConflictException;
    CHECK(conflict::shape_name == "ConflictException");
}

TEST_CASE("qconnect SendMessage: nested message union, type, configuration, context, metadata") {
    using namespace hawk::qconnect;
    SendMessageRequest req;
    req.assistant_id = "a1b2c3d4-0000-4000-8000-000000000001";
    req.session_id = "s1b2c3d4-0000-4000-8000-000000000002";
    req.type = MessageType::text;
    TextMessage text;
    text.value = "Where is my order?";
    req.message.value = MessageData::make_text(text);
    req.configuration = MessageConfiguration{};
    req.configuration->generate_filler_message = true;
    ConversationContext context;
    SelfServiceConversationHistory turn;
    turn.turn_number = 1;
    turn.input_transcript = "hi";
    turn.bot_response = "hello";
    context.self_service_conversation_history.push_back(turn);
    req.conversation_context = context;
    req.metadata = std::map<std::string, std::string>{{"channel", "chat"}, {"locale", "en_US"}};
    req.client_token = "token-1";

    CHECK(wire(req) == boost::json::parse(R"({
        "type": "TEXT",
        "message": {"value": {"text": {"value": "Where is my order?"}}},
        "conversationContext": {"selfServiceConversationHistory": [
            {"turnNumber": 1, "inputTranscript": "hi", "botResponse": "hello"}]},
        "configuration": {"generateFillerMessage": true},
        "clientToken": "token-1",
        "metadata": {"channel": "chat", "locale": "en_US"}
    })"));
    // Path labels are bound to the URI, not the body.
    CHECK(operations::SendMessage::request_uri ==
          "/assistants/{assistantId}/sessions/{sessionId}/message");
    CHECK_FALSE(wire(req).as_object().contains("assistantId"));
    // ...but they are part of the document form (what --cli-input-json takes).
    CHECK(hawk::core::to_document(req).at("assistantId").as_string() == req.assistant_id);
}

TEST_CASE("connect StartContactStreaming") {
    using namespace hawk::connect;
    StartContactStreamingRequest req;
    req.instance_id = "12345678-1234-1234-1234-123456789012";
    req.contact_id = "87654321-4321-4321-4321-210987654321";
    req.chat_streaming_configuration.streaming_endpoint_arn =
        "arn:aws:sns:us-east-1:123456789012:chat";
    req.client_token = "ct";
    CHECK(
        to_json(req, json_form::wire) ==
        R"({"InstanceId":"12345678-1234-1234-1234-123456789012","ContactId":"87654321-4321-4321-4321-210987654321",)"
        R"("ChatStreamingConfiguration":{"StreamingEndpointArn":"arn:aws:sns:us-east-1:123456789012:chat"},"ClientToken":"ct"})");
    CHECK(operations::StartContactStreaming::request_uri == "/contact/start-streaming");

    // ClientToken is required by the model but generated by the client when unset.
    req.client_token.reset();
    CHECK(hawk::core::validate(req).empty());
}
