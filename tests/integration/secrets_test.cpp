// Secrets never leak: with the most verbose logging on, every log record, every diagnostic and
// every error message of calls that succeed, retry, fail at the service, fail before sending and
// fail on the network is searched for the secrets the calls used: the secret access key, the
// session token, each SigV4 signature, the bearer tokens (X-Amz-Bearer, ParticipantToken,
// ConnectionToken) and the sensitive members of responses.

#include <hawk/connect/start_chat_contact.hpp>
#include <hawk/connect/start_contact_streaming.hpp>
#include <hawk/connectparticipant/create_participant_connection.hpp>
#include <hawk/connectparticipant/send_message.hpp>

#include <support/client_support.hpp>
#include <support/test_server.hpp>

#include <boost/asio/use_future.hpp>
#include <doctest/doctest.h>

#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

using hawk::test::config_for;
using hawk::test::json;
using hawk::test::recorded_request;
using hawk::test::test_server;

namespace {

constexpr const char* secret_key = "sEcReT-aCcEsS-kEy/0123456789abcdefghij";
constexpr const char* session_token = "SeSsIoN-ToKeN-0123456789";
constexpr const char* connection_token = "CoNnEcTiOn-ToKeN-0123456789";
constexpr const char* participant_token = "PaRtIcIpAnT-ToKeN-0123456789";
constexpr const char* returned_connection_token = "ReTuRnEd-CoNnEcTiOn-ToKeN-42";
constexpr const char* returned_participant_token = "ReTuRnEd-PaRtIcIpAnT-ToKeN-42";
// Not secret: trace logging must show it (proof that the search below looks where text goes).
constexpr const char* visible_content = "visible-message-content-7";

/// Everything the client says, at every level.
struct captured_log {
    std::mutex mutex;
    std::string text;
    std::vector<hawk::core::log_level> levels;

    void install(hawk::core::client_config& cfg) {
        cfg.log.level = hawk::core::log_level::trace;
        cfg.log.sink = [this](const hawk::core::log_record& r) {
            std::lock_guard<std::mutex> lock(mutex);
            levels.push_back(r.level);
            text.append(hawk::core::to_string(r.level)).append(" ");
            text.append(r.operation).append(": ").append(r.message).append("\n");
        };
    }
    bool saw(hawk::core::log_level level) {
        std::lock_guard<std::mutex> lock(mutex);
        for (const hawk::core::log_level l : levels)
            if (l == level)
                return true;
        return false;
    }
};

/// Appends what a caller can read of a call's outcome.
void collect(std::string& out, const hawk::core::diagnostics& d) {
    out += d.client_message + "\n" + d.message + "\n" + d.violations + "\n" + d.error_code + "\n" +
           d.request_id + "\n" + d.error_body + "\n";
}

template <class Future>
void wait_collecting(std::string& out, Future& f) {
    try {
        f.get();
    } catch (const std::exception& e) {
        out += e.what();
        out += "\n";
    }
}

} // namespace

