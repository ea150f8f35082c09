#include "emulator/services/chat_items.hpp"
#include "emulator/services/services.hpp"

#include <hawk/connectparticipant/server/create_participant_connection.hpp>
#include <hawk/connectparticipant/server/describe_view.hpp>
#include <hawk/connectparticipant/server/disconnect_participant.hpp>
#include <hawk/connectparticipant/server/errors.hpp>
#include <hawk/connectparticipant/server/get_transcript.hpp>
#include <hawk/connectparticipant/server/send_event.hpp>
#include <hawk/connectparticipant/server/send_message.hpp>
#include <hawk/core/uri.hpp>

#include <algorithm>

namespace hawk::emulator {

namespace api = hawk::connectparticipant;

namespace {

/// The views DescribeView knows: a customer feedback form (a step-by-step guide's view).
api::View feedback_view(const world& w) {
    api::View view;
    view.id = "b9f1c2d3-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    view.arn = "arn:aws:connect:" + w.config().region + ":" + w.config().account_id + ":instance/" +
               std::string(default_instance_id) + "/view/" + *view.id;
    view.name = "CustomerFeedback";
    view.version = 1;
    view.content.emplace();
    view.content->input_schema =
        R"({"type":"object","properties":{"rating":{"type":"integer","minimum":1,"maximum":5}}})";
    view.content->template_ =
        R"({"Head":{"Title":"How did we do?"},"Body":[{"_id":"rating","Type":"Rating"}]})";
    view.content->actions = {"Submit", "Cancel"};
    return view;
}

} // namespace

void serve_participant(dispatcher& d, world& w) {
    auto routes = d.service([](const auto& e) { return api::server::serialize_error(e); });

    routes.on<api::server::CreateParticipantConnection>(
        [&w](const api::CreateParticipantConnectionRequest& in, const core::http::request& http) {
            const std::vector<api::ConnectionType> types =
                in.type.value_or(std::vector<api::ConnectionType>());
            if (types.empty() && !in.connect_participant.value_or(false))
                throw api_error("ValidationException",
                                "Type must list WEBSOCKET or CONNECTION_CREDENTIALS.");
            for (const api::ConnectionType& t : types)
                if (t != api::ConnectionType::websocket &&
                    t != api::ConnectionType::connection_credentials)
                    throw api_error("ValidationException",
                                    "Connection type " + std::string(t.to_string()) +
                                        " is not supported by hawk-emulator.");
            const world::connection_made made =
                w.create_connection(in.participant_token, in.connect_participant.value_or(false));
            auto wants = [&](api::ConnectionType t) {
                return std::find(types.begin(), types.end(), t) != types.end();
            };
            api::CreateParticipantConnectionResponse out;
            if (wants(api::ConnectionType::websocket)) {
                // The participant's WebSocket on this emulator, as the client reached it. The
                // token is base64: encoded, it survives clients that rebuild the URL.
                const std::string* host = http.find_header("Host");
                out.websocket.emplace();
                out.websocket->url = std::string(http.scheme == "https" ? "wss" : "ws") + "://" +
                                     (host ? *host : std::string("127.0.0.1")) +
                                     "/connect?token=" + core::uri::encode(made.websocket_token);
                out.websocket->connection_expiry = format_chat_time(made.websocket_expiry);
            }
            if (wants(api::ConnectionType::connection_credentials)) {
                out.connection_credentials.emplace();
                out.connection_credentials->connection_token = made.connection_token;
                out.connection_credentials->expiry = format_chat_time(made.connection_expiry);
            }
            return out;
        });

    routes.on<api::server::SendMessage>([&w](const api::SendMessageRequest& in) {
        const world::posted posted =
            w.send_message(w.by_connection(in.connection_token), in.content_type, in.content);
        api::SendMessageResponse out;
        out.id = posted.id;
        out.absolute_time = format_chat_time(posted.time);
        return out;
    });

    routes.on<api::server::SendEvent>([&w](const api::SendEventRequest& in) {
        const world::posted posted =
            w.send_event(w.by_connection(in.connection_token), in.content_type, in.content);
        api::SendEventResponse out;
        out.id = posted.id;
        out.absolute_time = format_chat_time(posted.time);
        return out;
    });

    routes.on<api::server::GetTranscript>([&w](const api::GetTranscriptRequest& in) {
        // Transcripts stay readable after the chat ends, while the connection token is valid.
        const participant_ref who = w.by_connection(in.connection_token, true);
        world::transcript_query query;
        query.contact_id = in.contact_id;
        if (in.max_results)
            query.max_results = *in.max_results;
        query.next_token = in.next_token;
        if (in.scan_direction)
            query.forward = *in.scan_direction == api::ScanDirection::forward;
        if (in.sort_order)
            query.ascending = *in.sort_order == api::SortKey::ascending;
        if (in.start_position) {
            query.start_id = in.start_position->id;
            query.start_time = in.start_position->absolute_time;
            if (in.start_position->most_recent)
                query.start_most_recent = *in.start_position->most_recent;
        }
        const world::transcript_page page = w.transcript(who, query);
        api::GetTranscriptResponse out;
        out.initial_contact_id = page.initial_contact_id;
        out.transcript.emplace();
        for (const chat_item* item : page.items)
            out.transcript->push_back(to_item(*item, *who.chat));
        out.next_token = page.next_token;
        return out;
    });

    routes.on<api::server::DisconnectParticipant>(
        [&w](const api::DisconnectParticipantRequest& in) {
            w.disconnect(w.by_connection(in.connection_token));
            return api::DisconnectParticipantResponse{};
        });

    routes.on<api::server::DescribeView>([&w](const api::DescribeViewRequest& in) {
        w.by_connection(in.connection_token, true);
        api::View view = feedback_view(w);
        if (in.view_token != "feedback")
            throw api_error("ResourceNotFoundException",
                            "View token " + in.view_token + " was not found.", 404);
        api::DescribeViewResponse out;
        out.view = std::move(view);
        return out;
    });
}

} // namespace hawk::emulator
