// Pointing a client at an endpoint of your choice (a proxy, a VPC endpoint, a local emulator)
// instead of the one the service's endpoint rules give for the region, over HTTPS with a private
// certificate authority. Then one call: connect DescribeContact.
//
//   custom_endpoint INSTANCE_ID CONTACT_ID [ENDPOINT_URL [CA_FILE]]
//
// Without ENDPOINT_URL the client takes AWS_ENDPOINT_URL_CONNECT (one service; the suffix is the
// service id in capitals, e.g. AWS_ENDPOINT_URL_CONNECTPARTICIPANT), else AWS_ENDPOINT_URL (every
// service), else the profile's endpoint_url. Without CA_FILE, AWS_CA_BUNDLE or the profile's
// ca_bundle, else the system's trust store. Credentials: the default chain (environment, profile).

#include <hawk/connect/describe_contact.hpp>
#include <hawk/src.hpp> // in exactly one .cpp of your program: hawk's compiled parts

#include <iostream>

int main(int argc, char** argv) {
    if (argc < 3 || argc > 5) {
        std::cerr << "usage: custom_endpoint INSTANCE_ID CONTACT_ID [ENDPOINT_URL [CA_FILE]]\n";
        return 2;
    }
    hawk::core::client_config config;
    config.region = "us-east-1"; // still needed: SigV4 signs for a region
    if (argc > 3)
        config.endpoint_url = argv[3]; // scheme, host and port, e.g. https://127.0.0.1:4580
    if (argc > 4)
        // A PEM file of the CA(s) to trust instead of the system's; the server's name is still
        // checked against its certificate (transport.verify_peer = false only in tests).
        config.transport.ca_file = argv[4];

    hawk::connect::DescribeContactRequest request;
    request.instance_id = argv[1];
    request.contact_id = argv[2];
    try {
        hawk::core::client client(config);
        const auto response = hawk::connect::describe_contact(client, request);
        if (!response.contact) {
            std::cerr << "DescribeContact returned no contact\n";
            return 1;
        }
        const hawk::connect::Contact& contact = *response.contact;
        std::cout << "contact " << contact.id.value_or("?") << ": channel "
                  << (contact.channel ? contact.channel->to_string() : "?") << ", initiated by "
                  << (contact.initiation_method ? contact.initiation_method->to_string() : "?")
                  << "\n";
        return 0;
    } catch (const hawk::core::error_with_diagnostics& e) {
        // E.g. "certificate verify failed" when no trusted CA signed the server's certificate.
        std::cerr << "DescribeContact failed: " << e.what() << "\n";
        return 1;
    }
}
