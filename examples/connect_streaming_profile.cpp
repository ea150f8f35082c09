// Turning on message streaming for a chat (connect StartContactStreaming), signed with SigV4
// credentials from a named profile of the shared config files, as the AWS CLI's --profile does.
//
//   connect_streaming_profile ENDPOINT_URL INSTANCE_ID CONTACT_ID SNS_TOPIC_ARN [PROFILE]
//
// CONTACT_ID is a chat in progress (from StartChatContact, or handed over by a contact flow).
// The profile is PROFILE, else AWS_PROFILE, else "default"; it is read from ~/.aws/credentials and
// ~/.aws/config, or from the files AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE name:
//
//   # credentials                           # config
//   [support-bot]                           [profile support-bot]
//   aws_access_key_id = AKIA...             region = us-east-1
//   aws_secret_access_key = ...             ca_bundle = /path/to/private-ca.pem  (optional)

#include <hawk/connect/start_contact_streaming.hpp>
#include <hawk/src.hpp> // in exactly one .cpp of your program: hawk's compiled parts

#include <iostream>

int main(int argc, char** argv) {
    if (argc < 5 || argc > 6) {
        std::cerr << "usage: connect_streaming_profile ENDPOINT_URL INSTANCE_ID CONTACT_ID "
                     "SNS_TOPIC_ARN [PROFILE]\n";
        return 2;
    }
    hawk::core::client_config config;
    config.endpoint_url = argv[1];
    if (argc > 5)
        config.profile = argv[5]; // unset: AWS_PROFILE, else "default"
    // Left unset on purpose: credentials, region and transport.ca_file. The default credentials
    // chain reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY first (as every AWS SDK does), then
    // the profile's keys (or its credential_process); the region and the CA bundle come from
    // AWS_REGION / AWS_CA_BUNDLE or the profile's `region` and `ca_bundle`.

    hawk::connect::StartContactStreamingRequest request;
    request.instance_id = argv[2];
    request.contact_id = argv[3];
    // Amazon Connect publishes each message of the chat to this Amazon SNS topic.
    request.chat_streaming_configuration.streaming_endpoint_arn = argv[4];
    // ClientToken is left unset: hawk makes one and sends it on every retry of this call, so a
    // retry after a lost response cannot start a second stream.

    try {
        hawk::core::client client(config); // runs its own I/O thread: blocking calls are fine
        const hawk::connect::StartContactStreamingResponse response =
            hawk::connect::start_contact_streaming(client, request);
        std::cout << "streaming " << response.streaming_id << " for contact " << request.contact_id
                  << "\n";
        return 0;
    } catch (const hawk::core::error_with_diagnostics& e) {
        // what() is hawk's summary: e.g. which profile and files were searched for credentials,
        // or the service's error code (UnrecognizedClientException: a key it does not know).
        std::cerr << "StartContactStreaming failed: " << e.what() << "\n";
        if (!e.get_diagnostics().message.empty()) // the service's own words, untrusted text
            std::cerr << "  the service said: " << e.get_diagnostics().message << "\n";
        return 1;
    }
}
