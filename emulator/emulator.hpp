#pragma once

// hawk-emulator as a library: a local Amazon Connect chat service (connect, connectparticipant,
// qconnect, and the participant WebSocket) on 127.0.0.1, over HTTP and HTTPS on one port. Tests
// and the chat demo run it in-process; the hawk-emulator program wraps it.
//
//     hawk::emulator::emulator emu;          // defaults: ephemeral port, HTTPS with a fresh CA
//     emu.start();
//     config.endpoint_url = emu.https_url(); // and config.transport.ca_file = emu.ca_file()
//
// It runs on its own thread; the object must outlive its use. hawk's compiled parts
// (<hawk/src.hpp>) come from the program that links it.

#include "emulator/chat/world.hpp"
#include "emulator/server/http_server.hpp"

#include <hawk/core/auth/credentials.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hawk::emulator {

/// The SigV4 credentials the emulator accepts unless told otherwise (test values, not secrets).
inline constexpr std::string_view default_access_key_id = "AKIAHAWKEMULATOR0001";
inline constexpr std::string_view default_secret_access_key = "hawk-emulator/test/secret+key";

struct emulator_config {
    server_config server;
    chat_config chat;
    /// The credentials connect and qconnect calls must be signed with.
    std::vector<core::auth::credentials> credentials = {
        {std::string(default_access_key_id), std::string(default_secret_access_key), {}, {}}};
    /// The emulator's clock (token expiry, signature times); empty: the system clock.
    std::function<timestamp()> clock;
};

class emulator {
public:
    explicit emulator(emulator_config cfg = {});
    ~emulator();
    emulator(const emulator&) = delete;
    emulator& operator=(const emulator&) = delete;

    /// Binds and starts serving; throws when it cannot. When TLS is on and no certificate was
    /// given, the CA that signed its certificate is written to ca_file().
    void start();
    void stop();

    std::uint16_t port() const;
    std::string http_url() const;
    std::string https_url() const;
    /// The PEM file of the CA clients must trust for https_url() (empty when TLS is off or the
    /// certificate came from the configuration).
    const std::string& ca_file() const noexcept { return ca_file_; }
    void set_faults(fault_config faults);
    std::uint64_t requests_handled() const;

    //---- the participant WebSockets (wss://HOST/connect?token=...), for tests ----------------
    // Callable from any thread while the emulator runs; the first two wait for the server's
    // thread to carry them out.

    /// Closes every open chat WebSocket abruptly: the TCP connection ends without a close frame,
    /// as when the network is lost. Returns how many there were (0 when not running).
    std::size_t drop_websockets();
    /// While muted, the WebSockets stay open and what clients send is read, but nothing is
    /// answered (no subscribe, heartbeat or ping replies) and nothing is pushed or closed (a
    /// half-dead connection); events still go to the transcripts. Unmuted, sockets whose
    /// participant left or whose chat ended meanwhile are closed. Set before start(), it
    /// applies from the start.
    void set_websockets_muted(bool muted);
    /// The chat WebSockets open now.
    std::size_t websockets_open() const;
    /// The WebSocket upgrades accepted since start().
    std::uint64_t websockets_accepted() const;

private:
    struct state;
    emulator_config cfg_;
    std::string ca_file_;
    bool owns_ca_file_ = false;
    bool websockets_muted_ = false;
    std::unique_ptr<state> state_;
};

} // namespace hawk::emulator
