// The `hawk` CLI driven like the AWS CLI, against a loopback test server.

#include "emulator/emulator.hpp"

#include <support/process.hpp>
#include <support/test_server.hpp>

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using hawk::test::recorded_request;
using hawk::test::reply;
using hawk::test::test_server;

namespace {

struct run_result {
    int exit_code = -1;
    std::string out;
    std::string err;
};

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

/// Runs build/hawk with a clean environment (plus `env`), capturing both streams.
run_result run_hawk(const std::vector<std::string>& args, const std::string& env = "") {
    const std::filesystem::path err_file = std::filesystem::temp_directory_path() /
                                           ("hawk-cli-test-" + std::to_string(::getpid()) + ".err");
    std::string cmd = "env -i HOME=/nonexistent AWS_CONFIG_FILE=/nonexistent/c "
                      "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/c" +
                      hawk::test::sanitizer_environment() + " " + env + " " + quote(HAWK_CLI_PATH);
    for (const std::string& a : args)
        cmd += " " + quote(a);
    cmd += " 2>" + quote(err_file.string());
    const hawk::test::command_result ran = hawk::test::run_command(cmd);
    run_result r;
    r.out = ran.output;
    r.exit_code = ran.status;
    std::ifstream in(err_file);
    std::ostringstream text;
    text << in.rdbuf();
    r.err = text.str();
    std::filesystem::remove(err_file);
    return r;
}

std::string endpoint(const test_server& s) {
    return "http://127.0.0.1:" + std::to_string(s.port());
}

reply json(int status, std::string body) {
    reply r;
    r.status = status;
    r.body = std::move(body);
    r.headers = {{"Content-Type", "application/json"}, {"x-amzn-RequestId", "rid-1"}};
    return r;
}

const std::string participant_input =
    R"({"ContentType":"text/plain","Content":"hi","ConnectionToken":"secret-bearer"})";

} // namespace

TEST_CASE("hawk connectparticipant send-message: success prints the response's document form") {
    test_server server;
    server.respond(
        [](const recorded_request&) { return json(200, R"({"Id":"m-9","AbsoluteTime":"t"})"); });
    const run_result r = run_hawk({"connectparticipant", "send-message", "--input",
                                   participant_input, "--endpoint-url", endpoint(server)});
    CHECK(r.exit_code == 0);
    CHECK(r.err == "");
    const boost::json::value out = boost::json::parse(r.out);
    CHECK(out.at("Id") == "m-9");
    REQUIRE(server.request_count() == 1);
    CHECK(*server.requests()[0].find_header("X-Amz-Bearer") == "secret-bearer");

    // The model's own name works as well as the CLI's; input can come from a file.
    const auto file = std::filesystem::temp_directory_path() / "hawk-cli-input.json";
    std::ofstream(file) << participant_input;
    CHECK(run_hawk({"connectparticipant", "SendMessage", "--input", "@" + file.string(),
                    "--endpoint-url", endpoint(server)})
              .exit_code == 0);
    std::filesystem::remove(file);
}

TEST_CASE("hawk --dry-run prints the prepared, signed request without sending it") {
    test_server server;
    const run_result r = run_hawk(
        {"connect", "start-contact-streaming", "--dry-run", "--region", "us-west-2", "--input",
         R"({"InstanceId":"i","ContactId":"c","ChatStreamingConfiguration":{"StreamingEndpointArn":"a"},"ClientToken":"ct"})"},
        "AWS_ACCESS_KEY_ID=AKID AWS_SECRET_ACCESS_KEY=secret");
    CHECK(r.exit_code == 0);
    const boost::json::value out = boost::json::parse(r.out);
    CHECK(out.at("method") == "POST");
    CHECK(out.at("url") == "https://connect.us-west-2.amazonaws.com/contact/start-streaming");
    CHECK(out.at("headers")
              .at("Authorization")
              .as_string()
              .starts_with("AWS4-HMAC-SHA256 Credential=AKID/"));
    CHECK(boost::json::parse(out.at("body").as_string()).at("ClientToken") == "ct");
    CHECK(server.request_count() == 0);
}

