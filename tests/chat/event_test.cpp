// The chat session's pure parts: what kind each item the service sends is, reading pushed items,
// WebSocket URLs and the reconnection backoff.

#include <hawk/chat/detail/policy.hpp>
#include <hawk/chat/event.hpp>

#include <doctest/doctest.h>

#include <set>

using namespace hawk;
using chat::event_kind;
namespace cp = hawk::connectparticipant;

namespace {

cp::Item item(std::string type, std::string content_type) {
    cp::Item i;
    i.type = cp::ChatItemType(type);
    i.content_type = std::move(content_type);
    return i;
}

std::string event_type(std::string_view suffix) {
    return std::string(chat::content_types::event_prefix) + std::string(suffix);
}

} // namespace

TEST_CASE("every content type the service sends has its kind") {
    struct expectation {
        const char* type;
        std::string content_type;
        event_kind kind;
    };
    const expectation cases[] = {
        {"MESSAGE", "text/plain", event_kind::message},
        {"MESSAGE", "text/markdown", event_kind::message},
        {"MESSAGE", "application/json", event_kind::message},
        {"MESSAGE", "application/vnd.amazonaws.connect.message.interactive", event_kind::message},
        {"MESSAGE", "application/vnd.amazonaws.connect.message.interactive.response",
         event_kind::message},
        {"ATTACHMENT", "application/pdf", event_kind::attachment},
        {"TYPING", event_type("typing"), event_kind::typing},
        {"EVENT", event_type("typing"), event_kind::typing},
        {"MESSAGE_DELIVERED", event_type("message.delivered"), event_kind::message_delivered},
        {"MESSAGE_READ", event_type("message.read"), event_kind::message_read},
        {"MESSAGEMETADATA", event_type("message.metadata"), event_kind::message_metadata},
        {"PARTICIPANT_JOINED", event_type("participant.joined"), event_kind::participant_joined},
        {"PARTICIPANT_LEFT", event_type("participant.left"), event_kind::participant_left},
        {"EVENT", event_type("participant.idle"), event_kind::participant_idle},
        {"EVENT", event_type("participant.returned"), event_kind::participant_returned},
        {"EVENT", event_type("participant.invited"), event_kind::participant_invited},
        {"EVENT", event_type("participant.autodisconnection"),
         event_kind::participant_auto_disconnected},
        {"EVENT", event_type("participant.displayname.updated"), event_kind::participant_renamed},
        {"TRANSFER_SUCCEEDED", event_type("transfer.succeeded"), event_kind::transfer_succeeded},
        {"TRANSFER_FAILED", event_type("transfer.failed"), event_kind::transfer_failed},
        {"CONNECTION_ACK", event_type("connection.acknowledged"),
         event_kind::connection_acknowledged},
        {"EVENT", event_type("authentication.succeeded"), event_kind::authentication},
        {"CHAT_ENDED", event_type("chat.ended"), event_kind::chat_ended},
        // The Type alone, when the content type says nothing more.
        {"CHAT_ENDED", "", event_kind::chat_ended},
        {"PARTICIPANT_JOINED", "", event_kind::participant_joined},
        // Neither known: kept as unknown.
        {"EVENT", event_type("something.new"), event_kind::unknown},
        {"HOLOGRAM", "application/x-hologram", event_kind::unknown},
    };
    for (const expectation& c : cases) {
        CAPTURE(c.type);
        CAPTURE(c.content_type);
        CHECK(chat::classify(item(c.type, c.content_type)) == c.kind);
    }
    CHECK(chat::classify(cp::Item{}) == event_kind::unknown);
}

TEST_CASE("kinds have names, and say whether the transcript keeps them") {
    std::set<std::string_view> names;
    for (int k = 0; k <= static_cast<int>(event_kind::unknown); ++k)
        names.insert(chat::to_string(static_cast<event_kind>(k)));
    CHECK(names.size() == static_cast<std::size_t>(event_kind::unknown) + 1);
    CHECK(names.count("?") == 0);
    CHECK(chat::kept_in_transcript(event_kind::message));
    CHECK(chat::kept_in_transcript(event_kind::chat_ended));
    CHECK(!chat::kept_in_transcript(event_kind::typing));
    CHECK(!chat::kept_in_transcript(event_kind::message_read));
    CHECK(!chat::kept_in_transcript(event_kind::connection_lost));
}

