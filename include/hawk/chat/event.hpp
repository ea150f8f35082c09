#pragma once

// What a participant chat session delivers: the service's chat items (messages, typing,
// receipts, participant and chat events), each with its kind, plus the session's own
// connection events. Plain data and pure functions; no I/O.

#include <hawk/connectparticipant/types/item.hpp>
#include <hawk/core/codec.hpp>

#include <boost/json/parse.hpp>

#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace hawk::chat {

/// The content types a participant sends (SendMessage, SendEvent) and receives.
namespace content_types {
inline constexpr std::string_view text_plain = "text/plain";
inline constexpr std::string_view text_markdown = "text/markdown";
inline constexpr std::string_view application_json = "application/json";
inline constexpr std::string_view interactive_response =
    "application/vnd.amazonaws.connect.message.interactive.response";
inline constexpr std::string_view typing = "application/vnd.amazonaws.connect.event.typing";
inline constexpr std::string_view message_delivered =
    "application/vnd.amazonaws.connect.event.message.delivered";
inline constexpr std::string_view message_read =
    "application/vnd.amazonaws.connect.event.message.read";
/// Every chat event's content type starts with this.
inline constexpr std::string_view event_prefix = "application/vnd.amazonaws.connect.event.";
} // namespace content_types

enum class event_kind {
    // What the service sends (topic aws/chat, or GetTranscript after a reconnect).
    message,                       ///< Type MESSAGE: text, markdown, JSON, interactive
    attachment,                    ///< Type ATTACHMENT: item.attachments
    typing,                        ///< someone is typing
    message_delivered,             ///< a receipt: item.message_metadata names the message
    message_read,                  ///< a receipt: item.message_metadata names the message
    message_metadata,              ///< receipts as metadata (Type MESSAGEMETADATA)
    participant_joined,            ///< item.participant_id / display_name joined
    participant_left,              ///< ... left
    participant_idle,              ///< ... has been idle for the contact flow's time
    participant_returned,          ///< ... came back after being idle
    participant_invited,           ///< a participant was invited
    participant_auto_disconnected, ///< ... was disconnected for being idle
    participant_renamed,           ///< a display name changed
    transfer_succeeded,            ///< the chat was transferred
    transfer_failed,               ///< a transfer failed
    connection_acknowledged,       ///< a participant's connection was acknowledged
    authentication,                ///< an authentication.* event (item.content_type says which)
    chat_ended,                    ///< the chat is over: the last event of a session
    // The session's own (item empty; `detail` says why).
    connection_established, ///< subscribed: at start, and after each reconnect
    connection_lost,        ///< the WebSocket was lost; the session reconnects by itself
    unknown,                ///< a content type this version does not know: see item and raw
};

constexpr std::string_view to_string(event_kind kind) noexcept {
    constexpr std::array<std::string_view, 22> names = {
        "message",
        "attachment",
        "typing",
        "message_delivered",
        "message_read",
        "message_metadata",
        "participant_joined",
        "participant_left",
        "participant_idle",
        "participant_returned",
        "participant_invited",
        "participant_auto_disconnected",
        "participant_renamed",
        "transfer_succeeded",
        "transfer_failed",
        "connection_acknowledged",
        "authentication",
        "chat_ended",
        "connection_established",
        "connection_lost",
        "unknown",
        "?",
    };
    const auto i = static_cast<std::size_t>(kind);
    return i < names.size() - 1 ? names[i] : names.back();
}

struct event {
    event_kind kind = event_kind::unknown;
    /// The chat item as the service sent it (empty for the session's own events).
    connectparticipant::Item item;
    /// The item's JSON as received (the aws/chat content, or a GetTranscript item re-serialized):
    /// what an `unknown` event has beyond `item`.
    std::string raw;
    /// Delivered from GetTranscript while catching up after a reconnect, not by the WebSocket.
    bool from_transcript = false;
    /// connection_established / connection_lost: what happened, for people.
    std::string detail;
};

