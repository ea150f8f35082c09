// A C++20 program with hawk built in its own tree: coroutine calls, retried throttling and a
// generated idempotency token, checked through hawk::testing's transports (no network).

#include <hawk/connectparticipant/send_message.hpp>
#include <hawk/qconnect/send_message.hpp>
#include <hawk/src.hpp> // hawk's compiled parts, in exactly one .cpp
#include <hawk/testing/transports.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <iostream>
#include <string>

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
    std::cout << (ok ? "ok:     " : "FAILED: ") << what << "\n";
    failures += ok ? 0 : 1;
}

boost::asio::awaitable<void> chat(hawk::core::client& client,
                                  const hawk::testing::capture_transport& capture) {
    hawk::connectparticipant::SendMessageRequest message;
    message.content_type = "text/markdown";
    message.content = "**Hello** from C++20";
    message.connection_token = "connection-token";
    const auto sent = co_await hawk::connectparticipant::async_send_message(
        client, message, boost::asio::use_awaitable);
    expect(sent.id == "m-1", "co_await gets the parsed response after a throttled attempt");
    const auto requests = capture.requests();
    expect(requests.size() == 2, "the throttled attempt was retried once");
    expect(requests.size() == 2 && boost::json::parse(requests[0].body).at("ClientToken") ==
                                       boost::json::parse(requests[1].body).at("ClientToken"),
           "both attempts carry the same ClientToken");

    hawk::qconnect::SendMessageRequest question;
    question.assistant_id = "assistant 1/a";
    question.session_id = "session-1";
    question.type = hawk::qconnect::MessageType::text;
    hawk::qconnect::TextMessage text;
    text.value = "Where is my order?";
    question.message.value = hawk::qconnect::MessageData::make_text(text);
    hawk::core::diagnostics diag;
    try {
        co_await hawk::qconnect::async_send_message(client, question, diag,
                                                    boost::asio::use_awaitable);
        expect(false, "an unknown assistant fails the call");
    } catch (const boost::system::system_error& e) {
        expect(e.code() == hawk::qconnect::errc::resource_not_found_exception,
               "the error is typed: " + e.code().message());
    }
    expect(capture.last().path == "/assistants/assistant%201%2Fa/sessions/session-1/message",
           "path labels are percent-encoded");
}

} // namespace

int main() {
    hawk::testing::replay_transport replay;
    replay.then(hawk::testing::service_error(429, "ThrottlingException", "slow down"))
        .then(hawk::testing::json_response(200, R"({"Id":"m-1"})"))
        .then(hawk::testing::service_error(404, "ResourceNotFoundException", "no such assistant"));
    hawk::testing::capture_transport capture(replay.sender());

    boost::asio::io_context io;
    hawk::core::client client(io.get_executor(), hawk::testing::offline_config(capture.sender()));
    boost::asio::co_spawn(io, chat(client, capture), [](std::exception_ptr e) {
        if (e)
            std::rethrow_exception(e);
    });
    io.run();

    std::cout << (failures ? "consumer: FAILED\n" : "consumer: all checks passed\n");
    return failures ? 1 : 0;
}
