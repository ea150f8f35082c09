#pragma once

// The state of an emulated Amazon Connect: chat contacts with their participants, transcripts,
// tokens, streaming configurations and attributes, and Amazon Q in Connect sessions. Plain
// logic, no HTTP: the service handlers translate requests into these calls and results back.
// Not thread-safe: the emulator calls it from its server thread only (the agent's replies are
// scheduled on that same thread).

#include <hawk/core/timestamp.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hawk::emulator {

using core::timestamp;

/// A failure the service reports: its AWS error code, message and status. Handlers throw it;
/// the dispatcher answers with the operation's modeled error of that code when there is one.
class api_error : public std::runtime_error {
public:
    api_error(std::string code, const std::string& message, int status = 400)
        : std::runtime_error(message), code_(std::move(code)), status_(status) {}
    const std::string& code() const noexcept { return code_; }
    int status() const noexcept { return status_; }

private:
    std::string code_;
    int status_;
};

/// The instance and assistant that exist from the start, so that a demo needs no set-up.
inline constexpr std::string_view default_instance_id = "5b3f2a7e-0c1d-4e8f-9a6b-1c2d3e4f5a6b";
inline constexpr std::string_view default_assistant_id = "8c1e4f2a-7b3d-4c5e-9f0a-2b3c4d5e6f7a";

struct chat_config {
    std::string account_id = "123456789012";
    std::string region = "us-east-1"; ///< in ARNs
    std::vector<std::string> instance_ids = {std::string(default_instance_id)};
    std::vector<std::string> assistant_ids = {std::string(default_assistant_id)};
    /// ConnectionCredentials.Expiry; AWS issues connection tokens for a day. (Milliseconds, so
    /// that tests of a client's refreshing can make both lifetimes short.)
    std::chrono::milliseconds connection_token_ttl = std::chrono::hours(24);
    /// Websocket.ConnectionExpiry: how long the URL may be used to connect (by the world's
    /// clock); AWS's websocket URLs are valid for about 100 s.
    std::chrono::milliseconds websocket_url_ttl = std::chrono::seconds(100);
    /// The built-in agent joins each chat and answers every customer message after this delay
    /// (zero: at once, inside the customer's SendMessage, which makes tests deterministic).
    std::chrono::milliseconds agent_reply_delay{400};
    bool agent_enabled = true;
    std::string agent_name = "Alex";
    /// An assistant made by CreateAssistant is CREATE_IN_PROGRESS for this long (by the world's
    /// clock), then ACTIVE. The assistants of assistant_ids are ACTIVE from the start.
    std::chrono::milliseconds assistant_activation_delay{1000};
};

enum class participant_role { customer, agent, custom_bot, system };
std::string_view to_string(participant_role role);

struct receipt {
    std::string recipient_participant_id;
    std::optional<timestamp> delivered;
    std::optional<timestamp> read;
};

/// One transcript entry (ChatItemType, content, who, when), or an event that is not kept
/// (TYPING, MESSAGE_DELIVERED, MESSAGE_READ) as the chat_observer is told of it.
struct chat_item {
    std::string id;
    /// MESSAGE, EVENT, PARTICIPANT_JOINED, PARTICIPANT_LEFT, CHAT_ENDED; only for the observer:
    /// TYPING, MESSAGE_DELIVERED, MESSAGE_READ
    std::string type;
    std::string content_type;
    std::optional<std::string> content;
    std::string participant_id;
    std::string display_name;
    participant_role role = participant_role::system;
    timestamp time{};
    /// Messages: their receipts. MESSAGE_DELIVERED and MESSAGE_READ: the receipt as it now is.
    std::vector<receipt> receipts;
    /// MESSAGE_DELIVERED and MESSAGE_READ: the id of the message the receipt is about.
    std::string receipt_for;
};

struct participant {
    std::string id;
    std::string display_name;
    participant_role role = participant_role::customer;
    std::string participant_token;
    bool connected = false; ///< CreateParticipantConnection with ConnectParticipant
    bool left = false;
};

struct contact {
    std::string id;
    std::string arn;
    std::string instance_id;
    std::string contact_flow_id;
    std::string initial_contact_id;
    std::string related_contact_id;
    timestamp initiated{};
    timestamp last_update{};
    timestamp chat_expiry{}; ///< ChatDurationInMinutes after the start
    std::optional<timestamp> disconnected;
    std::string disconnect_reason;
    std::map<std::string, std::string> attributes;
    std::vector<std::string> supported_content_types;
    std::vector<participant> participants;
    std::vector<chat_item> transcript;
    std::map<std::string, std::string> streams; ///< StreamingId -> StreamingEndpointArn