TEST_CASE("secrets never reach logs, diagnostics or error messages, at the most verbose level") {
    test_server server;
    int message_calls = 0;
    server.respond([&](const recorded_request& r) {
        if (r.path == "/contact/start-streaming")
            return json(200, R"({"StreamingId":"s-1"})");
        if (r.path == "/contact/chat")
            return json(200, std::string(R"({"ContactId":"c-1","ParticipantId":"p-1",)") +
                                 R"("ParticipantToken":")" + returned_participant_token + "\"}");
        if (r.path == "/participant/connection")
            return json(200,
                        std::string(R"({"ConnectionCredentials":{"ConnectionToken":")") +
                            returned_connection_token +
                            R"(","Expiry":"2026-11-24T00:00:00Z"},"Websocket":{"Url":)"
                            R"("wss://127.0.0.1/ws","ConnectionExpiry":"2026-11-24T00:00:00Z"}})");
        // SendMessage: a throttled attempt, then success; later an error.
        ++message_calls;
        if (message_calls == 1)
            return json(503, R"({"message":"slow down"})");
        if (message_calls == 2)
            return json(200, R"({"Id":"m-1","AbsoluteTime":"2026-11-23T10:00:00.000Z"})");
        return json(400, R"({"__type":"ValidationException","Message":"bad thing"})",
                    {{"x-amzn-ErrorType", "ValidationException"}});
    });

    captured_log log;
    auto cfg = config_for(server, {{"AWS_ACCESS_KEY_ID", "AKIDSECRETSTEST"},
                                   {"AWS_SECRET_ACCESS_KEY", secret_key},
                                   {"AWS_SESSION_TOKEN", session_token},
                                   {"AWS_REGION", "us-east-1"}});
    log.install(cfg);
    hawk::core::client client(cfg);
    std::string said; // every diagnostic and error message

    // SigV4: connect StartContactStreaming and StartChatContact (a sensitive member returned).
    {
        hawk::connect::StartContactStreamingRequest req;
        req.instance_id = "i-1";
        req.contact_id = "c-1";
        req.chat_streaming_configuration.streaming_endpoint_arn = "arn:aws:sns:us-east-1:1:t";
        hawk::core::diagnostics diag;
        auto f = hawk::connect::async_start_contact_streaming(client, req, diag,
                                                              boost::asio::use_future);
        wait_collecting(said, f);
        collect(said, diag);
    }
    {
        hawk::connect::StartChatContactRequest req;
        req.instance_id = "i-1";
        req.contact_flow_id = "f-1";
        req.participant_details.display_name = "Customer";
        hawk::core::diagnostics diag;
        auto f =
            hawk::connect::async_start_chat_contact(client, req, diag, boost::asio::use_future);
        const auto out = f.get();
        CHECK(out.participant_token == std::string(returned_participant_token)); // it did arrive
        collect(said, diag);
    }
    // Bearer only: CreateParticipantConnection (ParticipantToken in, ConnectionToken out).
    {
        hawk::connectparticipant::CreateParticipantConnectionRequest req;
        req.participant_token = participant_token;
        req.type = {hawk::connectparticipant::ConnectionType::connection_credentials};
        hawk::core::diagnostics diag;
        auto f = hawk::connectparticipant::async_create_participant_connection(
            client, req, diag, boost::asio::use_future);
        const auto out = f.get();
        REQUIRE(out.connection_credentials);
        CHECK(out.connection_credentials->connection_token ==
              std::string(returned_connection_token));
        collect(said, diag);
    }
    // SendMessage: retried, then success; then a service error; then invalid (not sent); then a
    // network failure.
    hawk::connectparticipant::SendMessageRequest message;
    message.content_type = "text/plain";
    message.content = visible_content;
    message.connection_token = connection_token;
    for (int i = 0; i < 2; ++i) {
        hawk::core::diagnostics diag;
        auto f = hawk::connectparticipant::async_send_message(client, message, diag,
                                                              boost::asio::use_future);
        wait_collecting(said, f);
        collect(said, diag);
    }
    {
        auto invalid = message;
        invalid.content.clear();
        hawk::core::diagnostics diag;
        auto f = hawk::connectparticipant::async_send_message(client, invalid, diag,
                                                              boost::asio::use_future);
        wait_collecting(said, f);
        collect(said, diag);
        CHECK(diag.violations.find("Content") != std::string::npos);
    }
    {
        auto unreachable_cfg = cfg;
        unreachable_cfg.endpoint_url = "http://127.0.0.1:1"; // nothing listens on port 1
        hawk::core::client unreachable(unreachable_cfg);
        hawk::core::diagnostics diag;
        auto f = hawk::connectparticipant::async_send_message(unreachable, message, diag,
                                                              boost::asio::use_future);
        wait_collecting(said, f);
        collect(said, diag);
    }

    // What went on the wire: the secrets were really used (so their absence below means
    // something), and each signature is one more secret to look for.
    std::vector<std::string> secrets = {secret_key,
                                        session_token,
                                        connection_token,
                                        participant_token,
                                        returned_connection_token,
                                        returned_participant_token};
    bool saw_bearer = false, saw_session = false;
    for (const recorded_request& r : server.requests()) {
        if (const std::string* authz = r.find_header("Authorization")) {
            const std::size_t at = authz->find("Signature=");
            REQUIRE(at != std::string::npos);
            secrets.push_back(authz->substr(at + 10));
        }
        if (const std::string* bearer = r.find_header("X-Amz-Bearer"))
            saw_bearer = saw_bearer || *bearer == connection_token || *bearer == participant_token;
        if (const std::string* token = r.find_header("X-Amz-Security-Token"))
            saw_session = saw_session || *token == session_token;
    }
    CHECK(saw_bearer);
    CHECK(saw_session);
    CHECK(secrets.size() >= 8); // two signed calls

    // The logs said a lot, at every level the calls went through.
    const std::string logged = [&] {
        std::lock_guard<std::mutex> lock(log.mutex);
        return log.text;
    }();
    MESSAGE("captured " << logged.size() << " bytes of logs");
    if (std::getenv("HAWK_TEST_SHOW_LOG"))
        MESSAGE(logged);
    CHECK(log.saw(hawk::core::log_level::trace));
    CHECK(log.saw(hawk::core::log_level::debug));
    CHECK(log.saw(hawk::core::log_level::info));
    CHECK(log.saw(hawk::core::log_level::warn));
    CHECK(logged.find("connect.StartContactStreaming") != std::string::npos);
    CHECK(logged.find("Authorization: AWS4-HMAC-SHA256 Credential=AKIDSECRETSTEST/") !=
          std::string::npos);
    CHECK(logged.find("X-Amz-Bearer: " + std::string(hawk::core::redacted_value)) !=
          std::string::npos);
    CHECK(logged.find("retrying in 0 ms (attempt 2 of 3): HTTP 503") != std::string::npos);
    CHECK(logged.find(visible_content) != std::string::npos);
    CHECK(logged.find(hawk::core::redacted_text) != std::string::npos);
    CHECK(said.find("bad thing") != std::string::npos);

    for (const std::string& secret : secrets) {
        CAPTURE(secret);
        CHECK(logged.find(secret) == std::string::npos);
        CHECK(said.find(secret) == std::string::npos);
    }
}

TEST_CASE("log levels: nothing below the configured level is made, nothing at all when off") {
    test_server server;
    server.respond([](const recorded_request&) { return json(200, R"({"Id":"m-1"})"); });
    hawk::connectparticipant::SendMessageRequest message;
    message.content_type = "text/plain";
    message.content = "hello";
    message.connection_token = "t";
    for (const hawk::core::log_level level :
         {hawk::core::log_level::trace, hawk::core::log_level::debug, hawk::core::log_level::warn,
          hawk::core::log_level::off}) {
        CAPTURE(hawk::core::to_string(level));
        captured_log log;
        auto cfg = config_for(server);
        log.install(cfg);
        cfg.log.level = level;
        hawk::core::client client(cfg);
        hawk::connectparticipant::send_message(client, message);
        for (const hawk::core::log_level seen : log.levels)
            CHECK(seen >= level);
        CHECK(log.levels.empty() ==
              (level == hawk::core::log_level::off || level == hawk::core::log_level::warn));
    }
}
