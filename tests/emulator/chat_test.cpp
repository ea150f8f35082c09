// hawk's real client against the real emulator over loopback HTTP and HTTPS: a whole chat, the
// errors AWS documents, idempotency, and the emulator's fault injection.

#include "emulator/support.hpp"

#include <hawk/connect/describe_contact.hpp>
#include <hawk/connect/get_contact_attributes.hpp>
#include <hawk/connect/start_contact_streaming.hpp>
#include <hawk/connect/stop_contact.hpp>
#include <hawk/connect/stop_contact_streaming.hpp>
#include <hawk/connect/update_contact_attributes.hpp>
#include <hawk/connectparticipant/describe_view.hpp>
#include <hawk/connectparticipant/disconnect_participant.hpp>
#include <hawk/connectparticipant/send_event.hpp>
#include <hawk/qconnect/create_session.hpp>
#include <hawk/qconnect/get_next_message.hpp>
#include <hawk/qconnect/send_message.hpp>

#include <atomic>

using namespace hawk;
using hawk::test::attempt;
using hawk::test::client_for;
using hawk::test::quick_emulator;
using hawk::test::start_chat;
using hawk::test::whole_transcript;
namespace cp = hawk::connectparticipant;

namespace {

cp::SendMessageRequest message(const test::chat& c, std::string text) {
    return test::text_message(c.connection_token, std::move(text));
}

cp::SendEventRequest event(const test::chat& c, std::string type,
                           std::optional<std::string> content = std::nullopt) {
    return test::chat_event(c.connection_token, std::move(type), std::move(content));
}

const cp::Item* find_item(const std::vector<cp::Item>& items, const std::string& id) {
    for (const cp::Item& item : items)
        if (item.id == id)
            return &item;
    return nullptr;
}

} // namespace

