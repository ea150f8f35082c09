// Every program of examples/ run as a user runs it: its own process, a clean environment
// (env -i: no AWS_* variables, a HOME without ~/.aws), against hawk-emulator started in-process;
// checked by its exit status and by what it printed, compared with the emulator's state.

#include "emulator/support.hpp"
#include "support/process.hpp"

#include <hawk/connect/start_contact_streaming.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#if defined(HAWK_EXAMPLE_CALLBACK) && defined(HAWK_EXAMPLE_ERRORS)

using namespace hawk;

namespace {

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

/// A scratch HOME (empty: no ~/.aws) for the examples, removed at the end.
struct sandbox {
    std::filesystem::path dir;
    sandbox() {
        static int n = 0;
        dir = std::filesystem::temp_directory_path() /
              ("hawk-examples-test-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
        std::filesystem::create_directories(dir);
    }
    ~sandbox() {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
    std::string write(const std::string& name, const std::string& text) const {
        const std::filesystem::path p = dir / name;
        std::ofstream(p) << text;
        return p.string();
    }
};

/// Runs an example with only HOME and `env` in its environment (at most 120 s).
hawk::test::command_result run_example(const sandbox& box, const std::vector<std::string>& argv,
                                       const std::vector<std::string>& env = {}) {
    std::string cmd = "timeout 120 env -i HOME=" + shell_quote(box.dir.string());
    cmd += hawk::test::sanitizer_environment();
    for (const std::string& e : env)
        cmd += " " + shell_quote(e);
    for (const std::string& a : argv)
        cmd += " " + shell_quote(a);
    cmd += " 2>&1"; // stdout and stderr
    return hawk::test::run_command(cmd);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

/// The SigV4 keys of the emulator, as the environment gives them.
std::vector<std::string> emulator_keys() {
    return {"AWS_ACCESS_KEY_ID=" + std::string(emulator::default_access_key_id),
            "AWS_SECRET_ACCESS_KEY=" + std::string(emulator::default_secret_access_key)};
}

const std::string instance_id(emulator::default_instance_id);
const std::string assistant_id(emulator::default_assistant_id);

} // namespace

TEST_CASE("examples: participant_callback and participant_coroutine send to an emulator chat") {
    emulator::emulator emu(test::quick_emulator());
    emu.start();
    core::client client(test::client_for(emu, false));
    const test::chat c = test::start_chat(client);
    sandbox box;
    std::vector<std::string> sent_ids;
    for (const char* example : {HAWK_EXAMPLE_CALLBACK, HAWK_EXAMPLE_COROUTINE}) {
        CAPTURE(example);
        // The Participant Service needs no AWS credentials: none are in the environment.
        const hawk::test::command_result r =
            run_example(box, {example, c.connection_token, emu.http_url()});
        INFO(r.output);
        REQUIRE(r.status == 0);
        REQUIRE(contains(r.output, "sent "));
        // The last word printed is the id of the message the emulator stored.
        const std::string id = r.output.substr(0, r.output.find_last_not_of("\n") + 1);
        sent_ids.push_back(id.substr(id.find_last_of(' ') + 1));
    }
    const auto items = test::whole_transcript(client, c);
    CHECK(test::count_messages(items, "Hello! I have a question about my order.") == 2);
    for (const std::string& id : sent_ids) {
        CAPTURE(id);
        CHECK(std::any_of(items.begin(), items.end(), [&](const auto& i) { return i.id == id; }));
    }
}

TEST_CASE("examples: connect_streaming_profile signs with a named profile of the shared files") {
    emulator::emulator emu(test::quick_emulator());
    emu.start();
    core::client client(test::client_for(emu, false));
    const test::chat c = test::start_chat(client);
    sandbox box;
    // The named profile has the emulator's keys and its CA; the default profile a key the
    // emulator does not know, so that signing with the wrong profile fails.
    const std::vector<std::string> files = {
        "AWS_CONFIG_FILE=" +
            box.write("config", "[default]\nregion = us-east-1\nca_bundle = " + emu.ca_file() +
                                    "\n\n[profile support-bot]\nregion = us-east-1\nca_bundle = " +
                                    emu.ca_file() + "\n"),
        "AWS_SHARED_CREDENTIALS_FILE=" +
            box.write("credentials", "[default]\naws_access_key_id = AKIAUNKNOWN000000000\n"
                                     "aws_secret_access_key = nope\n\n[support-bot]\n"
                                     "aws_access_key_id = " +
                                         std::string(emulator::default_access_key_id) +
                                         "\naws_secret_access_key = " +
                                         std::string(emulator::default_secret_access_key) + "\n")};
    const std::string topic = "arn:aws:sns:us-east-1:123456789012:chat-transcripts";
    const std::vector<std::string> args = {HAWK_EXAMPLE_STREAMING_PROFILE, emu.https_url(),
                                           instance_id, c.contact_id, topic};

    // The profile as an argument, then from AWS_PROFILE: the same stream (one per topic).
    std::vector<std::string> with_argument = args;
    with_argument.push_back("support-bot");
    const hawk::test::command_result by_argument = run_example(box, with_argument, files);
    INFO(by_argument.output);
    REQUIRE(by_argument.status == 0);
    std::vector<std::string> env = files;
    env.push_back("AWS_PROFILE=support-bot");
    const hawk::test::command_result by_variable = run_example(box, args, env);
    INFO(by_variable.output);
    REQUIRE(by_variable.status == 0);
    CHECK(by_variable.output == by_argument.output);

    // Starting streaming to that topic again returns the emulator's stream: the one printed.
    connect::StartContactStreamingRequest again;
    again.instance_id = instance_id;
    again.contact_id = c.contact_id;
    again.chat_streaming_configuration.streaming_endpoint_arn = topic;
    const auto started = test::attempt<connect::operations::StartContactStreaming>(client, again);
    REQUIRE(!started.ec);
    CHECK(by_argument.output ==
          "streaming " + started.response.streaming_id + " for contact " + c.contact_id + "\n");

    // The default profile's key is refused; a profile that does not exist is named.
    const hawk::test::command_result by_default = run_example(box, args, files);
    CHECK(by_default.status == 1);
    CHECK(contains(by_default.output, "UnrecognizedClientException"));
    with_argument.back() = "no-such-profile";
    const hawk::test::command_result missing = run_example(box, with_argument, files);
    CHECK(missing.status == 1);
    CHECK(contains(missing.output, "no-such-profile"));
}

TEST_CASE("examples: qconnect_session_message gets the assistant's answer (HTTPS)") {
    emulator::emulator emu(test::quick_emulator());
    emu.start();
    sandbox box;
    std::vector<std::string> env = emulator_keys();
    env.push_back("AWS_CA_BUNDLE=" + emu.ca_file());
    const hawk::test::command_result refund = run_example(
        box, {HAWK_EXAMPLE_QCONNECT, emu.https_url(), assistant_id, "How do refunds work?"}, env);
    INFO(refund.output);
    REQUIRE(refund.status == 0);
    CHECK(contains(refund.output, "session "));
    CHECK(contains(refund.output, "assistant: Refund policy: customers may return items"));
    const hawk::test::command_result hours = run_example(
        box, {HAWK_EXAMPLE_QCONNECT, emu.https_url(), assistant_id, "Opening hours?"}, env);
    INFO(hours.output);
    REQUIRE(hours.status == 0);
    CHECK(contains(hours.output, "assistant: Opening hours: support is available"));
    // Without credentials, qconnect (SigV4) cannot be called.
    const hawk::test::command_result unsigned_call =
        run_example(box, {HAWK_EXAMPLE_QCONNECT, emu.https_url(), assistant_id, "refunds?"},
                    {"AWS_CA_BUNDLE=" + emu.ca_file()});
    CHECK(unsigned_call.status == 1);
    CHECK(contains(unsigned_call.output, "no credentials"));
}

TEST_CASE("examples: errors_and_retries against an emulator that throttles every 2nd request") {
    emulator::emulator emu(test::quick_emulator());
    emu.start();
    emulator::fault_config faults;
    faults.throttle_every = 2; // hawk-emulator --throttle-every 2
    emu.set_faults(faults);
    sandbox box;
    const hawk::test::command_result r =
        run_example(box, {HAWK_EXAMPLE_ERRORS, emu.http_url(), assistant_id}, emulator_keys());
    INFO(r.output);
    REQUIRE(r.status == 0);
    CHECK(contains(r.output, "typed error: ResourceNotFoundException (HTTP 404, request "));
    CHECK(contains(r.output, "Assistant 00000000-0000-4000-8000-000000000000 was not found."));
    CHECK(contains(r.output, "session created after 2 attempt(s)"));
    CHECK(
        contains(r.output, "without retries: ThrottlingException after 1 attempt: Rate exceeded"));
    // 1 (not found) + 2 sessions, one of them throttled once + 1 or 2 without retries.
    CHECK(emu.requests_handled() >= 5);

    // Without throttling, no retries and no throttling error.
    emu.set_faults({});
    const hawk::test::command_result calm =
        run_example(box, {HAWK_EXAMPLE_ERRORS, emu.http_url(), assistant_id}, emulator_keys());
    INFO(calm.output);
    REQUIRE(calm.status == 0);
    CHECK(contains(calm.output, "session created after 1 attempt(s)"));
    CHECK(!contains(calm.output, "after 2 attempt"));
    CHECK(contains(calm.output, "without retries: never throttled"));
}

TEST_CASE("examples: custom_credentials signs with keys from its own provider, read once") {
    emulator::emulator emu(test::quick_emulator());
    emu.start();
    sandbox box;
    const std::string good = box.write(
        "secrets.json", R"({"AccessKeyId":")" + std::string(emulator::default_access_key_id) +
                            R"(","SecretAccessKey":")" +
                            std::string(emulator::default_secret_access_key) + "\"}");
    const hawk::test::command_result r =
        run_example(box, {HAWK_EXAMPLE_CREDENTIALS, emu.http_url(), assistant_id, good});
    INFO(r.output);
    REQUIRE(r.status == 0);
    CHECK(contains(r.output, "2 signed calls, secrets store read 1 time(s)"));

    // A wrong secret is refused by the service; a store without keys stops before sending.
    const std::string wrong = box.write(
        "wrong.json", R"({"AccessKeyId":")" + std::string(emulator::default_access_key_id) +
                          R"(","SecretAccessKey":"not-the-secret"})");
    const hawk::test::command_result refused =
        run_example(box, {HAWK_EXAMPLE_CREDENTIALS, emu.http_url(), assistant_id, wrong});
    CHECK(refused.status == 1);
    CHECK(contains(refused.output, "InvalidSignatureException"));
    CHECK(!contains(refused.output, "not-the-secret"));
    const hawk::test::command_result empty = run_example(
        box, {HAWK_EXAMPLE_CREDENTIALS, emu.http_url(), assistant_id, box.write("empty", "{}")});
    CHECK(empty.status == 1);
    CHECK(contains(empty.output, "holds no AccessKeyId/SecretAccessKey"));
    const hawk::test::command_result unreadable =
        run_example(box, {HAWK_EXAMPLE_CREDENTIALS, emu.http_url(), assistant_id,
                          (box.dir / "missing.json").string()});
    CHECK(unreadable.status == 1);
    CHECK(contains(unreadable.output, "cannot read"));
}

