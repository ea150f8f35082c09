// The participant WebSocket of hawk-emulator (wss://HOST/connect?token=...), as AWS speaks it:
// a raw Beast WebSocket client over ws:// and wss://, hawk's real client for the chat around
// it. (The server's generic WebSocket support: http_server_test.cpp.)

#include "emulator/support.hpp"
#include "emulator/websocket_client.hpp"

#include <hawk/connect/stop_contact.hpp>
#include <hawk/connectparticipant/disconnect_participant.hpp>
#include <hawk/connectparticipant/send_event.hpp>
#include <hawk/core/http/transport.hpp>

#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

using namespace hawk;
using namespace std::chrono_literals;
using hawk::test::attempt;
using hawk::test::client_for;
using hawk::test::quick_emulator;
using hawk::test::websocket_client;
namespace cp = hawk::connectparticipant;
namespace websocket = boost::beast::websocket;

namespace {

constexpr std::string_view typing_type = "application/vnd.amazonaws.connect.event.typing";
constexpr std::string_view delivered_type =
    "application/vnd.amazonaws.connect.event.message.delivered";
constexpr std::string_view read_type = "application/vnd.amazonaws.connect.event.message.read";
constexpr std::string_view subscribe =
    R"({"topic":"aws/subscribe","content":{"topics":["aws/chat"]}})";
constexpr std::string_view subscribed =
    R"({"topic":"aws/subscribe","content":{"status":"success","topics":["aws/chat"]}})";
constexpr std::string_view heartbeat = R"({"topic":"aws/heartbeat"})";

/// What CreateParticipantConnection gave a participant: its WebSocket URL and connection token.
struct participant_connection {
    std::string url;
    std::string connection_token;
};

participant_connection connect_participant(core::client& client,
                                           const std::string& participant_token) {
    cp::CreateParticipantConnectionRequest request;
    request.type = {cp::ConnectionType::websocket, cp::ConnectionType::connection_credentials};
    request.participant_token = participant_token;
    auto connected = attempt<cp::operations::CreateParticipantConnection>(client, request);
    REQUIRE_MESSAGE(!connected.ec, connected.ec.message() << " " << connected.diag.message);
    REQUIRE(connected.response.websocket);
    REQUIRE(connected.response.connection_credentials);
    return {connected.response.websocket->url.value_or(""),
            connected.response.connection_credentials->connection_token.value_or("")};
}

/// A quick emulator with no agent: only what the test's participants do.
emulator::emulator_config without_agent() {
    emulator::emulator_config cfg = quick_emulator();
    cfg.chat.agent_enabled = false;
    return cfg;
}

/// An emulator running, a chat started on it, and the customer's connection (a tuple for the
/// tests: `auto& [emu, client, c, pc] = live;`).
struct live_chat {
    emulator::emulator emu;
    core::client client;
    test::chat c;
    participant_connection pc;

    live_chat(emulator::emulator_config cfg, bool https)
        : emu(std::move(cfg)), client(client_for(started(emu), https)), c(test::start_chat(client)),
          pc(connect_participant(client, c.participant_token)) {}