TEST_CASE("a whole chat against the emulator, over HTTP and over HTTPS") {
    for (const bool https : {false, true}) {
        CAPTURE(https);
        emulator::emulator emu(quick_emulator());
        emu.start();
        core::client client(client_for(emu, https));
        const test::chat c = start_chat(client, "Jordan");
        CHECK(!c.contact_id.empty());
        CHECK(!c.connection_token.empty());

        // The agent joined and greeted the customer by name.
        auto items = whole_transcript(client, c);
        REQUIRE(items.size() >= 3);
        CHECK(items[0].type == cp::ChatItemType::participant_joined);
        CHECK(items[0].participant_role == cp::ParticipantRole::customer);
        CHECK(items.back().participant_role == cp::ParticipantRole::agent);
        CHECK(items.back().content.value_or("").find("Jordan") != std::string::npos);

        // Typing (Content unset), then a message the agent answers.
        auto typing = attempt<cp::operations::SendEvent>(
            client, event(c, "application/vnd.amazonaws.connect.event.typing"));
        CHECK_MESSAGE(!typing.ec, typing.diag.message);
        auto sent =
            attempt<cp::operations::SendMessage>(client, message(c, "My order 12345 is late"));
        REQUIRE_MESSAGE(!sent.ec, sent.diag.message);
        REQUIRE(sent.response.id);
        CHECK(sent.response.absolute_time.value_or("").size() == 24); // 2019-11-08T02:41:28.172Z

        items = whole_transcript(client, c);
        const cp::Item* mine = find_item(items, *sent.response.id);
        REQUIRE(mine);
        CHECK(mine->content == "My order 12345 is late");
        REQUIRE(mine->message_metadata);
        REQUIRE(mine->message_metadata->receipts);
        REQUIRE(mine->message_metadata->receipts->size() == 1); // the agent read it
        CHECK(mine->message_metadata->receipts->front().read_timestamp);
        const cp::Item reply = items.back();
        CHECK(reply.participant_role == cp::ParticipantRole::agent);
        CHECK(reply.content.value_or("").find("12345") != std::string::npos);

        // The customer reads the reply: a receipt on the agent's message.
        auto read = attempt<cp::operations::SendEvent>(
            client, event(c, "application/vnd.amazonaws.connect.event.message.read",
                          "{\"messageId\":\"" + reply.id.value_or("") + "\"}"));
        CHECK_MESSAGE(!read.ec, read.diag.message);
        items = whole_transcript(client, c);
        const cp::Item* reply_now = find_item(items, reply.id.value_or(""));
        REQUIRE(reply_now);
        REQUIRE(reply_now->message_metadata->receipts->size() == 1);
        CHECK(reply_now->message_metadata->receipts->front().recipient_participant_id ==
              c.participant_id);

        // connect: the contact, its attributes and message streaming.
        connect::DescribeContactRequest describe;
        describe.instance_id = std::string(emulator::default_instance_id);
        describe.contact_id = c.contact_id;
        auto described = attempt<connect::operations::DescribeContact>(client, describe);
        REQUIRE_MESSAGE(!described.ec, described.diag.message);
        REQUIRE(described.response.contact);
        CHECK(described.response.contact->channel == connect::Channel::chat);
        CHECK(described.response.contact->agent_info);
        CHECK(!described.response.contact->disconnect_timestamp);

        connect::UpdateContactAttributesRequest update;
        update.instance_id = describe.instance_id;
        update.initial_contact_id = c.contact_id;
        update.attributes = {{"tier", "gold"}, {"order", "12345"}};
        auto updated = attempt<connect::operations::UpdateContactAttributes>(client, update);
        CHECK_MESSAGE(!updated.ec, updated.diag.message);
        connect::GetContactAttributesRequest get_attributes;
        get_attributes.instance_id = describe.instance_id;
        get_attributes.initial_contact_id = c.contact_id;
        auto attributes =
            attempt<connect::operations::GetContactAttributes>(client, get_attributes);
        REQUIRE_MESSAGE(!attributes.ec, attributes.diag.message);
        CHECK(attributes.response.attributes ==
              std::map<std::string, std::string>{{"order", "12345"}, {"tier", "gold"}});

        connect::StartContactStreamingRequest streaming;
        streaming.instance_id = describe.instance_id;
        streaming.contact_id = c.contact_id;
        streaming.chat_streaming_configuration.streaming_endpoint_arn =
            "arn:aws:sns:us-east-1:123456789012:chat";
        auto streamed = attempt<connect::operations::StartContactStreaming>(client, streaming);
        REQUIRE_MESSAGE(!streamed.ec, streamed.diag.message);
        CHECK(!streamed.response.streaming_id.empty());
        connect::StopContactStreamingRequest stop_streaming;
        stop_streaming.instance_id = describe.instance_id;
        stop_streaming.contact_id = c.contact_id;
        stop_streaming.streaming_id = streamed.response.streaming_id;
        CHECK(!attempt<connect::operations::StopContactStreaming>(client, stop_streaming).ec);
        auto again = attempt<connect::operations::StopContactStreaming>(client, stop_streaming);
        CHECK(again.ec == connect::errc::resource_not_found_exception);

        // qconnect: a session and the assistant's answer.
        qconnect::CreateSessionRequest create;
        create.assistant_id = std::string(emulator::default_assistant_id);
        create.name = "session for " + c.contact_id;
        auto session = attempt<qconnect::operations::CreateSession>(client, create);
        REQUIRE_MESSAGE(!session.ec, session.diag.message);
        REQUIRE(session.response.session);
        qconnect::SendMessageRequest ask;
        ask.assistant_id = create.assistant_id;
        ask.session_id = session.response.session->session_id;
        ask.type = qconnect::MessageType::text;
        qconnect::TextMessage text;
        text.value = "What is the refund policy?";
        ask.message.value.set_text(text);
        ask.metadata = std::map<std::string, std::string>{{"contact", c.contact_id}};
        auto asked = attempt<qconnect::operations::SendMessage>(client, ask);
        REQUIRE_MESSAGE(!asked.ec, asked.diag.message);
        qconnect::GetNextMessageRequest next;
        next.assistant_id = ask.assistant_id;
        next.session_id = ask.session_id;
        next.next_message_token = asked.response.next_message_token;
        auto answer = attempt<qconnect::operations::GetNextMessage>(client, next);
        REQUIRE_MESSAGE(!answer.ec, answer.diag.message);
        REQUIRE(answer.response.response.value.text());
        CHECK(answer.response.response.value.text()->value.value_or("").find("Refund") !=
              std::string::npos);
        CHECK(answer.response.request_message_id == asked.response.request_message_id);

        // DescribeView: a known view, and an unknown one.
        cp::DescribeViewRequest view;
        view.view_token = "feedback";
        view.connection_token = c.connection_token;
        auto described_view = attempt<cp::operations::DescribeView>(client, view);
        REQUIRE_MESSAGE(!described_view.ec, described_view.diag.message);
        CHECK(described_view.response.view->name == "CustomerFeedback");
        view.view_token = "no-such-view";
        CHECK(attempt<cp::operations::DescribeView>(client, view).ec ==
              cp::errc::resource_not_found_exception);

        // The customer leaves: the chat ends; its transcript stays readable.
        cp::DisconnectParticipantRequest leave;
        leave.connection_token = c.connection_token;
        CHECK(!attempt<cp::operations::DisconnectParticipant>(client, leave).ec);
        items = whole_transcript(client, c);
        CHECK(items.back().type == cp::ChatItemType::chat_ended);
        auto late = attempt<cp::operations::SendMessage>(client, message(c, "still there?"));
        CHECK(late.ec == cp::errc::access_denied_exception);
        CHECK(late.diag.http_status == 403);
        described = attempt<connect::operations::DescribeContact>(client, describe);
        REQUIRE(described.response.contact);
        CHECK(described.response.contact->disconnect_reason == "CUSTOMER_DISCONNECT");
        CHECK(described.response.contact->disconnect_timestamp);
    }
}

