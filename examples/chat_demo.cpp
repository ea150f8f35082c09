// hawk-chat: a customer's side of an Amazon Connect chat, end to end, with hawk's generated
// clients and C++20 coroutines. It starts a chat (connect StartChatContact, SigV4), connects as
// the customer with a hawk::chat::session (CreateParticipantConnection: a bearer token, no AWS
// credentials; then the participant WebSocket, subscribed to aws/chat), turns on message
// streaming (connect StartContactStreaming), sends typing events and messages, prints the
// agent's replies as the WebSocket pushes them (and marks them read), asks Amazon Q in Connect for
// a suggestion (qconnect CreateSession, SendMessage, GetNextMessage), prints the transcript page by
// page (GetTranscript) and leaves (DisconnectParticipant).
//
//   hawk-chat [--endpoint URL [--ca-file FILE] --instance-id ID --contact-flow-id ID
//             [--assistant-id ID] [--streaming-arn ARN]] [--region R] [--name NAME] [MESSAGE...]
//
// Without --endpoint it starts hawk-emulator in-process (HTTPS on 127.0.0.1, its own CA) and
// talks to it; with --endpoint it talks to that endpoint with the default AWS credentials.

#include "emulator/emulator.hpp"

#include <hawk/chat/session.hpp>
#include <hawk/chat/src.hpp> // in exactly one .cpp of a program: the chat session's compiled parts
#include <hawk/connect/describe_contact.hpp>
#include <hawk/connect/start_chat_contact.hpp>
#include <hawk/connect/start_contact_streaming.hpp>
#include <hawk/connectparticipant/get_transcript.hpp>
#include <hawk/core/auth/credentials_provider.hpp>
#include <hawk/qconnect/create_session.hpp>
#include <hawk/qconnect/get_next_message.hpp>
#include <hawk/qconnect/send_message.hpp>
#include <hawk/src.hpp> // in exactly one .cpp of a program: hawk's compiled parts

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace cp = hawk::connectparticipant;
namespace qconnect = hawk::qconnect;
using namespace std::chrono_literals;

namespace {

struct options {
    std::optional<std::string> endpoint;
    std::string ca_file;
    std::string region = "us-east-1";
    std::string instance_id;
    std::string contact_flow_id = "hawk-chat-demo-flow";
    std::string assistant_id;
    std::string streaming_arn = "arn:aws:sns:us-east-1:123456789012:hawk-chat-transcripts";
    std::string name = "Jordan";
    std::vector<std::string> messages;
};

/// What a failed call reports: the error, and what the service said.
struct call_failed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Runs one call with diagnostics; a failure becomes a readable exception.
template <class Call>
auto checked(const char* what, hawk::core::diagnostics& diag, Call&& call)
    -> asio::awaitable<typename decltype(call(diag))::value_type> {
    try {
        co_return co_await call(diag);
    } catch (const boost::system::system_error& e) {
        std::string text = std::string(what) + " failed: " + e.code().message();
        if (diag.http_status)
            text += " (HTTP " + std::to_string(diag.http_status) + ")";
        if (!diag.message.empty())
            text += ": " + diag.message;
        if (!diag.client_message.empty())
            text += ": " + diag.client_message;
        throw call_failed(text);
    }
}

std::string who(const cp::Item& item) {
    return item.display_name.value_or("?") + " (" +
           std::string(item.participant_role ? item.participant_role->to_string() : "?") + ")";
}

class customer {
public:
    customer(hawk::core::client& client, options opts)
        : client_(client), opts_(std::move(opts)), watchdog_(client.get_executor()) {}

