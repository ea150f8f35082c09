// Builds one request of each seed operation, validates it, and prints what hawk would send: the
// wire JSON body, and the debug rendering (with sensitive members redacted).

#include <hawk/connect/operations/start_contact_streaming.hpp>
#include <hawk/connectparticipant/operations/send_message.hpp>
#include <hawk/qconnect/operations/send_message.hpp>

#include <iostream>

namespace {

template <class Operation>
void show(const typename Operation::request& request) {
    std::cout << Operation::http_method << " " << Operation::request_uri << "  (" << Operation::name
              << ")\n";
    const auto violations = hawk::core::validate(request);
    for (const auto& v : violations)
        std::cout << "  invalid: " << v.to_string() << "\n";
    if (violations.empty())
        std::cout << "  valid\n";
    std::cout << "  body:  " << hawk::core::to_json(request, hawk::core::json_form::wire) << "\n";
    std::cout << "  debug: " << request << "\n\n";
}

} // namespace

int main() {
    {
        hawk::connectparticipant::SendMessageRequest request;
        request.content_type = "text/plain";
        request.content = "Hello! I have a question about my order.";
        request.client_token = "00000000-0000-4000-8000-000000000001";
        request.connection_token = "example-connection-token";
        show<hawk::connectparticipant::operations::SendMessage>(request);
    }
    {
        using namespace hawk::qconnect;
        SendMessageRequest request;
        request.assistant_id = "a0000000-0000-4000-8000-000000000001";
        request.session_id = "50000000-0000-4000-8000-000000000001";
        request.type = MessageType::text;
        TextMessage text;
        text.value = "Where is my order?";
        request.message.value = MessageData::make_text(text);
        request.metadata = std::map<std::string, std::string>{{"channel", "chat"}};
        show<operations::SendMessage>(request);
    }
    {
        hawk::connect::StartContactStreamingRequest request;
        request.instance_id = "11111111-1111-4111-8111-111111111111";
        request.contact_id = "22222222-2222-4222-8222-222222222222";
        request.chat_streaming_configuration.streaming_endpoint_arn =
            "arn:aws:sns:us-east-1:123456789012:chat-stream";
        show<hawk::connect::operations::StartContactStreaming>(request);
    }
    {
        // An invalid request: every violation is reported at once.
        hawk::connectparticipant::SendMessageRequest request;
        request.content = std::string(16385, 'x');
        show<hawk::connectparticipant::operations::SendMessage>(request);
    }
}
