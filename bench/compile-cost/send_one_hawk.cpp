// One connectparticipant SendMessage with hawk: the program whose stripped -O2 static size
// bench/compile-cost/run reports (beside send_one_raw_beast.cpp, the same request by hand).
//
//   send_one_hawk URL CONNECTION_TOKEN [CA_FILE]

#include <hawk/connectparticipant/send_message.hpp>
#include <hawk/src.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: send_one_hawk URL CONNECTION_TOKEN [CA_FILE]\n";
        return 2;
    }
    hawk::core::client_config config;
    config.region = "us-east-1";
    config.endpoint_url = argv[1];
    if (argc > 3)
        config.transport.ca_file = argv[3];
    hawk::core::client client(config);
    hawk::connectparticipant::SendMessageRequest request;
    request.content_type = "text/plain";
    request.content = "Hello from hawk";
    request.connection_token = argv[2];
    try {
        const auto response = hawk::connectparticipant::send_message(client, request);
        std::cout << response.id.value_or("") << "\n";
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
