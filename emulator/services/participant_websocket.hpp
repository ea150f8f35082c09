#pragma once

// The Amazon Connect participant WebSocket, served as AWS serves it: the URL
// CreateParticipantConnection returns (wss://HOST/connect?token=..., ws:// over plain HTTP).
// Each socket is bound to the contact and participant of its token. The client subscribes to
// aws/chat and from then on receives every event of its chat (messages, joins and departures,
// typing, receipts, the end) as an aws/chat frame holding the transcript Item; aws/heartbeat and
// aws/ping are answered. The server closes a participant's sockets after its PARTICIPANT_LEFT,
// and every socket of a chat after its CHAT_ENDED. The protocol: docs/EMULATOR.md.

#include "emulator/chat/world.hpp"
#include "emulator/server/http_server.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace hawk::emulator {

/// The participant WebSockets of one world. Everything but open() and accepted() runs on the
/// server's thread (the upgrade handler, the world's observer and the controls).
class participant_websockets {
public:
    /// `later` runs work on the server's thread after the current handler has returned.
    participant_websockets(world& chat, scheduler later);
    participant_websockets(const participant_websockets&) = delete;
    participant_websockets& operator=(const participant_websockets&) = delete;

    /// The http_server upgrade handler: GET /connect?token=WEBSOCKET_TOKEN is accepted while
    /// the token's URL is valid and its participant in the chat; otherwise 403
    /// AccessDeniedException (404 for another path), with an AWS-style {"message":"..."} body.
    upgrade_result upgrade(const core::http::request& request);
    /// The world's chat_observer: sends `item` to every subscribed socket of the chat, and
    /// closes the sockets of those it tells have left.
    void publish(const contact& chat, const chat_item& item);

    /// Closes every socket at once, without a close frame (a lost network); how many.
    std::size_t drop_all();
    /// Muted, the sockets stay open and their frames are read, but nothing is answered, pushed
    /// or closed (a half-dead connection). Unmuted, the sockets of participants who left
    /// meanwhile are closed.
    void set_muted(bool muted);

    /// Sockets open now, and accepted since the start; from any thread.
    std::size_t open() const noexcept { return open_.load(); }
    std::uint64_t accepted() const noexcept { return accepted_.load(); }

private:
    class session;
    struct binding {
        std::string contact_id;
        std::string participant_id;
        bool subscribed = false; ///< to aws/chat: receives the chat's events
    };

    void opened(websocket& socket, const std::string& contact_id,
                const std::string& participant_id);
    void received(websocket& socket, std::string_view data, bool text);
    void closed(websocket& socket);
    /// Closes (normally) the sockets whose participant has left or whose chat has ended.
    void close_departed();

    world& world_;
    scheduler later_;
    std::map<websocket*, binding> sockets_;
    bool muted_ = false;
    std::atomic<std::size_t> open_{0};
    std::atomic<std::uint64_t> accepted_{0};
};

} // namespace hawk::emulator