namespace detail {

struct kind_by_suffix {
    std::string_view suffix; ///< after content_types::event_prefix
    event_kind kind;
};

inline constexpr kind_by_suffix event_suffixes[] = {
    {"typing", event_kind::typing},
    {"message.delivered", event_kind::message_delivered},
    {"message.read", event_kind::message_read},
    {"message.metadata", event_kind::message_metadata},
    {"participant.joined", event_kind::participant_joined},
    {"participant.left", event_kind::participant_left},
    {"participant.idle", event_kind::participant_idle},
    {"participant.returned", event_kind::participant_returned},
    {"participant.invited", event_kind::participant_invited},
    {"participant.autodisconnection", event_kind::participant_auto_disconnected},
    {"participant.displayname.updated", event_kind::participant_renamed},
    {"transfer.succeeded", event_kind::transfer_succeeded},
    {"transfer.failed", event_kind::transfer_failed},
    {"connection.acknowledged", event_kind::connection_acknowledged},
    {"chat.ended", event_kind::chat_ended},
};

struct kind_by_type {
    std::string_view type; ///< Item.Type
    event_kind kind;
};

inline constexpr kind_by_type item_types[] = {
    {"MESSAGE", event_kind::message},
    {"ATTACHMENT", event_kind::attachment},
    {"TYPING", event_kind::typing},
    {"MESSAGE_DELIVERED", event_kind::message_delivered},
    {"MESSAGE_READ", event_kind::message_read},
    {"MESSAGEMETADATA", event_kind::message_metadata},
    {"PARTICIPANT_JOINED", event_kind::participant_joined},
    {"PARTICIPANT_LEFT", event_kind::participant_left},
    {"TRANSFER_SUCCEEDED", event_kind::transfer_succeeded},
    {"TRANSFER_FAILED", event_kind::transfer_failed},
    {"CONNECTION_ACK", event_kind::connection_acknowledged},
    {"CHAT_ENDED", event_kind::chat_ended},
};

} // namespace detail

/// The kind of a chat item: by its event content type when it has one (the most specific), else
/// by its Type; `unknown` when neither is known.
inline event_kind classify(const connectparticipant::Item& item) {
    const std::string_view content_type =
        item.content_type ? std::string_view(*item.content_type) : std::string_view();
    const std::string_view prefix = content_types::event_prefix;
    if (content_type.substr(0, prefix.size()) == prefix) {
        const std::string_view suffix = content_type.substr(prefix.size());
        for (const detail::kind_by_suffix& k : detail::event_suffixes)
            if (suffix == k.suffix)
                return k.kind;
        if (suffix.substr(0, 15) == "authentication.")
            return event_kind::authentication;
    }
    if (item.type) {
        const std::string_view type = item.type->to_string();
        for (const detail::kind_by_type& k : detail::item_types)
            if (type == k.type)
                return k.kind;
    }
    return event_kind::unknown;
}

/// Whether GetTranscript returns items of this kind: the ones a reconnect can catch up on.
/// Typing indicators and receipts are pushed only.
constexpr bool kept_in_transcript(event_kind kind) noexcept {
    switch (kind) {
    case event_kind::typing:
    case event_kind::message_delivered:
    case event_kind::message_read:
    case event_kind::message_metadata:
    case event_kind::connection_acknowledged:
    case event_kind::connection_established:
    case event_kind::connection_lost:
    case event_kind::unknown:
        return false;
    default:
        return true;
    }
}

/// Reads the content of an aws/chat push (an Item as JSON text). False, with `error`, when it is
/// not a JSON object with the Item's members; `out` is then unspecified.
inline bool parse_chat_item(std::string_view content, connectparticipant::Item& out,
                            std::string& error) {
    boost::system::error_code ec;
    const boost::json::value jv = boost::json::parse(content, ec);
    if (ec) {
        error = "the chat item is not JSON: " + ec.message();
        return false;
    }
    if (!jv.is_object()) {
        error = "the chat item is not a JSON object";
        return false;
    }
    return core::from_json(jv, core::json_form::wire, out, error);
}

} // namespace hawk::chat
