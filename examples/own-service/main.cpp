// own_service: a client for AWS Secrets Manager, a service hawk does not ship, generated at
// build time from the model in botocore's data (CMakeLists.txt: hawk_generate). It creates a
// secret, reads it back, asks for one that does not exist (a typed error) and deletes its own.
//
//   own_service                 against a local stand-in for Secrets Manager (local_server.cpp)
//   own_service --endpoint URL  against URL (LocalStack, moto, ...) with your credentials
//                               (environment, ~/.aws) and AWS_REGION (default us-east-1)
//
// Exit status: 0 when every step did what it should, 1 when one did not, 2 for a bad command line.

#include "local_server.hpp"

#include <hawk/core/auth/credentials_provider.hpp>
#include <hawk/core/uuid.hpp>
#include <hawk/secretsmanager/create_secret.hpp>
#include <hawk/secretsmanager/delete_secret.hpp>
#include <hawk/secretsmanager/get_secret_value.hpp>
#include <hawk/src.hpp> // in exactly one .cpp of your program: hawk's compiled parts

#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace sm = hawk::secretsmanager;

int main(int argc, char** argv) {
    std::optional<std::string> endpoint;
    if (argc == 3 && std::string(argv[1]) == "--endpoint")
        endpoint = argv[2];
    else if (argc != 1) {
        std::cerr << "usage: own_service [--endpoint URL]\n";
        return 2;
    }

    hawk::core::client_config config;
    std::optional<local_server> local; // declared before the client: it outlives the client
    if (endpoint) {
        config.endpoint_url = *endpoint;
        const char* region = std::getenv("AWS_REGION");
        config.region = region ? region : "us-east-1";
    } else {
        local.emplace();
        std::cout << "local stand-in for Secrets Manager at " << local->endpoint() << "\n";
        config.endpoint_url = local->endpoint();
        config.region = "us-east-1"; // SigV4 signs for a region
        // Secrets Manager is SigV4. The stand-in checks that requests are signed, not with what:
        // obviously fake keys, never real ones.
        hawk::core::auth::credentials fake;
        fake.access_key_id = "AKIDLOCALSTANDIN";
        fake.secret_access_key = "fake-secret-key-for-the-local-stand-in";
        config.credentials = std::make_shared<hawk::core::auth::static_provider>(fake);
    }
    hawk::core::client client(config); // its own I/O thread: the blocking calls below work

    const std::string name = "own-service/demo-" + hawk::core::random_uuid();
    const std::string value = "correct horse battery staple";
    try {
        sm::CreateSecretRequest create;
        create.name = name;
        create.secret_string = value; // ClientRequestToken unset: the client makes one
        const sm::CreateSecretResponse created = sm::create_secret(client, create);
        std::cout << "created " << created.name.value_or("?") << " (version "
                  << created.version_id.value_or("?") << ")\n";

        sm::GetSecretValueRequest get;
        get.secret_id = name;
        const sm::GetSecretValueResponse read = sm::get_secret_value(client, get);
        std::cout << "secret value: " << read.secret_string.value_or("(none)") << "\n";
        if (read.secret_string != value) {
            std::cerr << "own_service: read back something else than was stored\n";
            return 1;
        }

        // A secret that does not exist: a modeled error, typed.
        get.secret_id = "own-service/no-such-secret";
        try {
            sm::get_secret_value(client, get);
            std::cerr << "own_service: reading a missing secret succeeded\n";
            return 1;
        } catch (const hawk::core::error_with_diagnostics& e) {
            if (e.code() != sm::errc::resource_not_found_exception)
                throw;
            // Its members, read from the response body by the generated code.
            const auto error =
                hawk::core::error_as<sm::ResourceNotFoundException>(e.get_diagnostics());
            std::cout << "missing secret: " << e.get_diagnostics().error_code << ": "
                      << (error ? error->message.value_or("") : "(no members)") << "\n";
        }

        sm::DeleteSecretRequest remove;
        remove.secret_id = name;
        remove.force_delete_without_recovery = true;
        sm::delete_secret(client, remove);
        std::cout << "deleted " << name << "\n";
    } catch (const hawk::core::error_with_diagnostics& e) {
        std::cerr << "own_service: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