TEST_CASE(
    "examples: custom_endpoint reaches the emulator by argument or AWS_ENDPOINT_URL_CONNECT") {
    emulator::emulator emu(test::quick_emulator());
    emu.start();
    core::client client(test::client_for(emu, false));
    const test::chat c = test::start_chat(client);
    sandbox box;
    const std::string expected = "contact " + c.contact_id + ": channel CHAT, initiated by API\n";

    const hawk::test::command_result by_argument = run_example(
        box, {HAWK_EXAMPLE_ENDPOINT, instance_id, c.contact_id, emu.https_url(), emu.ca_file()},
        emulator_keys());
    INFO(by_argument.output);
    CHECK(by_argument.status == 0);
    CHECK(by_argument.output == expected);

    std::vector<std::string> env = emulator_keys();
    env.push_back("AWS_ENDPOINT_URL_CONNECT=" + emu.https_url());
    env.push_back("AWS_CA_BUNDLE=" + emu.ca_file());
    const hawk::test::command_result by_environment =
        run_example(box, {HAWK_EXAMPLE_ENDPOINT, instance_id, c.contact_id}, env);
    INFO(by_environment.output);
    CHECK(by_environment.status == 0);
    CHECK(by_environment.output == expected);

    // Without the private CA the emulator's certificate is not trusted.
    const hawk::test::command_result untrusted = run_example(
        box, {HAWK_EXAMPLE_ENDPOINT, instance_id, c.contact_id, emu.https_url()}, emulator_keys());
    CHECK(untrusted.status == 1);
    // An unknown contact is the service's ResourceNotFoundException.
    const hawk::test::command_result unknown =
        run_example(box, {HAWK_EXAMPLE_ENDPOINT, instance_id, "no-such-contact", emu.http_url()},
                    emulator_keys());
    CHECK(unknown.status == 1);
    CHECK(contains(unknown.output, "ResourceNotFoundException"));
}

#else

TEST_CASE("examples: not run") {
    MESSAGE("the examples were not built (HAWK_BUILD_EXAMPLES=OFF): nothing of examples/ is run");
}

#endif