TEST_CASE("Participant Service calls need no AWS credentials; connect calls do") {
    emulator::emulator emu(quick_emulator());
    emu.start();
    core::client signed_client(client_for(emu, false));
    const test::chat c = start_chat(signed_client);

    // A client with no credentials at all: participant calls work, connect calls cannot be made.
    core::client_config cfg = client_for(emu, false);
    cfg.credentials.reset();
    core::client anonymous(cfg);
    auto sent = attempt<cp::operations::SendMessage>(anonymous, message(c, "no keys needed"));
    CHECK_MESSAGE(!sent.ec, sent.ec.message() << " " << sent.diag.message);
    connect::DescribeContactRequest describe;
    describe.instance_id = std::string(emulator::default_instance_id);
    describe.contact_id = c.contact_id;
    CHECK(attempt<connect::operations::DescribeContact>(anonymous, describe).ec ==
          core::errc::no_credentials);
}

TEST_CASE("wrong SigV4 signatures are rejected as AWS rejects them") {
    emulator::emulator emu(quick_emulator());
    emu.start();
    connect::DescribeContactRequest describe;
    describe.instance_id = std::string(emulator::default_instance_id);
    describe.contact_id = "00000000-0000-4000-8000-000000000000";

    auto try_with = [&](core::client_config cfg) {
        core::client client(cfg);
        return attempt<connect::operations::DescribeContact>(client, describe);
    };

    // The right credentials reach the handler (which does not know the contact).
    auto right = try_with(client_for(emu, false));
    CHECK(right.ec == connect::errc::resource_not_found_exception);

    core::auth::credentials wrong_secret = test::emulator_credentials();
    wrong_secret.secret_access_key = "not-the-secret";
    auto bad = try_with(client_for(emu, false, wrong_secret));
    CHECK(bad.diag.http_status == 403);
    CHECK(bad.diag.error_code == "InvalidSignatureException");
    CHECK(bad.diag.message.find("signature we calculated does not match") != std::string::npos);

    core::auth::credentials unknown_key = test::emulator_credentials();
    unknown_key.access_key_id = "AKIAUNKNOWN000000000";
    auto unknown = try_with(client_for(emu, false, unknown_key));
    CHECK(unknown.diag.http_status == 403);
    CHECK(unknown.diag.error_code == "UnrecognizedClientException");

    core::client_config skewed = client_for(emu, true);
    skewed.clock = [] { return std::chrono::system_clock::now() - std::chrono::hours(1); };
    // A client clock an hour off: the emulator refuses the signature as expired, the client
    // corrects its clock from the response's Date header and its retry gets through (the
    // refusal itself: sigv4_verifier_test.cpp).
    auto late = try_with(skewed);
    CHECK(late.ec == connect::errc::resource_not_found_exception);
    CHECK(late.diag.attempts == 2);
}

