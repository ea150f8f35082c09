// Asking Amazon Q in Connect a question: qconnect CreateSession, SendMessage (the question),
// then GetNextMessage (the assistant's answer), with blocking calls.
//
//   qconnect_session_message ENDPOINT_URL ASSISTANT_ID QUESTION
//
// qconnect is SigV4-signed: credentials come from the default chain (AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY, else the AWS_PROFILE / default profile). For HTTPS with a private CA,
// set AWS_CA_BUNDLE.

#include <hawk/core/uuid.hpp>
#include <hawk/qconnect/create_session.hpp>
#include <hawk/qconnect/get_next_message.hpp>
#include <hawk/qconnect/send_message.hpp>
#include <hawk/src.hpp> // in exactly one .cpp of your program: hawk's compiled parts

#include <iostream>

namespace qconnect = hawk::qconnect;

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: qconnect_session_message ENDPOINT_URL ASSISTANT_ID QUESTION\n";
        return 2;
    }
    hawk::core::client_config config;
    config.region = "us-east-1";
    config.endpoint_url = argv[1];
    try {
        hawk::core::client client(config); // its own I/O thread, for blocking calls

        // A session holds one conversation with the assistant; its name must be unique.
        qconnect::CreateSessionRequest create;
        create.assistant_id = argv[2];
        create.name = "example-" + hawk::core::random_uuid();
        const qconnect::CreateSessionResponse created = qconnect::create_session(client, create);
        const std::string session_id = created.session ? created.session->session_id : "";
        std::cout << "session " << session_id << "\n";

        // The message is a union (MessageData) inside MessageInput: set its `text` member, and
        // say so in `type`.
        qconnect::SendMessageRequest ask;
        ask.assistant_id = create.assistant_id;
        ask.session_id = session_id;
        ask.type = qconnect::MessageType::text;
        qconnect::TextMessage text;
        text.value = argv[3];
        ask.message.value.set_text(std::move(text));
        const qconnect::SendMessageResponse sent = qconnect::send_message(client, ask);

        // SendMessage only accepts the question; the answer is fetched with the token it returned.
        qconnect::GetNextMessageRequest next;
        next.assistant_id = ask.assistant_id;
        next.session_id = session_id;
        next.next_message_token = sent.next_message_token;
        const qconnect::GetNextMessageResponse answer = qconnect::get_next_message(client, next);
        const qconnect::TextMessage* reply = answer.response.value.text(); // null: not text
        if (!reply || !reply->value) {
            std::cerr << "the assistant's answer holds no text\n";
            return 1;
        }
        std::cout << "assistant: " << *reply->value << "\n";
        return 0;
    } catch (const hawk::core::error_with_diagnostics& e) {
        std::cerr << "qconnect failed: " << e.what() << "\n";
        return 1;
    }
}