    bool active() const { return !disconnected; }
    const participant* find_participant(std::string_view participant_id) const;
    /// The agent in the chat (not left), if any.
    const participant* agent() const;
    std::size_t active_participants() const;
};

/// A participant as a token names it: the contact and the participant, both live.
struct participant_ref {
    contact* chat;
    participant* who;
};

struct session {
    std::string id;
    std::string arn;
    std::string assistant_id;
    std::string name;
    std::optional<std::string> description;
    std::map<std::string, std::string> tags;
    std::optional<std::string> contact_arn;
};

/// An Amazon Q in Connect answer waiting for GetNextMessage.
struct assistant_message {
    std::string session_id;
    std::string request_message_id;
    std::string message_id;
    std::string text;
    timestamp time{};
};

/// Runs `work` on the world's thread after `delay` (the emulator's timers).
using scheduler = std::function<void(std::chrono::milliseconds delay, std::function<void()> work)>;

/// Told of everything that happens in a chat, in order, on the world's thread: each item
/// appended to a transcript, and the events that are not kept (typing, message receipts). It
/// must not call back into the world.
using chat_observer = std::function<void(const contact& chat, const chat_item& item)>;

class world {
public:
    world(chat_config cfg, std::function<timestamp()> clock, scheduler schedule);

    const chat_config& config() const noexcept { return cfg_; }
    timestamp now() const { return clock_(); }
    /// Replaces the observer (none at first).
    void set_observer(chat_observer observer) { observer_ = std::move(observer); }

    //---- connect ----------------------------------------------------------------------------
    struct chat_start {
        std::string instance_id;
        std::string contact_flow_id;
        std::string display_name;
        std::map<std::string, std::string> attributes;
        std::optional<std::pair<std::string, std::string>> initial_message; ///< type, content
        std::optional<std::int32_t> chat_duration_minutes;
        std::vector<std::string> supported_content_types;
        std::string related_contact_id;
    };
    struct chat_started {
        std::string contact_id;
        std::string participant_id;
        std::string participant_token;
    };
    chat_started start_chat(const chat_start& request);
    /// A participant added to a live chat (connect CreateParticipant: a custom bot).
    struct participant_added {
        std::string participant_id;
        std::string participant_token;
        timestamp expiry{};
    };
    participant_added add_participant(std::string_view instance_id, std::string_view contact_id,
                                      participant_role role, const std::string& display_name);
    std::string start_streaming(std::string_view instance_id, std::string_view contact_id,
                                const std::string& endpoint_arn);
    void stop_streaming(std::string_view instance_id, std::string_view contact_id,
                        std::string_view streaming_id);
    void stop_contact(std::string_view instance_id, std::string_view contact_id,
                      const std::string& reason);
    const contact& describe_contact(std::string_view instance_id, std::string_view contact_id);
    void update_attributes(std::string_view instance_id, std::string_view initial_contact_id,
                           const std::map<std::string, std::string>& attributes);
    const std::map<std::string, std::string>& attributes(std::string_view instance_id,
                                                         std::string_view initial_contact_id);

    //---- connectparticipant -----------------------------------------------------------------
    struct connection_made {
        std::string connection_token;
        timestamp connection_expiry{};
        std::string websocket_token;
        timestamp websocket_expiry{};
    };
    connection_made create_connection(std::string_view participant_token, bool connect);
    /// The participant a connection token names; AccessDeniedException when it is unknown,
    /// expired, or the participant has left.
    participant_ref by_connection(std::string_view connection_token, bool allow_ended = false);
    /// The participant a websocket token (of the URL CreateParticipantConnection returned)
    /// names; AccessDeniedException when it is unknown, its URL has expired
    /// (websocket_url_ttl after it was issued), the participant has left or the chat has ended.
    participant_ref by_websocket(std::string_view websocket_token);
    /// Whether the participant is still in the chat (neither it has left nor the chat ended).
    bool present(std::string_view contact_id, std::string_view participant_id) const;

    struct posted {
        std::string id;
        timestamp time{};
    };
    posted send_message(participant_ref who, const std::string& content_type,
                        const std::string& content);
    posted send_event(participant_ref who, const std::string& content_type,
                      const std::optional<std::string>& content);
    void disconnect(participant_ref who);