TEST_CASE("a dropped response is retried with the same ClientToken: exactly one message") {
    for (const bool https : {false, true}) {
        CAPTURE(https);
        emulator::emulator emu(quick_emulator());
        emu.start();
        core::client client(client_for(emu, https));
        const test::chat c = start_chat(client);
        const std::uint64_t before = emu.requests_handled();

        // Every second request from now on is processed, then its connection closed without an
        // answer: a GetTranscript (the first) goes through, the SendMessage (the second) is
        // stored but its answer lost, and its retry (the third) gets the stored result.
        emulator::fault_config faults;
        faults.drop_every = 2;
        emu.set_faults(faults);
        cp::GetTranscriptRequest look;
        look.connection_token = c.connection_token;
        REQUIRE(!attempt<cp::operations::GetTranscript>(client, look).ec);
        auto sent = attempt<cp::operations::SendMessage>(client, message(c, "exactly once"));
        emu.set_faults({});
        REQUIRE_MESSAGE(!sent.ec, sent.ec.message() << " " << sent.diag.client_message);
        // Sent again (by the retry strategy, or by the transport for a pooled connection that died
        // before answering): the server saw it twice.
        CHECK(emu.requests_handled() - before == 3);
        const auto items = whole_transcript(client, c);
        CHECK(test::count_messages(items, "exactly once") == 1);
        const cp::Item* stored = find_item(items, sent.response.id.value_or(""));
        CHECK(stored); // the retry got the id of the message the first attempt created
    }
}

TEST_CASE("throttling every second call: every call still completes within max attempts") {
    emulator::emulator emu(quick_emulator());
    emu.start();
    core::client client(client_for(emu, false));
    const test::chat c = start_chat(client);
    emulator::fault_config faults;
    faults.throttle_every = 2;
    emu.set_faults(faults);
    int retried = 0;
    for (int i = 0; i < 40; ++i) {
        auto sent =
            attempt<cp::operations::SendMessage>(client, message(c, "m" + std::to_string(i)));
        REQUIRE_MESSAGE(!sent.ec, i << ": " << sent.ec.message() << " " << sent.diag.error_code);
        CHECK(sent.diag.attempts <= 3);
        retried += sent.diag.attempts > 1;
    }
    CHECK(retried >= 19); // about every other call was throttled once
    emu.set_faults({});
    const auto items = whole_transcript(client, c);
    for (int i = 0; i < 40; ++i)
        CHECK(test::count_messages(items, "m" + std::to_string(i)) == 1);
}

TEST_CASE("invalid input gets the operation's modeled validation error") {
    emulator::emulator emu(quick_emulator());
    emu.start();
    core::client client(client_for(emu, false));
    const test::chat c = start_chat(client);

    // Longer than text/plain allows (1024), though within the model's 16384.
    auto long_text =
        attempt<cp::operations::SendMessage>(client, message(c, std::string(1100, 'x')));
    CHECK(long_text.ec == cp::errc::validation_exception);
    CHECK(long_text.diag.http_status == 400);
    CHECK(long_text.diag.message.find("1024") != std::string::npos);
    // Constraints the client leaves to the service (validation_mode::required) are checked by
    // the emulator with the generated validators: MaxResults is at most 100.
    cp::GetTranscriptRequest query;
    query.connection_token = c.connection_token;
    query.max_results = 500;
    auto too_many = attempt<cp::operations::GetTranscript>(client, query);
    CHECK(too_many.ec == cp::errc::validation_exception);
    CHECK(too_many.diag.message.find("MaxResults") != std::string::npos);
    // connect's name for it.
    connect::StartChatContactRequest start;
    start.instance_id = std::string(emulator::default_instance_id);
    start.contact_flow_id = "flow";
    start.participant_details.display_name = "Jordan";
    start.chat_duration_in_minutes = 5; // at least 60
    auto short_chat = attempt<connect::operations::StartChatContact>(client, start);
    CHECK(short_chat.ec == connect::errc::invalid_request_exception);
    CHECK(short_chat.diag.message.find("ChatDurationInMinutes") != std::string::npos);
    // An instance that does not exist.
    start.chat_duration_in_minutes.reset();
    start.instance_id = "11111111-1111-4111-8111-111111111111";
    CHECK(attempt<connect::operations::StartChatContact>(client, start).ec ==
          connect::errc::resource_not_found_exception);
    // Unknown and unusable tokens.
    test::chat forged = c;
    forged.connection_token = "forged-token";
    auto denied = attempt<cp::operations::SendMessage>(client, message(forged, "hello"));
    CHECK(denied.ec == cp::errc::access_denied_exception);
}

