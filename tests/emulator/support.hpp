#pragma once

// hawk's real client against the real emulator, over loopback: a fixture that starts both, and
// calls that keep their diagnostics.

#include "emulator/emulator.hpp"

#include <hawk/connect/create_participant.hpp>
#include <hawk/connect/start_chat_contact.hpp>
#include <hawk/connectparticipant/create_participant_connection.hpp>
#include <hawk/connectparticipant/get_transcript.hpp>
#include <hawk/connectparticipant/send_event.hpp>
#include <hawk/connectparticipant/send_message.hpp>
#include <hawk/core/auth/credentials_provider.hpp>
#include <hawk/core/client.hpp>

#include <doctest/doctest.h>

#include <future>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hawk::test {

/// One call's outcome: the error code, the response and the diagnostics.
template <class Op>
struct outcome {
    boost::system::error_code ec;
    typename Op::response response{};
    core::diagnostics diag;
};

template <class Op>
outcome<Op> attempt(core::client& client, const typename Op::request& request) {
    outcome<Op> out;
    std::promise<void> done;
    core::async_call<Op>(client, request, &out.diag,
                         [&](boost::system::error_code ec, typename Op::response r) {
                             out.ec = ec;
                             out.response = std::move(r);
                             done.set_value();
                         });
    done.get_future().wait();
    return out;
}

/// The emulator's own SigV4 test credentials.
inline core::auth::credentials emulator_credentials() {
    return {std::string(emulator::default_access_key_id),
            std::string(emulator::default_secret_access_key),
            {},
            {}};
}

/// A quick emulator: ephemeral port, HTTPS too, an agent that answers at once.
inline emulator::emulator_config quick_emulator() {
    emulator::emulator_config cfg;
    cfg.server.port = 0;
    cfg.chat.agent_reply_delay = std::chrono::milliseconds(0);
    return cfg;
}

/// A client for the emulator: its endpoint (HTTP or HTTPS, trusting its CA), its credentials,
/// nothing from the environment, and short retry delays.
inline core::client_config client_for(const emulator::emulator& emu, bool https,
                                      core::auth::credentials creds = emulator_credentials()) {
    core::client_config cfg;
    cfg.region = "us-east-1";
    cfg.endpoint_url = https ? emu.https_url() : emu.http_url();
    cfg.transport.ca_file = emu.ca_file();
    cfg.credentials = std::make_shared<core::auth::static_provider>(std::move(creds));
    cfg.environment = [](std::string_view) { return std::optional<std::string>(); };
    core::retry_config retry;
    retry.base_delay = std::chrono::milliseconds(2);
    retry.throttling_base_delay = std::chrono::milliseconds(5);
    cfg.retry = retry;
    return cfg;
}

/// A customer in a fresh chat, connected: what most tests start from.
struct chat {
    std::string contact_id;
    std::string participant_id;
    std::string participant_token;
    std::string connection_token;
};

inline chat start_chat(core::client& client, std::string name = "Jordan") {
    connect::StartChatContactRequest start;
    start.instance_id = std::string(emulator::default_instance_id);
    start.contact_flow_id = "test-flow";
    start.participant_details.display_name = std::move(name);
    auto started = attempt<connect::operations::StartChatContact>(client, start);
    REQUIRE_MESSAGE(!started.ec, started.ec.message() << " " << started.diag.message);
    chat c;
    c.contact_id = started.response.contact_id.value_or("");
    c.participant_id = started.response.participant_id.value_or("");
    c.participant_token = started.response.participant_token.value_or("");

    connectparticipant::CreateParticipantConnectionRequest connection;
    connection.type = {connectparticipant::ConnectionType::connection_credentials};
    connection.participant_token = c.participant_token;
    auto connected =
        attempt<connectparticipant::operations::CreateParticipantConnection>(client, connection);
    REQUIRE_MESSAGE(!connected.ec, connected.ec.message() << " " << connected.diag.message);
    REQUIRE(connected.response.connection_credentials);
    c.connection_token = connected.response.connection_credentials->connection_token.value_or("");
    return c;
}

/// A text/plain SendMessage by the participant of `connection_token`.
inline connectparticipant::SendMessageRequest text_message(std::string connection_token,
                                                           std::string text) {
    connectparticipant::SendMessageRequest m;
    m.content_type = "text/plain";
    m.content = std::move(text);
    m.connection_token = std::move(connection_token);
    return m;
}

/// A SendEvent (typing, a receipt, ...) by the participant of `connection_token`.
inline connectparticipant::SendEventRequest
chat_event(std::string connection_token, std::string content_type,
           std::optional<std::string> content = std::nullopt) {
    connectparticipant::SendEventRequest e;
    e.content_type = std::move(content_type);
    e.content = std::move(content);
    e.connection_token = std::move(connection_token);
    return e;
}

/// Sends `text` as the participant of `connection_token`, which must work: its id and time.
inline connectparticipant::SendMessageResponse say(core::client& client,
                                                   std::string connection_token, std::string text) {
    auto sent = attempt<connectparticipant::operations::SendMessage>(
        client, text_message(std::move(connection_token), std::move(text)));
    REQUIRE_MESSAGE(!sent.ec, sent.ec.message() << " " << sent.diag.message);
    return sent.response;
}

/// A custom bot added to the chat (connect CreateParticipant, the way AWS adds bots), which
/// must work: its id and participant token.
inline connect::CreateParticipantResponse add_custom_bot(core::client& client,
                                                         const std::string& contact_id,
                                                         std::string name = "Survey bot") {
    connect::CreateParticipantRequest bot;
    bot.instance_id = std::string(emulator::default_instance_id);
    bot.contact_id = contact_id;
    bot.participant_details.participant_role = connect::ParticipantRole::custom_bot;
    bot.participant_details.display_name = std::move(name);
    auto added = attempt<connect::operations::CreateParticipant>(client, bot);
    REQUIRE_MESSAGE(!added.ec, added.ec.message() << " " << added.diag.message);
    REQUIRE(added.response.participant_credentials);
    return added.response;
}

/// Every transcript item, oldest first (paginating forward).
inline std::vector<connectparticipant::Item> whole_transcript(core::client& client, const chat& c) {
    std::vector<connectparticipant::Item> items;
    connectparticipant::GetTranscriptRequest query;
    query.connection_token = c.connection_token;
    query.scan_direction = connectparticipant::ScanDirection::forward;
    query.sort_order = connectparticipant::SortKey::ascending;
    query.max_results = 100;
    for (int page = 0; page < 100; ++page) {
        auto got = attempt<connectparticipant::operations::GetTranscript>(client, query);
        REQUIRE_MESSAGE(!got.ec, got.ec.message() << " " << got.diag.message);
        for (auto& item : got.response.transcript.value_or(std::vector<connectparticipant::Item>()))
            items.push_back(std::move(item));
        if (!got.response.next_token)
            break;
        query.next_token = got.response.next_token;
    }
    return items;
}

/// The customer's messages in a transcript with this content.
inline std::size_t count_messages(const std::vector<connectparticipant::Item>& items,
                                  const std::string& content) {
    std::size_t n = 0;
    for (const auto& item : items)
        n += item.type == connectparticipant::ChatItemType::message && item.content == content;
    return n;
}

} // namespace hawk::test