    asio::awaitable<void> run() {
        hawk::core::diagnostics diag;

        hawk::connect::StartChatContactRequest start;
        start.instance_id = opts_.instance_id;
        start.contact_flow_id = opts_.contact_flow_id;
        start.participant_details.display_name = opts_.name;
        start.supported_messaging_content_types = {"text/plain", "text/markdown"};
        start.attributes = std::map<std::string, std::string>{{"channel", "hawk-chat"}};
        const auto started = co_await checked("StartChatContact", diag, [&](auto& d) {
            return hawk::connect::async_start_chat_contact(client_, start, d, asio::use_awaitable);
        });
        contact_id_ = started.contact_id.value_or("");
        std::cout << "connect StartChatContact: contact " << contact_id_ << ", participant "
                  << started.participant_id.value_or("?") << "\n";

        // The customer's live chat: CreateParticipantConnection (a bearer token, no AWS
        // credentials), then the WebSocket, subscribed to aws/chat. Tokens are secrets: the
        // demo never prints them.
        chat_.emplace(client_, started.participant_token.value_or(""));
        co_await session_step("connecting the chat", chat_->async_start(asio::use_awaitable));
        std::cout << "connectparticipant CreateParticipantConnection: WebSocket connected, "
                     "subscribed to aws/chat\n";

        hawk::connect::StartContactStreamingRequest streaming;
        streaming.instance_id = opts_.instance_id;
        streaming.contact_id = contact_id_;
        streaming.chat_streaming_configuration.streaming_endpoint_arn = opts_.streaming_arn;
        const auto streamed = co_await checked("StartContactStreaming", diag, [&](auto& d) {
            return hawk::connect::async_start_contact_streaming(client_, streaming, d,
                                                                asio::use_awaitable);
        });
        std::cout << "connect StartContactStreaming: streaming " << streamed.streaming_id << "\n\n";

        co_await print_until_the_agent_speaks();
        for (const std::string& text : opts_.messages) {
            co_await session_step("SendEvent (typing)",
                                  chat_->async_send_typing(asio::use_awaitable));
            co_await session_step("SendMessage",
                                  chat_->async_send_message(text, asio::use_awaitable));
            std::cout << "  " << opts_.name << " (CUSTOMER): " << text << "\n";
            co_await print_until_the_agent_speaks();
        }

        if (!opts_.assistant_id.empty() && !opts_.messages.empty())
            co_await ask_assistant(opts_.messages.front());
        co_await print_transcript();

        co_await session_step("DisconnectParticipant",
                              chat_->async_disconnect(asio::use_awaitable));
        hawk::connect::DescribeContactRequest describe;
        describe.instance_id = opts_.instance_id;
        describe.contact_id = contact_id_;
        const auto described = co_await checked("DescribeContact", diag, [&](auto& d) {
            return hawk::connect::async_describe_contact(client_, describe, d, asio::use_awaitable);
        });
        std::cout << "\nconnectparticipant DisconnectParticipant: the chat has ended";
        if (described.contact && described.contact->disconnect_reason)
            std::cout << " (DescribeContact: " << *described.contact->disconnect_reason << ")";
        std::cout << "\n";
    }

private:
    /// Awaits a session operation; a failure becomes a readable exception.
    template <class T>
    asio::awaitable<T> session_step(const char* what, asio::awaitable<T> step) {
        try {
            co_return co_await std::move(step);
        } catch (const boost::system::system_error& e) {
            const hawk::core::diagnostics why = chat_->last_error();
            std::string text = std::string(what) + " failed: " + e.code().message();
            if (!why.message.empty())
                text += ": " + why.message;
            else if (!why.client_message.empty())
                text += ": " + why.client_message;
            throw call_failed(text);
        }
    }

    /// Prints what the WebSocket pushes (the agent joining, typing, its messages) until the
    /// agent has said something, and marks it read. Gives up after 15 s.
    asio::awaitable<void> print_until_the_agent_speaks() {
        bool timed_out = false;
        watchdog_.expires_after(15s);
        watchdog_.async_wait([this, &timed_out](boost::system::error_code ec) {
            if (!ec) {
                timed_out = true;
                chat_->close();
            }
        });
        for (;;) {
            hawk::chat::event e;
            try {
                e = co_await chat_->async_next_event(asio::use_awaitable);
            } catch (const boost::system::system_error& failure) {
                watchdog_.cancel();
                throw call_failed(timed_out
                                      ? "the agent did not answer within 15 s"
                                      : std::string("the chat ended: ") + failure.code().message());
            }
            const bool agent = e.item.participant_role == cp::ParticipantRole::agent;
            switch (e.kind) {
            case hawk::chat::event_kind::participant_joined:
                if (agent)
                    std::cout << "  " << who(e.item) << " joined the chat\n";
                break;
            case hawk::chat::event_kind::typing:
                if (agent)
                    std::cout << "  " << who(e.item) << " is typing...\n";
                break;
            case hawk::chat::event_kind::connection_lost:
                std::cout << "  (connection lost: " << e.detail << "; reconnecting)\n";
                break;
            case hawk::chat::event_kind::message:
                if (!agent)
                    break;
                std::cout << "  " << who(e.item) << ": " << e.item.content.value_or("") << "\n";
                chat_->mark_read(e.item.id.value_or(""));
                watchdog_.cancel();
                co_return;
            default:
                break;
            }
        }
    }

    asio::awaitable<void> ask_assistant(const std::string& question) {
        hawk::core::diagnostics diag;
        qconnect::CreateSessionRequest create;
        create.assistant_id = opts_.assistant_id;
        create.name = "hawk-chat " + contact_id_;
        const auto session = co_await checked("qconnect CreateSession", diag, [&](auto& d) {
            return qconnect::async_create_session(client_, create, d, asio::use_awaitable);
        });
        qconnect::SendMessageRequest ask;
        ask.assistant_id = opts_.assistant_id;
        ask.session_id = session.session ? session.session->session_id : std::string();
        ask.type = qconnect::MessageType::text;
        qconnect::TextMessage text;
        text.value = question;
        ask.message.value.set_text(std::move(text));
        ask.metadata = std::map<std::string, std::string>{{"contactId", contact_id_}};
        const auto asked = co_await checked("qconnect SendMessage", diag, [&](auto& d) {
            return qconnect::async_send_message(client_, ask, d, asio::use_awaitable);
        });
        qconnect::GetNextMessageRequest next;
        next.assistant_id = ask.assistant_id;
        next.session_id = ask.session_id;
        next.next_message_token = asked.next_message_token;
        const auto answer = co_await checked("qconnect GetNextMessage", diag, [&](auto& d) {
            return qconnect::async_get_next_message(client_, next, d, asio::use_awaitable);
        });
        const qconnect::TextMessage* reply = answer.response.value.text();
        std::cout << "\nAmazon Q in Connect suggests to the agent: "
                  << (reply && reply->value ? *reply->value : std::string("(nothing)")) << "\n";
    }

