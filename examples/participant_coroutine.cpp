// Sending a chat message as a participant, with a C++20 coroutine. The Participant Service needs
// no AWS credentials: the connection token (from CreateParticipantConnection) authorizes it.
//
//   participant_coroutine CONNECTION_TOKEN [ENDPOINT_URL]

#include <hawk/connectparticipant/send_message.hpp>
#include <hawk/src.hpp> // in exactly one .cpp of your program: hawk's compiled parts

#include <boost/asio.hpp>
#include <iostream>

boost::asio::awaitable<void> chat(hawk::core::client& client, std::string connection_token) {
    hawk::connectparticipant::SendMessageRequest request;
    request.content_type = "text/plain";
    request.content = "Hello! I have a question about my order.";
    request.connection_token = std::move(connection_token); // sent as X-Amz-Bearer
    // ClientToken left unset: the client generates one, reused on every retry of this call.
    try {
        auto response = co_await hawk::connectparticipant::async_send_message(
            client, request, boost::asio::use_awaitable);
        std::cout << "sent message " << response.id.value_or("?") << "\n";
    } catch (const boost::system::system_error& e) {
        std::cerr << "failed: " << e.code().message() << "\n";
    }
}

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: participant_coroutine CONNECTION_TOKEN [ENDPOINT_URL]\n";
        return 2;
    }
    boost::asio::io_context io;
    hawk::core::client_config config;
    config.region = "us-east-1";
    if (argc > 2)
        config.endpoint_url = argv[2];
    hawk::core::client client(io.get_executor(), config);
    boost::asio::co_spawn(io, chat(client, argv[1]), boost::asio::detached);
    io.run();
}