    static emulator::emulator& started(emulator::emulator& e) {
        e.start();
        return e;
    }
};

/// A socket that is open and subscribed to aws/chat.
std::unique_ptr<websocket_client> subscribed_socket(const emulator::emulator& emu,
                                                    const std::string& url) {
    auto ws = std::make_unique<websocket_client>(url, emu.ca_file());
    const auto ec = ws->handshake();
    REQUIRE_MESSAGE(!ec, ec.message() << " " << ws->response().body());
    REQUIRE(ws->send(std::string(subscribe)));
    REQUIRE(ws->next() == std::string(subscribed));
    return ws;
}

std::string text_of(const boost::json::object& o, std::string_view key) {
    const boost::json::value* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

/// The item an aws/chat frame carries (checking the envelope); empty for any other frame.
boost::json::object chat_item_of(const std::string& frame) {
    const boost::json::object envelope = boost::json::parse(frame).as_object();
    if (text_of(envelope, "topic") != "aws/chat")
        return {};
    CHECK(text_of(envelope, "contentType") == "application/json");
    return boost::json::parse(text_of(envelope, "content")).as_object();
}

/// The items pushed to `ws` up to and including the first that `last` accepts; every frame must
/// be an aws/chat frame, and `last` must come within 5 s.
std::vector<boost::json::object> items_until(websocket_client& ws,
                                             std::function<bool(const boost::json::object&)> last) {
    std::vector<boost::json::object> items;
    for (;;) {
        const std::optional<std::string> frame = ws.next();
        REQUIRE_MESSAGE(frame, "no more frames after " << items.size() << " items");
        boost::json::object item = chat_item_of(*frame);
        REQUIRE_MESSAGE(!item.empty(), "not an aws/chat frame: " << *frame);
        items.push_back(std::move(item));
        if (last(items.back()))
            return items;
    }
}

std::function<bool(const boost::json::object&)> of_type(std::string type,
                                                        std::string role = std::string()) {
    return [type = std::move(type), role = std::move(role)](const boost::json::object& item) {
        return text_of(item, "Type") == type &&
               (role.empty() || text_of(item, "ParticipantRole") == role);
    };
}

/// The Content of the next MESSAGE pushed to `ws` (what comes before it is passed over).
std::string next_message(websocket_client& ws) {
    return text_of(items_until(ws, of_type("MESSAGE")).back(), "Content");
}

/// Polls `condition` for up to 5 s.
bool eventually(const std::function<bool()>& condition) {
    for (int i = 0; i < 500; ++i) {
        if (condition())
            return true;
        std::this_thread::sleep_for(10ms);
    }
    return condition();
}

/// A custom bot added to the chat (connect CreateParticipant), connected.
struct bot {
    std::string participant_id;
    participant_connection connection;
};

bot add_bot(core::client& client, const test::chat& c) {
    const auto added = test::add_custom_bot(client, c.contact_id, "Survey bot");
    return {
        added.participant_id.value_or(""),
        connect_participant(client, added.participant_credentials->participant_token.value_or(""))};
}

std::string error_message(const websocket_client::response_type& res) {
    return text_of(boost::json::parse(res.body()).as_object(), "message");
}

} // namespace

TEST_CASE("websocket: subscribe, heartbeat and deep heartbeat, over ws:// and wss://") {
    for (const bool https : {false, true}) {
        CAPTURE(https);
        live_chat live(quick_emulator(), https);
        auto& [emu, client, c, pc] = live;
        CHECK(pc.url.rfind(https ? "wss://127.0.0.1:" : "ws://127.0.0.1:", 0) == 0);
        CHECK(pc.url.find("/connect?token=") != std::string::npos);

        websocket_client ws(pc.url, emu.ca_file());
        const auto ec = ws.handshake();
        REQUIRE_MESSAGE(!ec, ec.message() << " " << ws.response().body());
        CHECK(ws.response().result_int() == 101);
        CHECK(eventually([&live] { return live.emu.websockets_open() == 1; }));
        CHECK(emu.websockets_accepted() == 1);

        REQUIRE(ws.send(std::string(heartbeat)));
        CHECK(ws.next() == std::string(heartbeat));
        REQUIRE(ws.send(R"({"topic":"aws/ping"})"));
        CHECK(ws.next() == R"({"topic":"aws/ping","statusCode":200,"statusContent":"OK"})");

        // What is not the protocol is ignored and the socket stays open: the heartbeat after it
        // is the next thing answered.
        REQUIRE(ws.send("not JSON"));
        REQUIRE(ws.send(R"({"topic":"aws/unknown"})"));
        REQUIRE(ws.send(R"({"no":"topic"})"));
        REQUIRE(ws.send(std::string(heartbeat), false)); // a binary frame
        REQUIRE(ws.send(std::string(heartbeat)));
        CHECK(ws.next() == std::string(heartbeat));

        // Only aws/chat can be subscribed to.
        REQUIRE(ws.send(R"({"topic":"aws/subscribe","content":{"topics":["aws/other"]}})"));
        CHECK(ws.next() ==
              R"({"topic":"aws/subscribe","content":{"status":"failure","topics":["aws/other"]}})");
        REQUIRE(ws.send(std::string(subscribe)));
        CHECK(ws.next() == std::string(subscribed));
        CHECK(!ws.ended(0ms));
    }
}

TEST_CASE("websocket: the customer's message comes back, then the agent types and answers") {
    for (const bool https : {false, true}) {
        CAPTURE(https);
        emulator::emulator_config cfg = quick_emulator();
        cfg.chat.agent_reply_delay = 50ms;
        live_chat live(cfg, https);
        auto& [emu, client, c, pc] = live;
        const auto ws = subscribed_socket(emu, pc.url);

        const auto sent = test::say(client, pc.connection_token, "My order 12345 is late");
        const auto items = items_until(*ws, of_type("MESSAGE", "AGENT"));

        // The customer's own message, as GetTranscript has it, plus InitialContactId.
        REQUIRE(items.size() == 4);
        const boost::json::object& mine = items[0];
        CHECK(text_of(mine, "Type") == "MESSAGE");
        CHECK(text_of(mine, "Id") == sent.id.value_or("?"));
        CHECK(text_of(mine, "AbsoluteTime") == sent.absolute_time.value_or("?"));
        CHECK(text_of(mine, "ContentType") == "text/plain");
        CHECK(text_of(mine, "Content") == "My order 12345 is late");
        CHECK(text_of(mine, "ParticipantId") == c.participant_id);
        CHECK(text_of(mine, "DisplayName") == "Jordan");
        CHECK(text_of(mine, "ParticipantRole") == "CUSTOMER");
        CHECK(text_of(mine, "ContactId") == c.contact_id);
        CHECK(text_of(mine, "InitialContactId") == c.contact_id);
        REQUIRE(mine.if_contains("MessageMetadata"));
        CHECK(text_of(mine.at("MessageMetadata").as_object(), "MessageId") == text_of(mine, "Id"));

        // The agent is typing as soon as the message arrives.
        const boost::json::object& typing = items[1];
        CHECK(text_of(typing, "Type") == "TYPING");
        CHECK(text_of(typing, "ContentType") == typing_type);
        CHECK(text_of(typing, "ParticipantRole") == "AGENT");
        CHECK(text_of(typing, "DisplayName") == "Alex");
        CHECK(!typing.contains("Content"));
        CHECK(!text_of(typing, "Id").empty());
        const std::string agent_id = text_of(typing, "ParticipantId");
        CHECK(!agent_id.empty());

        // It reads the message (a receipt), then answers.
        const boost::json::object& receipt = items[2];
        CHECK(text_of(receipt, "Type") == "MESSAGE_READ");
        CHECK(text_of(receipt, "ContentType") == read_type);
        CHECK(text_of(receipt, "ParticipantId") == agent_id);
        const boost::json::object& metadata = receipt.at("MessageMetadata").as_object();
        CHECK(text_of(metadata, "MessageId") == text_of(mine, "Id"));
        REQUIRE(metadata.at("Receipts").as_array().size() == 1);
        const boost::json::object& r = metadata.at("Receipts").as_array()[0].as_object();
        CHECK(text_of(r, "RecipientParticipantId") == agent_id);
        CHECK(!text_of(r, "DeliveredTimestamp").empty());
        CHECK(!text_of(r, "ReadTimestamp").empty());

        const boost::json::object& reply = items[3];
        CHECK(text_of(reply, "ParticipantId") == agent_id);
        CHECK(text_of(reply, "Content").find("12345") != std::string::npos);

        // Stored items carry the Ids and times GetTranscript returns: a client can de-duplicate.
        const auto transcript = test::whole_transcript(client, c);
        for (const boost::json::object* pushed : {&mine, &reply}) {
            const auto stored =
                std::find_if(transcript.begin(), transcript.end(), [&](const cp::Item& item) {
                    return item.id == text_of(*pushed, "Id");
                });
            REQUIRE(stored != transcript.end());
            CHECK(stored->absolute_time == text_of(*pushed, "AbsoluteTime"));
            CHECK(stored->content == text_of(*pushed, "Content"));
        }
        // Typing is not kept.
        for (const cp::Item& item : transcript)
            CHECK(item.type != cp::ChatItemType::typing);
    }
}

TEST_CASE("websocket: nothing before subscribing; every subscribed socket of a participant") {
    live_chat live(without_agent(), false);
    auto& [emu, client, c, pc] = live;
    const auto first = subscribed_socket(emu, pc.url);
    // A second socket (a reconnect overlapping the first), not subscribed yet.
    websocket_client second(pc.url, emu.ca_file());
    REQUIRE(!second.handshake());

    test::say(client, pc.connection_token, "one");
    CHECK(next_message(*first) == "one");
    CHECK(!second.next(300ms));

    REQUIRE(second.send(std::string(subscribe)));
    CHECK(second.next() == std::string(subscribed)); // and nothing of what came before
    test::say(client, pc.connection_token, "two");
    CHECK(next_message(*first) == "two");
    CHECK(next_message(second) == "two");
    CHECK(emu.websockets_open() == 2);
}

TEST_CASE("websocket: typing, receipts and departures reach the other participant") {
    // No agent: receipts need two participants, the customer and the bot.
    live_chat live(without_agent(), true);
    auto& [emu, client, c, customer] = live;
    const bot b = add_bot(client, c);
    const auto customer_ws = subscribed_socket(emu, customer.url);
    const auto bot_ws = subscribed_socket(emu, b.connection.url);

    const std::string message_id =
        test::say(client, customer.connection_token, "hello bot").id.value_or("");
    const auto at_bot = items_until(*bot_ws, of_type("MESSAGE"));
    CHECK(text_of(at_bot.back(), "Id") == message_id);
    CHECK(text_of(at_bot.back(), "ParticipantRole") == "CUSTOMER");
    CHECK(text_of(items_until(*customer_ws, of_type("MESSAGE")).back(), "Id") == message_id);

    // Typing: to the customer, and to the bot's own socket, as AWS does.
    auto typed = attempt<cp::operations::SendEvent>(
        client, test::chat_event(b.connection.connection_token, std::string(typing_type)));
    REQUIRE_MESSAGE(!typed.ec, typed.diag.message);
    for (websocket_client* ws : {customer_ws.get(), bot_ws.get()}) {
        const boost::json::object typing = items_until(*ws, of_type("TYPING")).back();
        CHECK(text_of(typing, "Id") == typed.response.id.value_or("?"));
        CHECK(text_of(typing, "AbsoluteTime") == typed.response.absolute_time.value_or("?"));
        CHECK(text_of(typing, "ParticipantId") == b.participant_id);
        CHECK(text_of(typing, "ParticipantRole") == "CUSTOM_BOT");
        CHECK(text_of(typing, "DisplayName") == "Survey bot");
        CHECK(text_of(typing, "ContentType") == typing_type);
    }

    // Receipts: delivered, then read.
    const std::string about = R"({"messageId":")" + message_id + R"("})";
    for (const std::string_view type : {delivered_type, read_type}) {
        CAPTURE(type);
        auto receipt = attempt<cp::operations::SendEvent>(
            client, test::chat_event(b.connection.connection_token, std::string(type), about));
        REQUIRE_MESSAGE(!receipt.ec, receipt.diag.message);
        const bool read = type == read_type;
        const boost::json::object item =
            items_until(*customer_ws, of_type(read ? "MESSAGE_READ" : "MESSAGE_DELIVERED")).back();
        CHECK(text_of(item, "Id") == receipt.response.id.value_or("?"));
        CHECK(text_of(item, "ContentType") == type);
        CHECK(text_of(item, "ParticipantId") == b.participant_id);
        REQUIRE(item.if_contains("MessageMetadata"));
        const boost::json::object& metadata = item.at("MessageMetadata").as_object();
        CHECK(text_of(metadata, "MessageId") == message_id);
        REQUIRE(metadata.at("Receipts").as_array().size() == 1);
        const boost::json::object& r = metadata.at("Receipts").as_array()[0].as_object();
        CHECK(text_of(r, "RecipientParticipantId") == b.participant_id);
        CHECK(!text_of(r, "DeliveredTimestamp").empty());
        CHECK(r.contains("ReadTimestamp") == read);
    }

    // The bot leaves: everyone hears it; the bot's socket then closes normally, the customer's
    // stays open.
    cp::DisconnectParticipantRequest leave;
    leave.connection_token = b.connection.connection_token;
    REQUIRE(!attempt<cp::operations::DisconnectParticipant>(client, leave).ec);
    for (websocket_client* ws : {customer_ws.get(), bot_ws.get()})
        CHECK(text_of(items_until(*ws, of_type("PARTICIPANT_LEFT")).back(), "ParticipantId") ==
              b.participant_id);
    const auto bot_end = bot_ws->ended();
    REQUIRE(bot_end);
    CHECK(*bot_end == websocket::error::closed);
    CHECK(bot_ws->close_reason().code == websocket::close_code::normal);
    REQUIRE(customer_ws->send(std::string(heartbeat)));
    CHECK(customer_ws->next() == std::string(heartbeat));
    // And it cannot come back with a URL it still holds.
    websocket_client again(b.connection.url, emu.ca_file());
    CHECK(again.handshake() == websocket::error::upgrade_declined);
    CHECK(again.response().result_int() == 403);
}

TEST_CASE("websocket: when the chat ends, CHAT_ENDED, then a normal close") {
    for (const bool https : {false, true}) {
        CAPTURE(https);
        live_chat live(quick_emulator(), https);
        auto& [emu, client, c, pc] = live;
        const auto ws = subscribed_socket(emu, pc.url);
        websocket_client unsubscribed(pc.url, emu.ca_file());
        REQUIRE(!unsubscribed.handshake());

        connect::StopContactRequest stop;
        stop.instance_id = std::string(emulator::default_instance_id);
        stop.contact_id = c.contact_id;
        REQUIRE(!attempt<connect::operations::StopContact>(client, stop).ec);
        const auto items = items_until(*ws, of_type("CHAT_ENDED"));
        REQUIRE(items.size() == 3); // the customer and the agent leave, the chat ends
        CHECK(text_of(items[0], "Type") == "PARTICIPANT_LEFT");
        CHECK(text_of(items[1], "Type") == "PARTICIPANT_LEFT");
        CHECK(text_of(items[2], "ParticipantRole") == "SYSTEM");
        for (websocket_client* socket : {ws.get(), &unsubscribed}) {
            const auto end = socket->ended();
            REQUIRE(end);
            CHECK_MESSAGE(*end == websocket::error::closed, end->message());
            CHECK(socket->close_reason().code == websocket::close_code::normal);
        }
        CHECK(eventually([&live] { return live.emu.websockets_open() == 0; }));

        websocket_client late(pc.url, emu.ca_file());
        CHECK(late.handshake() == websocket::error::upgrade_declined);
        CHECK(late.response().result_int() == 403);
        CHECK(error_message(late.response()).find("ended") != std::string::npos);
    }
}

TEST_CASE("websocket: refused upgrades are 403 with an AWS-style message") {
    auto offset = std::make_shared<std::atomic<long>>(0);
    emulator::emulator_config cfg = quick_emulator();
    cfg.chat.websocket_url_ttl = 1500ms;
    cfg.clock = [offset] {
        return std::chrono::system_clock::now() + std::chrono::seconds(offset->load());
    };
    live_chat live(cfg, false);
    auto& [emu, client, c, pc] = live;
    const std::string base = pc.url.substr(0, pc.url.find("/connect"));

    const std::string ca_file = emu.ca_file();
    auto refused = [&ca_file](const std::string& url) {
        websocket_client ws(url, ca_file);
        const auto ec = ws.handshake();
        CHECK_MESSAGE(ec == websocket::error::upgrade_declined, ec.message());
        return ws.response();
    };
    auto unknown = refused(base + "/connect?token=no-such-token");
    CHECK(unknown.result_int() == 403);
    CHECK(unknown[boost::beast::http::field::content_type] == "application/json");
    CHECK(error_message(unknown).find("unknown websocket URL") != std::string::npos);
    CHECK(refused(base + "/connect").result_int() == 403);
    CHECK(refused(base + "/elsewhere").result_int() == 404);

    // The URL is good while its ttl lasts, by the emulator's clock.
    websocket_client in_time(pc.url, emu.ca_file());
    const auto in_time_ec = in_time.handshake();
    CHECK_MESSAGE(!in_time_ec, in_time_ec.message() << " " << in_time.response().body());
    *offset = 2;
    auto expired = refused(pc.url);
    CHECK(expired.result_int() == 403);
    CHECK(error_message(expired).find("expired") != std::string::npos);
    // The socket opened in time stays open; a new URL works.
    REQUIRE(in_time.send(std::string(heartbeat)));
    CHECK(in_time.next() == std::string(heartbeat));
    websocket_client renewed(connect_participant(client, c.participant_token).url, emu.ca_file());
    CHECK(!renewed.handshake());
    CHECK(eventually([&live] { return live.emu.websockets_accepted() == 2; }));
}

TEST_CASE("websocket: a URL with a sub-second ttl expires in real time") {
    emulator::emulator_config cfg = quick_emulator();
    cfg.chat.websocket_url_ttl = 200ms;
    live_chat live(cfg, false);
    auto& [emu, client, c, pc] = live;
    std::this_thread::sleep_for(300ms);
    websocket_client late(pc.url, emu.ca_file());
    CHECK(late.handshake() == websocket::error::upgrade_declined);
    CHECK(late.response().result_int() == 403);
    CHECK(error_message(late.response()).find("expired") != std::string::npos);
}

TEST_CASE("websocket: a request for /connect without an upgrade is an ordinary request") {
    emulator::emulator emu(quick_emulator());
    emu.start();
    core::http::transport_config tc;
    boost::asio::io_context ioc;
    core::http::transport transport(ioc.get_executor(), tc);
    core::http::request req;
    req.scheme = "http";
    req.host = "127.0.0.1";
    req.port = emu.port();
    req.method = "GET";
    req.path = "/connect";
    req.query = "token=anything";
    std::optional<core::http::response> res;
    transport.async_send(req, [&](boost::system::error_code ec, core::http::response r) {
        REQUIRE_MESSAGE(!ec, ec.message());
        res = std::move(r);
    });
    ioc.run_for(10s);
    REQUIRE(res);
    CHECK(res->status == 404); // the dispatcher's UnknownOperationException, as before
    CHECK(*res->find_header("x-amzn-ErrorType") == "UnknownOperationException");
}

TEST_CASE("websocket: drop_websockets ends every socket without a close frame") {
    live_chat live(quick_emulator(), true);
    auto& [emu, client, c, secure] = live;
    const auto over_tls = subscribed_socket(emu, secure.url);
    const std::string plain_url = "ws://" + secure.url.substr(6);
    const auto plain = subscribed_socket(emu, plain_url);
    CHECK(eventually([&live] { return live.emu.websockets_open() == 2; }));

    CHECK(emu.drop_websockets() == 2);
    for (websocket_client* ws : {over_tls.get(), plain.get()}) {
        const auto end = ws->ended();
        REQUIRE(end);
        CHECK_MESSAGE(*end != websocket::error::closed, end->message()); // no close frame
        CHECK(ws->close_reason().code == websocket::close_code::none);
    }
    CHECK(emu.websockets_open() == 0);
    CHECK(emu.drop_websockets() == 0);

    // The client reconnects with its URL (still valid) and misses nothing it can't fetch.
    const auto back = subscribed_socket(emu, secure.url);
    CHECK(emu.websockets_accepted() == 3);
    test::say(client, secure.connection_token, "back");
    CHECK(next_message(*back) == "back");
}

TEST_CASE("websocket: muted sockets stay open but answer and get nothing") {
    live_chat live(without_agent(), false);
    auto& [emu, client, c, pc] = live;
    const auto ws = subscribed_socket(emu, pc.url);

    emu.set_websockets_muted(true);
    REQUIRE(ws->send(std::string(heartbeat)));
    REQUIRE(ws->send(R"({"topic":"aws/ping"})"));
    REQUIRE(ws->send(std::string(subscribe)));
    test::say(client, pc.connection_token, "unheard");
    CHECK(!ws->next(500ms));
    CHECK(!ws->ended(0ms));
    CHECK(emu.websockets_open() == 1);
    CHECK(test::count_messages(test::whole_transcript(client, c), "unheard") == 1);

    emu.set_websockets_muted(false);
    REQUIRE(ws->send(std::string(heartbeat)));
    CHECK(ws->next() == std::string(heartbeat)); // nothing of the muted time came first
    test::say(client, pc.connection_token, "heard");
    CHECK(next_message(*ws) == "heard");
}

TEST_CASE("websocket: stop() with open sockets returns promptly") {
    live_chat live(quick_emulator(), true);
    auto& [emu, client, c, pc] = live;
    const auto subscribed_ws = subscribed_socket(emu, pc.url);
    websocket_client silent(pc.url, emu.ca_file());
    REQUIRE(!silent.handshake());

    const auto start = std::chrono::steady_clock::now();
    emu.stop();
    CHECK(std::chrono::steady_clock::now() - start < 2s);
    CHECK(subscribed_ws->ended(2s));
    CHECK(silent.ended(2s));
    CHECK(emu.websockets_open() == 0);
    CHECK(emu.drop_websockets() == 0);
}
