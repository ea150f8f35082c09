// A credentials provider of your own: SigV4 keys from a secrets store instead of the environment
// or ~/.aws. Here the store is a JSON file that a secrets agent (Vault Agent, a mounted Kubernetes
// secret, ...) keeps current: {"AccessKeyId": "AKIA...", "SecretAccessKey": "..."}.
//
//   custom_credentials ENDPOINT_URL ASSISTANT_ID SECRETS_FILE
//
// It makes two signed qconnect CreateSession calls and shows that the store was read once.
// For HTTPS with a private CA, set AWS_CA_BUNDLE.

#include <hawk/core/auth/credentials_provider.hpp>
#include <hawk/core/uuid.hpp>
#include <hawk/qconnect/create_session.hpp>
#include <hawk/src.hpp> // in exactly one .cpp of your program: hawk's compiled parts

#include <atomic>
#include <boost/json/parse.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

namespace auth = hawk::core::auth;

class secrets_file_provider final : public auth::credentials_provider {
public:
    explicit secrets_file_provider(std::string path) : path_(std::move(path)) {}

    // May be called from several threads at once. A failure stops the client's call with
    // errc::no_credentials and this message: name the source, never a secret.
    auth::credentials_result get() override {
        ++reads;
        std::ifstream in(path_);
        if (!in)
            return auth::credentials_result::failure("cannot read " + path_);
        std::stringstream text;
        text << in.rdbuf();
        boost::system::error_code ec;
        const boost::json::value v = boost::json::parse(text.str(), ec);
        const boost::json::object* o = ec ? nullptr : v.if_object();
        const boost::json::value* id = o ? o->if_contains("AccessKeyId") : nullptr;
        const boost::json::value* secret = o ? o->if_contains("SecretAccessKey") : nullptr;
        if (!id || !id->is_string() || !secret || !secret->is_string())
            return auth::credentials_result::failure(path_ +
                                                     " holds no AccessKeyId/SecretAccessKey");
        auth::credentials creds;
        creds.access_key_id = id->as_string();
        creds.secret_access_key = secret->as_string();
        // Say when they stop being good (here: a 15-minute lease); the cache below asks again 5
        // minutes before. Credentials without an expiration are cached for good.
        creds.expiration = std::chrono::system_clock::now() + std::chrono::minutes(15);
        return creds;
    }

    std::atomic<int> reads{0};

private:
    std::string path_;
};

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: custom_credentials ENDPOINT_URL ASSISTANT_ID SECRETS_FILE\n";
        return 2;
    }
    auto store = std::make_shared<secrets_file_provider>(argv[3]);
    hawk::core::client_config config;
    config.region = "us-east-1";
    config.endpoint_url = argv[1];
    // The client asks its provider before every signature: caching_provider keeps the keys until
    // they near their expiration (and lets one caller refresh them while others wait).
    // auth::function_provider wraps a lambda the same way, for a provider without state.
    config.credentials = std::make_shared<auth::caching_provider>(store);
    try {
        hawk::core::client client(config);
        for (int i = 0; i < 2; ++i) {
            hawk::qconnect::CreateSessionRequest request;
            request.assistant_id = argv[2];
            request.name = "credentials-" + hawk::core::random_uuid();
            const auto created = hawk::qconnect::create_session(client, request);
            std::cout << "session " << (created.session ? created.session->session_id : "?")
                      << "\n";
        }
    } catch (const hawk::core::error_with_diagnostics& e) {
        std::cerr << "CreateSession failed: " << e.what() << "\n";
        return 1;
    }
    std::cout << "2 signed calls, secrets store read " << store->reads << " time(s)\n";
    return 0;
}