TEST_CASE("expired connection tokens are refused") {
    auto offset = std::make_shared<std::atomic<long>>(0);
    emulator::emulator_config cfg = quick_emulator();
    cfg.chat.connection_token_ttl = std::chrono::seconds(60);
    cfg.clock = [offset] {
        return std::chrono::system_clock::now() + std::chrono::seconds(offset->load());
    };
    emulator::emulator emu(cfg);
    emu.start();
    core::client client(client_for(emu, false));
    const test::chat c = start_chat(client);
    CHECK(!attempt<cp::operations::SendMessage>(client, message(c, "in time")).ec);
    *offset = 61;
    auto expired = attempt<cp::operations::SendMessage>(client, message(c, "too late"));
    CHECK(expired.ec == cp::errc::access_denied_exception);
    // A new connection from the participant token works again.
    cp::CreateParticipantConnectionRequest again;
    again.type = {cp::ConnectionType::connection_credentials};
    again.participant_token = c.participant_token;
    auto renewed = attempt<cp::operations::CreateParticipantConnection>(client, again);
    REQUIRE_MESSAGE(!renewed.ec, renewed.diag.message);
    test::chat fresh = c;
    fresh.connection_token = renewed.response.connection_credentials->connection_token.value_or("");
    CHECK(!attempt<cp::operations::SendMessage>(client, message(fresh, "renewed")).ec);
}

TEST_CASE("a repeated ClientToken returns the first result and creates nothing") {
    emulator::emulator emu(quick_emulator());
    emu.start();
    core::client client(client_for(emu, false));
    connect::StartChatContactRequest start;
    start.instance_id = std::string(emulator::default_instance_id);
    start.contact_flow_id = "flow";
    start.participant_details.display_name = "Jordan";
    start.client_token = "3f0c6a8e-1b2d-4c5e-8f7a-9b0c1d2e3f4a";
    auto first = attempt<connect::operations::StartChatContact>(client, start);
    auto second = attempt<connect::operations::StartChatContact>(client, start);
    REQUIRE(!first.ec);
    REQUIRE(!second.ec);
    CHECK(first.response.contact_id == second.response.contact_id);
    CHECK(first.response.participant_token == second.response.participant_token);
    // The same token with other parameters is a mistake.
    start.participant_details.display_name = "Someone else";
    auto mismatch = attempt<connect::operations::StartChatContact>(client, start);
    CHECK(mismatch.diag.error_code == "IdempotencyException");
    CHECK(mismatch.diag.http_status == 409);
    // Without a token each call is a new chat.
    start.client_token.reset();
    auto third = attempt<connect::operations::StartChatContact>(client, start);
    CHECK(third.response.contact_id != first.response.contact_id);

    const test::chat c = start_chat(client);
    cp::SendMessageRequest m = message(c, "once");
    m.client_token = "7d1e2f3a-4b5c-4d6e-8f9a-0b1c2d3e4f5a";
    auto a = attempt<cp::operations::SendMessage>(client, m);
    auto b = attempt<cp::operations::SendMessage>(client, m);
    CHECK(a.response.id == b.response.id);
    CHECK(test::count_messages(whole_transcript(client, c), "once") == 1);
}