    struct transcript_query {
        std::optional<std::string> contact_id;
        int max_results = 10; ///< the documented default
        std::optional<std::string> next_token;
        /// ScanDirection FORWARD; default: BACKWARD, or FORWARD when a start position is given.
        std::optional<bool> forward;
        std::optional<bool> ascending; ///< SortOrder ASCENDING; default DESCENDING
        std::optional<std::string> start_id;
        std::optional<std::string> start_time;
        std::optional<int> start_most_recent;
    };
    struct transcript_page {
        std::string initial_contact_id;
        std::vector<const chat_item*> items;
        std::optional<std::string> next_token;
    };
    transcript_page transcript(participant_ref who, const transcript_query& query);

    //---- qconnect ---------------------------------------------------------------------------
    const session& create_session(std::string_view assistant_id, const std::string& name,
                                  const std::optional<std::string>& description,
                                  const std::map<std::string, std::string>& tags,
                                  const std::optional<std::string>& contact_arn);
    struct message_sent {
        std::string request_message_id;
        std::string next_message_token;
    };
    message_sent send_assistant_message(std::string_view assistant_id, std::string_view session_id,
                                        const std::string& text);
    const assistant_message& next_assistant_message(std::string_view assistant_id,
                                                    std::string_view session_id,
                                                    std::string_view next_message_token);
    /// An assistant (CreateAssistant, GetAssistant); `status` is AWS's AssistantStatus.
    struct assistant_info {
        std::string id;
        std::string arn;
        std::string name;
        std::string type;
        std::string status;
        std::optional<std::string> description;
        std::map<std::string, std::string> tags;
    };
    assistant_info create_assistant(const std::string& name, const std::string& type,
                                    const std::optional<std::string>& description,
                                    const std::map<std::string, std::string>& tags);
    assistant_info get_assistant(std::string_view assistant_id) const;
    /// Deleted at once: the assistant is not found afterwards.
    void delete_assistant(std::string_view assistant_id);

    //---- for tests and the demo -------------------------------------------------------------
    std::size_t contact_count() const noexcept { return contacts_.size(); }

private:
    contact& find_contact(std::string_view instance_id, std::string_view contact_id);
    void check_instance(std::string_view instance_id) const;
    void check_assistant(std::string_view assistant_id) const;
    chat_item& append(contact& c, const participant& who, std::string type,
                      std::string content_type, std::optional<std::string> content);
    void notify(const contact& c, const chat_item& item) const;
    /// A new item from `who` at `t`, without content: what append() keeps, or an event that is
    /// not kept (typing, receipts).
    chat_item event(const participant& who, std::string type, std::string content_type,
                    timestamp t) const;
    /// Records that `reader` got (and, when `read`, read) `message`, and tells the observer.
    posted add_receipt(const contact& c, chat_item& message, const participant& reader, bool read,
                       timestamp t);
    void join_agent(const std::string& contact_id);
    void agent_answer(const std::string& contact_id, const std::string& message_id);
    void end_chat(contact& c, const std::string& reason);

    chat_config cfg_;
    std::function<timestamp()> clock_;
    scheduler schedule_;
    chat_observer observer_;
    std::map<std::string, contact, std::less<>> contacts_;
    /// Tokens name (contact id, participant id); connection tokens and websocket URLs expire.
    std::map<std::string, std::pair<std::string, std::string>, std::less<>> participant_tokens_;
    struct connection_entry {
        std::string contact_id;
        std::string participant_id;
        timestamp expiry{};
    };
    using token_map = std::map<std::string, connection_entry, std::less<>>;
    token_map connections_;
    token_map websockets_; ///< by websocket token
    /// The participant `token` names in `tokens`, live unless `allow_ended`; the chat ends first
    /// when its duration is over. AccessDeniedException naming `what` the token is otherwise.
    participant_ref by_token(const token_map& tokens, std::string_view token,
                             const std::string& what, bool allow_ended);
    std::map<std::string, session, std::less<>> sessions_;
    std::map<std::string, assistant_message, std::less<>> assistant_messages_; ///< by token
    /// CreateAssistant's, by id, with when they were made.
    std::map<std::string, std::pair<assistant_info, timestamp>, std::less<>> assistants_;
    timestamp last_time_{};
};

/// Transcript times as AWS writes them: ISO 8601 with milliseconds, "2019-11-08T02:41:28.172Z".
std::string format_chat_time(timestamp t);
/// An opaque, unguessable token (participant, connection and websocket tokens).
std::string random_token();

} // namespace hawk::emulator
