// A C++17 program built against an installed hawk: a callback call, a future call and a typed
// error, each checked through hawk::testing's replay and capture transports (no network).

#include <hawk/connect/start_contact_streaming.hpp>
#include <hawk/connectparticipant/send_event.hpp>
#include <hawk/connectparticipant/send_message.hpp>
#include <hawk/src.hpp> // hawk's compiled parts, in exactly one .cpp
#include <hawk/testing/transports.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>

#include <iostream>
#include <string>
#include <thread>

namespace participant = hawk::connectparticipant;

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
    std::cout << (ok ? "ok:     " : "FAILED: ") << what << "\n";
    failures += ok ? 0 : 1;
}

std::string header(const hawk::core::http::request& req, const char* name) {
    const std::string* value = req.find_header(name);
    return value ? *value : "<absent>";
}

} // namespace

int main() {
    hawk::testing::replay_transport replay;
    replay.then(hawk::testing::json_response(200, R"({"Id":"m-1"})"))
        .then(hawk::testing::json_response(200, R"({"StreamingId":"s-1"})"))
        .then(hawk::testing::service_error(409, "ConflictException", "already connected"));
    hawk::testing::capture_transport capture(replay.sender());

    boost::asio::io_context io;
    hawk::core::client client(io.get_executor(), hawk::testing::offline_config(capture.sender()));

    // A callback.
    participant::SendMessageRequest message;
    message.content_type = "text/plain";
    message.content = "Hello from C++17";
    message.connection_token = "connection-token";
    std::string sent_id;
    participant::async_send_message(
        client, message, [&](boost::system::error_code ec, participant::SendMessageResponse r) {
            expect(!ec, "send_message completes without error: " + ec.message());
            sent_id = r.id.value_or("");
        });
    io.run();
    expect(sent_id == "m-1", "the callback gets the parsed response");
    const hawk::core::http::request sent = capture.last();
    expect(sent.path == "/participant/message", "SendMessage goes to /participant/message");
    expect(header(sent, "X-Amz-Bearer") == "connection-token", "the connection token is the bearer");
    expect(boost::json::parse(sent.body).at("ClientToken").as_string().size() == 36,
           "a ClientToken is generated");

    // A future (the I/O runs on a thread of its own while the future waits).
    hawk::connect::StartContactStreamingRequest streaming;
    streaming.instance_id = "instance-1";
    streaming.contact_id = "contact-1";
    streaming.chat_streaming_configuration.streaming_endpoint_arn = "arn:aws:sns:us-east-1:1:t";
    io.restart();
    auto work = boost::asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });
    auto future =
        hawk::connect::async_start_contact_streaming(client, streaming, boost::asio::use_future);
    expect(future.get().streaming_id == "s-1", "the future gets the parsed response");
    expect(header(capture.last(), "Authorization").rfind("AWS4-HMAC-SHA256 ", 0) == 0,
           "connect calls are SigV4-signed");

    // A typed error, with diagnostics.
    participant::SendEventRequest event;
    event.content_type = "application/vnd.amazonaws.connect.event.typing";
    event.connection_token = "connection-token";
    hawk::core::diagnostics diag;
    auto failed = participant::async_send_event(client, event, diag, boost::asio::use_future);
    try {
        failed.get();
        expect(false, "a ConflictException fails the call");
    } catch (const boost::system::system_error& e) {
        expect(e.code() == participant::errc::conflict_exception, "the error is typed");
        expect(diag.http_status == 409, "diagnostics carry the status");
    }
    expect(!boost::json::parse(capture.last().body).as_object().contains("Content"),
           "SendEvent leaves an unset Content out");
    work.reset();
    runner.join();

    std::cout << (failures ? "consumer: FAILED\n" : "consumer: all checks passed\n");
    return failures ? 1 : 0;
}