TEST_CASE("hawk exit codes: 252 invalid input, 254 service error, 255 other") {
    test_server server;
    server.respond([](const recorded_request&) {
        return json(400, R"({"__type":"ValidationException","Message":"bad thing"})");
    });
    run_result r =
        run_hawk({"connectparticipant", "send-message", "--input",
                  R"({"ContentType":"text/plain"})", "--endpoint-url", endpoint(server)});
    CHECK(r.exit_code == 252);
    CHECK(r.err.find("SendMessageRequest.Content: is required but missing") != std::string::npos);
    CHECK(run_hawk({"connectparticipant", "send-message", "--input", "{not json"}).exit_code ==
          252);
    CHECK(run_hawk({"nosuchservice", "op"}).exit_code == 252);
    CHECK(run_hawk({"connectparticipant", "no-such-op"}).exit_code == 252);
    CHECK(run_hawk({"connectparticipant", "send-message", "--input", R"({"Bogus":1})"}).exit_code ==
          252);

    r = run_hawk({"connectparticipant", "send-message", "--input", participant_input,
                  "--endpoint-url", endpoint(server)});
    CHECK(r.exit_code == 254);
    CHECK(r.err.find("ValidationException: bad thing") != std::string::npos);
    CHECK(r.err.find("HTTP status: 400, request id: rid-1") != std::string::npos);

    // Nothing listens on port 1 of loopback: a transport error.
    r = run_hawk({"connectparticipant", "send-message", "--input", participant_input,
                  "--endpoint-url", "http://127.0.0.1:1"});
    CHECK(r.exit_code == 255);
}

TEST_CASE("hawk --debug never shows secrets") {
    test_server server;
    server.respond([](const recorded_request&) { return json(200, R"({"StreamingId":"s"})"); });
    const run_result r = run_hawk(
        {"connect", "start-contact-streaming", "--debug", "--region", "us-east-1", "--endpoint-url",
         endpoint(server), "--input",
         R"({"InstanceId":"i","ContactId":"c","ChatStreamingConfiguration":{"StreamingEndpointArn":"a"}})"},
        "AWS_ACCESS_KEY_ID=AKID AWS_SECRET_ACCESS_KEY=very-secret-key "
        "AWS_SESSION_TOKEN=session-secret");
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("[debug]") != std::string::npos);
    CHECK(r.err.find("session-secret") == std::string::npos);
    CHECK(r.err.find("very-secret-key") == std::string::npos);
    const std::string authz = *server.requests().at(0).find_header("Authorization"); // a copy
    const std::string signature = authz.substr(authz.find("Signature=") + 10);
    CHECK(r.err.find(signature) == std::string::npos);

    const run_result p = run_hawk({"connectparticipant", "send-message", "--debug", "--input",
                                   participant_input, "--endpoint-url", endpoint(server)});
    CHECK(p.err.find("secret-bearer") == std::string::npos);
}

TEST_CASE("endpoints follow the region, FIPS and dual-stack settings of the environment") {
    auto url = [](const std::string& env) {
        const run_result r = run_hawk(
            {"connectparticipant", "send-message", "--dry-run", "--input", participant_input}, env);
        REQUIRE(r.exit_code == 0);
        return std::string(boost::json::parse(r.out).at("url").as_string());
    };
    CHECK(url("AWS_REGION=eu-central-1") ==
          "https://participant.connect.eu-central-1.amazonaws.com/participant/message");
    CHECK(url("AWS_REGION=us-east-1 AWS_USE_FIPS_ENDPOINT=true") ==
          "https://participant.connect-fips.us-east-1.amazonaws.com/participant/message");
    CHECK(url("AWS_REGION=us-east-1 AWS_ENDPOINT_URL_CONNECTPARTICIPANT=http://localhost:9999") ==
          "http://localhost:9999/participant/message");
    const run_result none =
        run_hawk({"connectparticipant", "send-message", "--dry-run", "--input", participant_input});
    CHECK(none.exit_code == 255);
    CHECK(none.err.find("no region") != std::string::npos);
}

