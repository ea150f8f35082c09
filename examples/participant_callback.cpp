// Sending a chat message as a participant, with a callback and diagnostics.
//
//   participant_callback CONNECTION_TOKEN [ENDPOINT_URL]

#include <hawk/connectparticipant/send_message.hpp>
#include <hawk/src.hpp> // in exactly one .cpp of your program: hawk's compiled parts

#include <boost/asio/io_context.hpp>
#include <iostream>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: participant_callback CONNECTION_TOKEN [ENDPOINT_URL]\n";
        return 2;
    }
    boost::asio::io_context io;
    hawk::core::client_config config;
    config.region = "us-east-1";
    if (argc > 2)
        config.endpoint_url = argv[2];
    hawk::core::client client(io.get_executor(), config);

    hawk::connectparticipant::SendMessageRequest request;
    request.content_type = "text/plain";
    request.content = "Hello! I have a question about my order.";
    request.connection_token = argv[1];

    hawk::core::diagnostics diag; // must outlive the call
    int status = 1;
    hawk::connectparticipant::async_send_message(
        client, request, diag,
        [&](boost::system::error_code ec, hawk::connectparticipant::SendMessageResponse r) {
            if (ec == hawk::connectparticipant::errc::throttling_exception)
                std::cerr << "throttled after " << diag.attempts << " attempts, request "
                          << diag.request_id << "\n";
            else if (ec)
                std::cerr << ec.message() << " (HTTP " << diag.http_status << ")\n";
            else {
                std::cout << "sent " << r.id.value_or("?") << "\n";
                status = 0;
            }
        });
    io.run();
    return status;
}