TEST_CASE("message receipts with more than two participants: ConflictException") {
    emulator::emulator emu(quick_emulator());
    emu.start();
    core::client client(client_for(emu, false));
    const test::chat c = start_chat(client);
    const auto items = whole_transcript(client, c);
    const std::string greeting = items.back().id.value_or("");
    const std::string receipt = "{\"messageId\":\"" + greeting + "\"}";
    const std::string read = "application/vnd.amazonaws.connect.event.message.read";
    CHECK(!attempt<cp::operations::SendEvent>(client, event(c, read, receipt)).ec);
    // Receipts need a message of this chat.
    auto no_id = attempt<cp::operations::SendEvent>(
        client, event(c, "application/vnd.amazonaws.connect.event.message.delivered", "{}"));
    CHECK(no_id.ec == cp::errc::validation_exception);

    test::add_custom_bot(client, c.contact_id);
    auto conflict = attempt<cp::operations::SendEvent>(client, event(c, read, receipt));
    CHECK(conflict.ec == cp::errc::conflict_exception);
    CHECK(conflict.diag.http_status == 409);
    // Typing is not a receipt.
    CHECK(!attempt<cp::operations::SendEvent>(
               client, event(c, "application/vnd.amazonaws.connect.event.typing"))
               .ec);
}

TEST_CASE("GetTranscript: pages, scan direction, sort order and start positions") {
    emulator::emulator_config cfg = quick_emulator();
    cfg.chat.agent_enabled = false; // only the customer's own items
    emulator::emulator emu(cfg);
    emu.start();
    core::client client(client_for(emu, false));
    const test::chat c = start_chat(client);
    std::vector<std::string> ids{whole_transcript(client, c).at(0).id.value_or("")}; // joined
    for (int i = 0; i < 30; ++i) {
        auto sent =
            attempt<cp::operations::SendMessage>(client, message(c, "n" + std::to_string(i)));
        REQUIRE(!sent.ec);
        ids.push_back(sent.response.id.value_or(""));
    }
    auto page_ids = [&](const cp::GetTranscriptRequest& q) {
        auto got = attempt<cp::operations::GetTranscript>(client, q);
        REQUIRE_MESSAGE(!got.ec, got.diag.message);
        std::vector<std::string> out;
        for (const cp::Item& item : got.response.transcript.value_or(std::vector<cp::Item>()))
            out.push_back(item.id.value_or(""));
        return std::make_pair(out, got.response.next_token);
    };
    cp::GetTranscriptRequest q;
    q.connection_token = c.connection_token;

    // Defaults: BACKWARD from the most recent, 10 items, DESCENDING.
    auto [first, token] = page_ids(q);
    CHECK(first == std::vector<std::string>(ids.rbegin(), ids.rbegin() + 10));
    CHECK(token);

    // Every item exactly once, in both directions, 7 per page.
    for (const bool forward : {true, false}) {
        CAPTURE(forward);
        cp::GetTranscriptRequest walk = q;
        walk.max_results = 7;
        walk.scan_direction = forward ? cp::ScanDirection::forward : cp::ScanDirection::backward;
        walk.sort_order = cp::SortKey::ascending;
        std::vector<std::string> seen;
        int pages = 0;
        for (;;) {
            auto [items, next] = page_ids(walk);
            ++pages;
            if (forward)
                seen.insert(seen.end(), items.begin(), items.end());
            else
                seen.insert(seen.begin(), items.begin(), items.end());
            if (!next)
                break;
            walk.next_token = next;
        }
        CHECK(pages == 5); // 31 items
        CHECK(seen == ids);
    }

    // Start positions: an id (FORWARD by default), the most recent N, a time.
    cp::GetTranscriptRequest from_id = q;
    from_id.start_position.emplace();
    from_id.start_position->id = ids[5];
    from_id.max_results = 3;
    from_id.sort_order = cp::SortKey::ascending;
    CHECK(page_ids(from_id).first == std::vector<std::string>(ids.begin() + 5, ids.begin() + 8));
    cp::GetTranscriptRequest recent = q;
    recent.start_position.emplace();
    recent.start_position->most_recent = 2;
    recent.scan_direction = cp::ScanDirection::backward;
    recent.max_results = 2;
    CHECK(page_ids(recent).first == std::vector<std::string>{ids[28], ids[27]});

    cp::GetTranscriptRequest bad = q;
    bad.next_token = "bm90IGEgdG9rZW4=";
    CHECK(attempt<cp::operations::GetTranscript>(client, bad).ec == cp::errc::validation_exception);
    bad.next_token.reset();
    bad.start_position.emplace();
    bad.start_position->id = "no-such-item";
    CHECK(attempt<cp::operations::GetTranscript>(client, bad).ec == cp::errc::validation_exception);
}
