#include "emulator/services/services.hpp"

#include <hawk/qconnect/server/create_assistant.hpp>
#include <hawk/qconnect/server/create_session.hpp>
#include <hawk/qconnect/server/delete_assistant.hpp>
#include <hawk/qconnect/server/errors.hpp>
#include <hawk/qconnect/server/get_assistant.hpp>
#include <hawk/qconnect/server/get_next_message.hpp>
#include <hawk/qconnect/server/send_message.hpp>

namespace hawk::emulator {

namespace api = hawk::qconnect;

void serve_qconnect(dispatcher& d, world& w) {
    auto routes = d.service([](const auto& e) { return api::server::serialize_error(e); });

    routes.on<api::server::CreateSession>([&w](const api::CreateSessionRequest& in) {
        const session& s = w.create_session(in.assistant_id, in.name, in.description,
                                            in.tags.value_or(std::map<std::string, std::string>()),
                                            in.contact_arn);
        api::CreateSessionResponse out;
        out.session.emplace();
        out.session->session_id = s.id;
        out.session->session_arn = s.arn;
        out.session->name = s.name;
        out.session->description = s.description;
        if (!s.tags.empty())
            out.session->tags = s.tags;
        return out;
    });

    routes.on<api::server::SendMessage>([&w](const api::SendMessageRequest& in) {
        if (in.type != api::MessageType::text)
            throw api_error("ValidationException",
                            "hawk-emulator's assistant reads TEXT messages.");
        const api::TextMessage* text = in.message.value.text();
        if (!text || !text->value)
            throw api_error("ValidationException", "message.value.text.value is required.");
        const world::message_sent sent =
            w.send_assistant_message(in.assistant_id, in.session_id, *text->value);
        api::SendMessageResponse out;
        out.request_message_id = sent.request_message_id;
        out.next_message_token = sent.next_message_token;
        out.configuration = in.configuration;
        return out;
    });

    routes.on<api::server::GetNextMessage>([&w](const api::GetNextMessageRequest& in) {
        const assistant_message& m =
            w.next_assistant_message(in.assistant_id, in.session_id, in.next_message_token);
        api::GetNextMessageResponse out;
        out.type = api::MessageType::text;
        api::TextMessage text;
        text.value = m.text;
        out.response.value.set_text(std::move(text));
        out.response.message_id = m.message_id;
        out.response.participant = api::Participant::bot;
        out.response.timestamp = m.time;
        out.request_message_id = m.request_message_id;
        out.conversation_state.status = api::ConversationStatus::ready;
        return out;
    });

    // Assistants: CREATE_IN_PROGRESS for chat_config::assistant_activation_delay, then ACTIVE.
    auto assistant_data = [](const world::assistant_info& a) {
        api::AssistantData out;
        out.assistant_id = a.id;
        out.assistant_arn = a.arn;
        out.name = a.name;
        out.type = api::AssistantType(std::string_view(a.type));
        out.status = api::AssistantStatus(std::string_view(a.status));
        out.description = a.description;
        if (!a.tags.empty())
            out.tags = a.tags;
        return out;
    };

    routes.on<api::server::CreateAssistant>(
        [&w, assistant_data](const api::CreateAssistantRequest& in) {
            api::CreateAssistantResponse out;
            out.assistant = assistant_data(
                w.create_assistant(in.name, std::string(in.type.to_string()), in.description,
                                   in.tags.value_or(std::map<std::string, std::string>())));
            return out;
        });

    routes.on<api::server::GetAssistant>([&w, assistant_data](const api::GetAssistantRequest& in) {
        api::GetAssistantResponse out;
        out.assistant = assistant_data(w.get_assistant(in.assistant_id));
        return out;
    });

    routes.on<api::server::DeleteAssistant>([&w](const api::DeleteAssistantRequest& in) {
        w.delete_assistant(in.assistant_id);
        return api::DeleteAssistantResponse{};
    });
}

} // namespace hawk::emulator
