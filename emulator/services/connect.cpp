#include "emulator/services/services.hpp"

#include <hawk/connect/server/create_participant.hpp>
#include <hawk/connect/server/describe_contact.hpp>
#include <hawk/connect/server/errors.hpp>
#include <hawk/connect/server/get_contact_attributes.hpp>
#include <hawk/connect/server/start_chat_contact.hpp>
#include <hawk/connect/server/start_contact_streaming.hpp>
#include <hawk/connect/server/stop_contact.hpp>
#include <hawk/connect/server/stop_contact_streaming.hpp>
#include <hawk/connect/server/update_contact_attributes.hpp>

namespace hawk::emulator {

namespace api = hawk::connect;

void serve_connect(dispatcher& d, world& w) {
    auto routes = d.service([](const auto& e) { return api::server::serialize_error(e); });

    routes.on<api::server::StartChatContact>([&w](const api::StartChatContactRequest& in) {
        world::chat_start start;
        start.instance_id = in.instance_id;
        start.contact_flow_id = in.contact_flow_id;
        start.display_name = in.participant_details.display_name;
        start.attributes = in.attributes.value_or(std::map<std::string, std::string>());
        if (in.initial_message)
            start.initial_message.emplace(in.initial_message->content_type,
                                          in.initial_message->content);
        start.chat_duration_minutes = in.chat_duration_in_minutes;
        start.supported_content_types =
            in.supported_messaging_content_types.value_or(std::vector<std::string>());
        start.related_contact_id = in.related_contact_id.value_or("");
        const world::chat_started started = w.start_chat(start);
        api::StartChatContactResponse out;
        out.contact_id = started.contact_id;
        out.participant_id = started.participant_id;
        out.participant_token = started.participant_token;
        return out;
    });

    routes.on<api::server::CreateParticipant>([&w](const api::CreateParticipantRequest& in) {
        const auto& details = in.participant_details;
        // AWS adds custom bots this way (the only role CreateParticipant accepts).
        if (details.participant_role &&
            *details.participant_role != api::ParticipantRole::custom_bot)
            throw api_error("InvalidRequestException", "ParticipantRole must be CUSTOM_BOT.");
        const world::participant_added added =
            w.add_participant(in.instance_id, in.contact_id, participant_role::custom_bot,
                              details.display_name.value_or("Bot"));
        api::CreateParticipantResponse out;
        out.participant_id = added.participant_id;
        out.participant_credentials.emplace();
        out.participant_credentials->participant_token = added.participant_token;
        out.participant_credentials->expiry = format_chat_time(added.expiry);
        return out;
    });

    routes.on<api::server::StartContactStreaming>(
        [&w](const api::StartContactStreamingRequest& in) {
            api::StartContactStreamingResponse out;
            out.streaming_id =
                w.start_streaming(in.instance_id, in.contact_id,
                                  in.chat_streaming_configuration.streaming_endpoint_arn);
            return out;
        });

    routes.on<api::server::StopContactStreaming>([&w](const api::StopContactStreamingRequest& in) {
        w.stop_streaming(in.instance_id, in.contact_id, in.streaming_id);
        return api::StopContactStreamingResponse{};
    });

    routes.on<api::server::StopContact>([&w](const api::StopContactRequest& in) {
        std::string reason;
        if (in.disconnect_reason && in.disconnect_reason->code)
            reason = *in.disconnect_reason->code;
        w.stop_contact(in.instance_id, in.contact_id, reason);
        return api::StopContactResponse{};
    });

    routes.on<api::server::DescribeContact>([&w](const api::DescribeContactRequest& in) {
        const contact& c = w.describe_contact(in.instance_id, in.contact_id);
        api::Contact out;
        out.arn = c.arn;
        out.id = c.id;
        out.initial_contact_id = c.initial_contact_id;
        if (!c.related_contact_id.empty())
            out.related_contact_id = c.related_contact_id;
        out.initiation_method = api::ContactInitiationMethod::api;
        out.channel = api::Channel::chat;
        out.initiation_timestamp = c.initiated;
        out.last_update_timestamp = c.last_update;
        out.disconnect_timestamp = c.disconnected;
        if (c.disconnected)
            out.disconnect_reason = c.disconnect_reason;
        for (const participant& p : c.participants)
            if (p.role == participant_role::agent) {
                out.agent_info.emplace();
                out.agent_info->id = p.id;
            }
        api::DescribeContactResponse response;
        response.contact = std::move(out);
        return response;
    });

    routes.on<api::server::UpdateContactAttributes>(
        [&w](const api::UpdateContactAttributesRequest& in) {
            w.update_attributes(in.instance_id, in.initial_contact_id, in.attributes);
            return api::UpdateContactAttributesResponse{};
        });

    routes.on<api::server::GetContactAttributes>([&w](const api::GetContactAttributesRequest& in) {
        api::GetContactAttributesResponse out;
        out.attributes = w.attributes(in.instance_id, in.initial_contact_id);
        return out;
    });
}

} // namespace hawk::emulator