TEST_CASE("pushed items are read with the model's codec; bad ones are errors") {
    cp::Item out;
    std::string error;
    REQUIRE(chat::parse_chat_item(
        R"({"AbsoluteTime":"2019-11-08T02:41:28.172Z","ContentType":"text/plain","Content":"hi",)"
        R"("Id":"m-1","Type":"MESSAGE","ParticipantId":"p-1","DisplayName":"Alex",)"
        R"("ParticipantRole":"AGENT","InitialContactId":"c-1","ContactId":"c-1",)"
        R"("MessageMetadata":{"MessageId":"m-1","Receipts":[]}})",
        out, error));
    CHECK(out.id == "m-1");
    CHECK(out.content == "hi");
    CHECK(out.participant_role == cp::ParticipantRole::agent);
    CHECK(out.message_metadata->message_id == "m-1");
    CHECK(chat::classify(out) == event_kind::message);

    // A Type this model does not list is kept as text.
    REQUIRE(chat::parse_chat_item(R"({"Id":"x","Type":"MESSAGEMETADATA"})", out, error));
    CHECK(out.type->to_string() == "MESSAGEMETADATA");

    CHECK(!chat::parse_chat_item("not json", out, error));
    CHECK(error.find("not JSON") != std::string::npos);
    CHECK(!chat::parse_chat_item("[1,2]", out, error));
    CHECK(error.find("not a JSON object") != std::string::npos);
    CHECK(!chat::parse_chat_item(R"({"Id":42})", out, error));
    CHECK(error.find("Id") != std::string::npos);
}

TEST_CASE("WebSocket URLs: scheme, host, port and target") {
    chat::detail::ws_url u;
    REQUIRE(chat::detail::parse_ws_url(
        "wss://abc.transport.connect.us-east-1.amazonaws.com/?X-Amz-Algorithm=AWS4", u));
    CHECK(u.secure);
    CHECK(u.host == "abc.transport.connect.us-east-1.amazonaws.com");
    CHECK(u.port == 443);
    CHECK(u.target == "/?X-Amz-Algorithm=AWS4");
    CHECK(u.host_header == "abc.transport.connect.us-east-1.amazonaws.com");

    REQUIRE(chat::detail::parse_ws_url("ws://127.0.0.1:8080/connect?token=t", u));
    CHECK(!u.secure);
    CHECK(u.host == "127.0.0.1");
    CHECK(u.port == 8080);
    CHECK(u.host_header == "127.0.0.1:8080");
    CHECK(u.target == "/connect?token=t");

    REQUIRE(chat::detail::parse_ws_url("wss://[::1]:9443?token=t", u));
    CHECK(u.host == "::1");
    CHECK(u.port == 9443);
    CHECK(u.target == "/?token=t");

    REQUIRE(chat::detail::parse_ws_url("wss://example.com", u));
    CHECK(u.target == "/");

    for (const char* bad : {"https://example.com/", "wss://", "wss:///path", "wss://h:0/",
                            "wss://h:70000/", "wss://h:x/", "wss://[::1/", "wss://u@h/", "ws:/h"}) {
        CAPTURE(bad);
        CHECK(!chat::detail::parse_ws_url(bad, u));
    }
}

TEST_CASE("reconnection backoff: 2 s doubling to a 30 s cap, jitter within 25%") {
    using std::chrono::milliseconds;
    const milliseconds first(2000), cap(30000);
    CHECK(chat::detail::reconnect_delay(0, first, cap, 0.0) == milliseconds(2000));
    CHECK(chat::detail::reconnect_delay(0, first, cap, 1.0) == milliseconds(2500));
    CHECK(chat::detail::reconnect_delay(1, first, cap, 0.0) == milliseconds(4000));
    CHECK(chat::detail::reconnect_delay(3, first, cap, 0.0) == milliseconds(16000));
    CHECK(chat::detail::reconnect_delay(4, first, cap, 0.0) == milliseconds(30000));
    CHECK(chat::detail::reconnect_delay(4, first, cap, 1.0) == milliseconds(30000));
    CHECK(chat::detail::reconnect_delay(1000, first, cap, 0.5) == milliseconds(30000));
    for (unsigned attempt = 0; attempt < 40; ++attempt)
        for (const double jitter : {0.0, 0.3, 0.99, 1.0}) {
            const milliseconds d = chat::detail::reconnect_delay(attempt, first, cap, jitter);
            CHECK(d >= first);
            CHECK(d <= cap);
        }
}
