// hawk-emulator: a local Amazon Connect chat service for offline tests and demos.
//
//   hawk-emulator [--host ADDR] [--port N] [--no-tls] [--cert FILE --key FILE] [--ca-out FILE]
//                 [--access-key ID --secret-key KEY] [--agent-delay-ms N] [--no-agent]
//                 [--assistant-activation-ms N] [--connection-ttl SECONDS] [--websocket-ttl SECONDS]
//                 [--throttle-every N] [--drop-every N] [--delay-ms N]
//
// Prints its URLs when ready, serves until SIGINT or SIGTERM, then exits 0.

#include "emulator/emulator.hpp"
#include "emulator/server/signals.hpp"

#include <hawk/src.hpp>

#include <charconv>
#include <iostream>
#include <stdexcept>
#include <string>

namespace {

constexpr const char* usage =
    "usage: hawk-emulator [options]\n"
    "  --host ADDR            address to listen on (default 127.0.0.1)\n"
    "  --port N               port (default 4580; 0 picks a free one)\n"
    "  --no-tls               plain HTTP only (default: HTTP and HTTPS on the same port)\n"
    "  --cert FILE --key FILE the TLS certificate and key (default: made at start)\n"
    "  --ca-out FILE          where to write the CA certificate clients must trust\n"
    "  --access-key ID --secret-key KEY\n"
    "                         the SigV4 credentials connect and qconnect calls must use\n"
    "  --agent-delay-ms N     how long the built-in agent takes to answer (default 400)\n"
    "  --no-agent             no built-in agent\n"
    "  --assistant-activation-ms N\n"
    "                         how long a created assistant stays CREATE_IN_PROGRESS (1000)\n"
    "  --connection-ttl S     connection token lifetime in seconds (default 86400)\n"
    "  --websocket-ttl S      seconds a WebSocket URL may be used to connect (default 100)\n"
    "  --throttle-every N     answer every Nth request with ThrottlingException\n"
    "  --drop-every N         process every Nth request but close without answering\n"
    "  --delay-ms N           delay every response\n";

unsigned to_number(const std::string& option, const std::string& text) {
    unsigned value = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size())
        throw std::invalid_argument(option + " needs a number, not '" + text + "'");
    return value;
}

} // namespace

int main(int argc, char** argv) {
    using namespace hawk::emulator;
    emulator_config cfg;
    cfg.server.port = 4580;
    std::string access_key, secret_key;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            auto value = [&]() -> std::string {
                if (i + 1 >= argc)
                    throw std::invalid_argument(arg + " needs a value");
                return argv[++i];
            };
            if (arg == "--help" || arg == "-h") {
                std::cout << usage;
                return 0;
            } else if (arg == "--host")
                cfg.server.address = value();
            else if (arg == "--port") {
                const unsigned port = to_number(arg, value());
                if (port > 65535)
                    throw std::invalid_argument("--port must be at most 65535");
                cfg.server.port = static_cast<std::uint16_t>(port);
            } else if (arg == "--no-tls")
                cfg.server.tls = false;
            else if (arg == "--cert")
                cfg.server.cert_file = value();
            else if (arg == "--key")
                cfg.server.key_file = value();
            else if (arg == "--ca-out")
                cfg.server.ca_out = value();
            else if (arg == "--access-key")
                access_key = value();
            else if (arg == "--secret-key")
                secret_key = value();
            else if (arg == "--agent-delay-ms")
                cfg.chat.agent_reply_delay = std::chrono::milliseconds(to_number(arg, value()));
            else if (arg == "--no-agent")
                cfg.chat.agent_enabled = false;
            else if (arg == "--assistant-activation-ms")
                cfg.chat.assistant_activation_delay =
                    std::chrono::milliseconds(to_number(arg, value()));
            else if (arg == "--connection-ttl")
                cfg.chat.connection_token_ttl = std::chrono::seconds(to_number(arg, value()));
            else if (arg == "--websocket-ttl")
                cfg.chat.websocket_url_ttl = std::chrono::seconds(to_number(arg, value()));
            else if (arg == "--throttle-every")
                cfg.server.faults.throttle_every = to_number(arg, value());
            else if (arg == "--drop-every")
                cfg.server.faults.drop_every = to_number(arg, value());
            else if (arg == "--delay-ms")
                cfg.server.faults.delay = std::chrono::milliseconds(to_number(arg, value()));
            else
                throw std::invalid_argument("unknown option " + arg);
        }
        if (access_key.empty() != secret_key.empty())
            throw std::invalid_argument("--access-key and --secret-key go together");
        if (cfg.server.cert_file.empty() != cfg.server.key_file.empty())
            throw std::invalid_argument("--cert and --key go together");
        if (!access_key.empty())
            cfg.credentials = {{access_key, secret_key, {}, {}}};
    } catch (const std::invalid_argument& e) {
        std::cerr << "hawk-emulator: " << e.what() << "\n" << usage;
        return 2;
    }

    try {
        emulator emu(cfg);
        emu.start();
        std::cout << "hawk-emulator listening on " << emu.http_url();
        if (!emu.https_url().empty())
            std::cout << " and " << emu.https_url();
        std::cout << "\n";
        if (!emu.ca_file().empty())
            std::cout << "  CA certificate: " << emu.ca_file() << "\n";
        std::cout << "  instance " << default_instance_id << ", assistant " << default_assistant_id
                  << "\n"
                  << "  connect/qconnect calls must be SigV4-signed with access key "
                  << cfg.credentials.front().access_key_id << "\n"
                  << std::flush;
        wait_for_termination();
        emu.stop();
        std::cout << "hawk-emulator stopped after " << emu.requests_handled() << " requests\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "hawk-emulator: " << e.what() << "\n";
        return 1;
    }
}