TEST_CASE("the hawk CLI runs a chat against the emulator (HTTP and HTTPS)") {
    hawk::emulator::emulator_config cfg;
    cfg.server.port = 0;
    cfg.chat.agent_reply_delay = std::chrono::milliseconds(0);
    hawk::emulator::emulator emu(cfg);
    emu.start();
    for (const bool https : {false, true}) {
        CAPTURE(https);
        const std::string url = https ? emu.https_url() : emu.http_url();
        // SigV4 credentials from the environment, as the AWS CLI takes them; the CA for HTTPS.
        const std::string env =
            "AWS_ACCESS_KEY_ID=" + std::string(hawk::emulator::default_access_key_id) +
            " AWS_SECRET_ACCESS_KEY=" +
            quote(std::string(hawk::emulator::default_secret_access_key)) +
            " AWS_CA_BUNDLE=" + quote(emu.ca_file());
        run_result r = run_hawk(
            {"connect", "start-chat-contact", "--region", "us-east-1", "--endpoint-url", url,
             "--input",
             R"({"InstanceId":")" + std::string(hawk::emulator::default_instance_id) +
                 R"(","ContactFlowId":"flow","ParticipantDetails":{"DisplayName":"Ana"}})"},
            env);
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        const boost::json::value started = boost::json::parse(r.out);
        const std::string participant_token(started.at("ParticipantToken").as_string());

        // The Participant Service with no credentials in the environment at all.
        r = run_hawk({"connectparticipant", "create-participant-connection", "--region",
                      "us-east-1", "--endpoint-url", url, "--input",
                      R"({"Type":["CONNECTION_CREDENTIALS"],"ParticipantToken":")" +
                          participant_token + "\"}"},
                     "AWS_CA_BUNDLE=" + quote(emu.ca_file()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        const std::string connection_token(boost::json::parse(r.out)
                                               .at("ConnectionCredentials")
                                               .at("ConnectionToken")
                                               .as_string());
        r = run_hawk(
            {"connectparticipant", "send-message", "--region", "us-east-1", "--endpoint-url", url,
             "--input",
             R"({"ContentType":"text/plain","Content":"where is order 4242?","ConnectionToken":")" +
                 connection_token + "\"}"},
            "AWS_CA_BUNDLE=" + quote(emu.ca_file()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        r = run_hawk({"connectparticipant", "get-transcript", "--region", "us-east-1",
                      "--endpoint-url", url, "--input",
                      R"({"ScanDirection":"FORWARD","SortOrder":"ASCENDING","ConnectionToken":")" +
                          connection_token + "\"}"},
                     "AWS_CA_BUNDLE=" + quote(emu.ca_file()));
        REQUIRE_MESSAGE(r.exit_code == 0, r.err);
        const boost::json::array transcript = boost::json::parse(r.out).at("Transcript").as_array();
        REQUIRE(transcript.size() >= 2);
        CHECK(transcript.back().at("Content").as_string().find("4242") !=
              boost::json::string::npos);

        // A service error: exit code 254, the error code on stderr.
        r = run_hawk({"connectparticipant", "send-message", "--region", "us-east-1",
                      "--endpoint-url", url, "--input",
                      R"({"ContentType":"text/plain","Content":"hi","ConnectionToken":"forged"})"},
                     "AWS_CA_BUNDLE=" + quote(emu.ca_file()));
        CHECK(r.exit_code == 254);
        CHECK(r.err.find("AccessDeniedException") != std::string::npos);
    }
}