    /// The whole conversation, oldest first, five items per GetTranscript page.
    asio::awaitable<void> print_transcript() {
        std::cout << "\nTranscript (GetTranscript, FORWARD, ASCENDING, 5 per page):\n";
        std::optional<std::string> next_token;
        int pages = 0;
        do {
            hawk::core::diagnostics diag;
            cp::GetTranscriptRequest query;
            query.connection_token = chat_->connection_token();
            query.scan_direction = cp::ScanDirection::forward;
            query.sort_order = cp::SortKey::ascending;
            query.max_results = 5;
            query.next_token = next_token;
            const auto page = co_await checked("GetTranscript", diag, [&](auto& d) {
                return cp::async_get_transcript(client_, query, d, asio::use_awaitable);
            });
            ++pages;
            for (const cp::Item& item : page.transcript.value_or(std::vector<cp::Item>())) {
                std::cout << "  " << item.absolute_time.value_or("") << "  "
                          << (item.type ? item.type->to_string() : "?") << "  " << who(item);
                if (item.content)
                    std::cout << ": " << *item.content;
                if (item.message_metadata && item.message_metadata->receipts &&
                    !item.message_metadata->receipts->empty())
                    std::cout << "  [read]";
                std::cout << "\n";
            }
            next_token = page.next_token;
        } while (next_token);
        std::cout << "(" << pages << " pages)\n";
    }

    hawk::core::client& client_;
    options opts_;
    std::string contact_id_;
    std::optional<hawk::chat::session> chat_;
    asio::steady_timer watchdog_;
};

int usage() {
    std::cerr << "usage: hawk-chat [--endpoint URL [--ca-file FILE] --instance-id ID "
                 "--contact-flow-id ID [--assistant-id ID] [--streaming-arn ARN]] [--region R] "
                 "[--name NAME] [MESSAGE...]\n";
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    options opts;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--help" || arg == "-h")
            return usage(), 0;
        if (arg.rfind("--", 0) == 0 && !has_value)
            return usage();
        if (arg == "--endpoint")
            opts.endpoint = argv[++i];
        else if (arg == "--ca-file")
            opts.ca_file = argv[++i];
        else if (arg == "--region")
            opts.region = argv[++i];
        else if (arg == "--instance-id")
            opts.instance_id = argv[++i];
        else if (arg == "--contact-flow-id")
            opts.contact_flow_id = argv[++i];
        else if (arg == "--assistant-id")
            opts.assistant_id = argv[++i];
        else if (arg == "--streaming-arn")
            opts.streaming_arn = argv[++i];
        else if (arg == "--name")
            opts.name = argv[++i];
        else if (arg.rfind("--", 0) == 0)
            return std::cerr << "hawk-chat: unknown option " << arg << "\n", usage();
        else
            opts.messages.push_back(arg);
    }
    if (opts.messages.empty())
        opts.messages = {"Hi, I have a question about my order.", "The order number is 12345.",
                         "Thank you, that's all!"};

    hawk::core::client_config config;
    config.region = opts.region;
    std::optional<hawk::emulator::emulator> emu;
    try {
        if (opts.endpoint) {
            config.endpoint_url = *opts.endpoint;
            config.transport.ca_file = opts.ca_file;
            if (opts.instance_id.empty())
                return std::cerr << "hawk-chat: --endpoint needs --instance-id\n", usage();
        } else {
            hawk::emulator::emulator_config emulator_config;
            emulator_config.chat.agent_reply_delay = 300ms;
            emu.emplace(emulator_config);
            emu->start();
            std::cout << "hawk-chat: started hawk-emulator in-process at " << emu->https_url()
                      << " (HTTPS, trusting its CA)\n";
            config.endpoint_url = emu->https_url();
            config.transport.ca_file = emu->ca_file();
            config.credentials =
                std::make_shared<hawk::core::auth::static_provider>(hawk::core::auth::credentials{
                    std::string(hawk::emulator::default_access_key_id),
                    std::string(hawk::emulator::default_secret_access_key),
                    {},
                    {}});
            opts.instance_id = std::string(hawk::emulator::default_instance_id);
            opts.assistant_id = std::string(hawk::emulator::default_assistant_id);
        }
    } catch (const std::exception& e) {
        std::cerr << "hawk-chat: " << e.what() << "\n";
        return 1;
    }

    asio::io_context io;
    hawk::core::client client(io.get_executor(), config);
    customer me(client, opts);
    int status = 0;
    asio::co_spawn(io, me.run(), [&](std::exception_ptr failure) {
        if (!failure)
            return;
        try {
            std::rethrow_exception(failure);
        } catch (const std::exception& e) {
            std::cerr << "hawk-chat: " << e.what() << "\n";
            status = 1;
        }
    });
    io.run();
    return status;
}
