// The hawk-emulator program (ready line, serving, clean exit on SIGTERM and SIGINT) and the
// hawk-chat demo, in-process and against a separately started emulator.

#include "emulator/support.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace hawk;

namespace {

/// A child process with its stdout (and stderr) on a pipe; killed and reaped if still running.
class child {
public:
    child(const std::vector<std::string>& argv, const std::vector<std::string>& env = {}) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::dup2(fds[1], 1);
            ::dup2(fds[1], 2);
            ::close(fds[0]);
            ::close(fds[1]);
            for (const std::string& e : env)
                ::putenv(const_cast<char*>(e.c_str()));
            std::vector<char*> args;
            for (const std::string& a : argv)
                args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            std::_Exit(127);
        }
        ::close(fds[1]);
        out_ = fds[0];
    }
    ~child() {
        if (pid_ > 0 && !exited_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        ::close(out_);
    }

    /// Output until `needle` appears (true) or `limit` passes or the pipe closes (false).
    bool read_until(const std::string& needle, std::chrono::seconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (output_.find(needle) == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0)
                return false;
            pollfd p{out_, POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
                continue;
            char buffer[4096];
            const ssize_t n = ::read(out_, buffer, sizeof buffer);
            if (n <= 0)
                return output_.find(needle) != std::string::npos;
            output_.append(buffer, static_cast<std::size_t>(n));
        }
        return true;
    }

    /// Waits for the exit (reading what is left); -1 when it did not exit within `limit`.
    int wait(std::chrono::seconds limit) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            read_until("\x01never\x01", std::chrono::seconds(0));
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                exited_ = true;
                read_until("\x01never\x01", std::chrono::seconds(1));
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return -1;
    }

    void signal(int sig) { ::kill(pid_, sig); }
    const std::string& output() const { return output_; }

private:
    pid_t pid_ = -1;
    int out_ = -1;
    bool exited_ = false;
    std::string output_;
};

/// "http://127.0.0.1:PORT" from the emulator's ready line.
std::string url_in(const std::string& output, const std::string& scheme) {
    const std::size_t at = output.find(scheme + "://127.0.0.1:");
    if (at == std::string::npos)
        return {};
    const std::size_t end = output.find_first_of(" \n", at);
    return output.substr(at, end - at);
}

} // namespace

TEST_CASE("hawk-emulator prints its URLs when ready, serves, and exits 0 on SIGTERM or SIGINT") {
    for (const int sig : {SIGTERM, SIGINT}) {
        CAPTURE(sig);
        child emu({HAWK_EMULATOR_PATH, "--port", "0", "--agent-delay-ms", "0"});
        REQUIRE_MESSAGE(emu.read_until("connect/qconnect calls", std::chrono::seconds(20)),
                        emu.output());
        const std::string http = url_in(emu.output(), "http");
        const std::string https = url_in(emu.output(), "https");
        REQUIRE(!http.empty());
        REQUIRE(!https.empty());
        const std::size_t ca_at = emu.output().find("CA certificate: ");
        REQUIRE(ca_at != std::string::npos);
        const std::string ca =
            emu.output().substr(ca_at + 16, emu.output().find('\n', ca_at) - ca_at - 16);

        // A whole StartChatContact + CreateParticipantConnection over HTTPS, trusting its CA.
        core::client_config cfg;
        cfg.region = "us-east-1";
        cfg.endpoint_url = https;
        cfg.transport.ca_file = ca;
        cfg.credentials =
            std::make_shared<core::auth::static_provider>(test::emulator_credentials());
        cfg.environment = [](std::string_view) { return std::optional<std::string>(); };
        {
            core::client client(cfg);
            const test::chat c = test::start_chat(client);
            CHECK(!c.connection_token.empty());
        }
        emu.signal(sig);
        CHECK(emu.wait(std::chrono::seconds(10)) == 0);
        CHECK(emu.output().find("hawk-emulator stopped") != std::string::npos);
    }
}

TEST_CASE("hawk-emulator refuses bad options with a clear message") {
    child bad({HAWK_EMULATOR_PATH, "--port", "99999"});
    CHECK(bad.wait(std::chrono::seconds(10)) == 2);
    CHECK(bad.output().find("--port must be at most 65535") != std::string::npos);
    child unknown({HAWK_EMULATOR_PATH, "--frobnicate"});
    CHECK(unknown.wait(std::chrono::seconds(10)) == 2);
    CHECK(unknown.output().find("unknown option --frobnicate") != std::string::npos);
}

TEST_CASE("hawk-chat: a whole conversation with the in-process emulator") {
    child chat({HAWK_CHAT_PATH, "Hi, I have a question about my order.", "It is order 12345.",
                "Thanks, bye!"});
    const int status = chat.wait(std::chrono::seconds(60));
    const std::string& out = chat.output();
    INFO(out);
    REQUIRE(status == 0);
    CHECK(out.find("connect StartChatContact: contact") != std::string::npos);
    CHECK(out.find("Jordan (CUSTOMER): It is order 12345.") != std::string::npos);
    CHECK(out.find("Alex (AGENT): Thanks! Order 12345") != std::string::npos);
    CHECK(out.find("Amazon Q in Connect suggests") != std::string::npos);
    CHECK(out.find("Transcript (GetTranscript") != std::string::npos);
    CHECK(out.find("the chat has ended (DescribeContact: CUSTOMER_DISCONNECT)") !=
          std::string::npos);
    // Tokens are secrets: no connection token or websocket token is printed.
    CHECK(out.find("token=") == std::string::npos);
}

TEST_CASE("hawk-chat against a separately started emulator (any endpoint)") {
    child emu({HAWK_EMULATOR_PATH, "--port", "0", "--no-tls", "--agent-delay-ms", "50"});
    REQUIRE_MESSAGE(emu.read_until("connect/qconnect calls", std::chrono::seconds(20)),
                    emu.output());
    const std::string http = url_in(emu.output(), "http");
    REQUIRE(!http.empty());
    // Credentials the way any AWS program gets them: the environment.
    child chat({HAWK_CHAT_PATH, "--endpoint", http, "--instance-id",
                std::string(emulator::default_instance_id), "Hello there"},
               {"AWS_ACCESS_KEY_ID=" + std::string(emulator::default_access_key_id),
                "AWS_SECRET_ACCESS_KEY=" + std::string(emulator::default_secret_access_key),
                "AWS_CONFIG_FILE=/nonexistent/config",
                "AWS_SHARED_CREDENTIALS_FILE=/nonexistent/credentials"});
    const int status = chat.wait(std::chrono::seconds(60));
    INFO(chat.output());
    CHECK(status == 0);
    CHECK(chat.output().find("Jordan (CUSTOMER): Hello there") != std::string::npos);
    CHECK(chat.output().find("Alex (AGENT): Hello! What can I do for you?") != std::string::npos);
    emu.signal(SIGTERM);
    CHECK(emu.wait(std::chrono::seconds(10)) == 0);
}
