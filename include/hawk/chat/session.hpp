#pragma once

// A participant's live chat: the Amazon Connect Participant Service's WebSocket, kept alive and
// caught up, with the sending helpers a chat UI needs. AWS ships this only in JavaScript
// (amazon-connect-chatjs); this is the same protocol on Boost.Beast.
//
//     hawk::chat::session chat(client, participant_token);        // from StartChatContact
//     co_await chat.async_start(asio::use_awaitable);              // connected and subscribed
//     co_await chat.async_send_message("Hello", asio::use_awaitable);
//     for (;;) {
//         hawk::chat::event e = co_await chat.async_next_event(asio::use_awaitable);
//         ...                                                      // throws when the chat is over
//     }
//
// What it does:
// - async_start calls CreateParticipantConnection (Type WEBSOCKET and CONNECTION_CREDENTIALS,
//   ConnectParticipant), opens the WebSocket URL (wss://, or ws:// from a plain-HTTP endpoint),
//   subscribes to aws/chat and waits for the confirmation; then fetches the transcript so far,
//   so that events start from the beginning of the chat, in order.
// - Heartbeats (aws/heartbeat) every `heartbeat_interval` and deep heartbeats (aws/ping); a
//   connection that leaves `missed_heartbeats_limit` heartbeats in a row unanswered is dead.
// - A lost connection is reopened with exponential backoff (2 s up to 30 s, with jitter); what
//   arrived meanwhile is fetched with GetTranscript and delivered in order, without duplicates.
// - The WebSocket URL (valid ~100 s) and the connection token are refreshed by calling
//   CreateParticipantConnection again before either expires.
// - Typing indicators are throttled (at most one per 10 s, the first at once); delivered/read
//   receipts are batched (at most one batch per 5 s, a read receipt replacing a delivered one).
//
// Completion tokens: every async_ function takes any Asio completion token (callbacks,
// use_future, use_awaitable, deferred). Completion handlers run on their associated executor,
// else the client's; never inside the initiating call. Per-operation cancellation is not
// supported: close() ends everything.
//
// Thread safety: a session's member functions may be called from any thread (the session runs
// on a strand of the client's executor). Object lifetimes: the client must outlive the session;
// destroying the session closes it (pending operations complete with errc::closed).
//
// Compiled parts: <hawk/chat/src.hpp> in one translation unit, unless HAWK_HEADER_ONLY.

#include <hawk/chat/event.hpp>
#include <hawk/connectparticipant/types/send_message_response.hpp>
#include <hawk/core/client.hpp>
#include <hawk/core/config.hpp>
#include <hawk/core/error.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace hawk::chat {

/// Why a session operation failed, beyond the service's and the network's own error codes.
enum class errc {
    closed = 1,          ///< close() was called, or the session was destroyed
    disconnected,        ///< this participant left the chat (async_disconnect)
    chat_ended,          ///< the chat is over (after the chat_ended event)
    already_started,     ///< async_start was called before
    not_started,         ///< the session is not (yet, or any more) connected to the chat
    concurrent_wait,     ///< async_next_event while another one is waiting
    bad_websocket_url,   ///< CreateParticipantConnection's URL is not a ws:// or wss:// URL
    subscription_failed, ///< the service refused the aws/chat subscription
    no_subscription,     ///< the subscription was not confirmed within the connect timeout
    connection_lost,     ///< the WebSocket was lost while starting
};

HAWK_DECL const boost::system::error_category& error_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), error_category()};
}

struct session_options {
    /// CreateParticipantConnection's ConnectParticipant: the participant counts as connected
    /// (what a customer's chat needs; the service then acknowledges the connection).
    bool connect_participant = true;
    /// Deliver the transcript up to the start first (so nothing sent before the WebSocket was
    /// open is missed); false: only what happens from the start on.
    bool start_with_transcript = true;
    /// An aws/heartbeat every this long while connected.
    std::chrono::milliseconds heartbeat_interval{10'000};
    /// Heartbeats in a row without an answer after which the connection is taken as dead.
    unsigned missed_heartbeats_limit = 2;
    /// Every Nth heartbeat is also a deep heartbeat (aws/ping, which checks the service behind
    /// the socket); 0: none. A ping answered with a status other than 200 is a lost connection.
    unsigned deep_heartbeat_every = 3;
    /// Reconnection backoff: the first wait, doubling on each failed attempt up to the cap,
    /// with up to +25% jitter (never below the first wait, never above the cap).
    std::chrono::milliseconds reconnect_min_delay{2'000};
    std::chrono::milliseconds reconnect_max_delay{30'000};
    /// The WebSocket URL and the connection token are refreshed when this fraction of the
    /// shorter of their remaining lifetimes has passed.
    double refresh_after = 0.8;
    /// Bounds opening the WebSocket (resolve, TCP, TLS, upgrade) and then the subscription.
    std::chrono::milliseconds connect_timeout{10'000};
    /// At most one typing indicator per this long (the first goes at once).
    std::chrono::milliseconds typing_interval{10'000};
    /// Receipts go out in batches at most this often.
    std::chrono::milliseconds receipt_interval{5'000};
    /// GetTranscript's MaxResults while catching up (the service allows 1..100).
    int transcript_page_size = 100;
    /// Jitter in [0, 1]; empty: random.
    std::function<double()> random;
};

/// Counters for tests and monitoring; a snapshot.
struct session_stats {
    std::uint64_t websocket_connects = 0;     ///< WebSockets opened and subscribed
    std::uint64_t reconnects = 0;             ///< of those, after a lost connection
    std::uint64_t connection_requests = 0;    ///< CreateParticipantConnection calls that succeeded
    std::uint64_t heartbeats_sent = 0;        ///< aws/heartbeat
    std::uint64_t heartbeats_missed = 0;      ///< heartbeats left unanswered
    std::uint64_t pings_sent = 0;             ///< aws/ping
    std::uint64_t typing_sent = 0;            ///< typing events sent
    std::uint64_t typing_throttled = 0;       ///< typing requests not sent (too soon)
    std::uint64_t receipts_sent = 0;          ///< receipts sent
    std::uint64_t receipts_failed = 0;        ///< receipts the service refused (logged at warn)
    std::uint64_t events_from_transcript = 0; ///< events delivered by catching up
    std::uint64_t duplicates_dropped = 0;     ///< items seen twice (socket and transcript)
};

namespace detail {
class session_impl;
} // namespace detail

class session {
public:
    /// `participant_token`: StartChatContact's (or connect CreateParticipant's) ParticipantToken.
    HAWK_DECL session(core::client& client, std::string participant_token,
                      session_options options = {});
    /// Closes the session (see close()).
    HAWK_DECL ~session();
    session(const session&) = delete;
    session& operator=(const session&) = delete;

    HAWK_DECL boost::asio::any_io_executor get_executor() const;

    /// Connects: CreateParticipantConnection, the WebSocket, the subscription, and (with
    /// `start_with_transcript`) the transcript so far, queued as events.
    /// Completion: `void(boost::system::error_code)`. A failure here is not retried: the
    /// service's error (e.g. connectparticipant::errc::access_denied_exception for a bad
    /// token), a transport error, or one of chat::errc; see last_error() for details.
    template <class CompletionToken>
    auto async_start(CompletionToken&& token) {
        return initiate<void(boost::system::error_code)>(
            std::forward<CompletionToken>(token),
            [](detail::session_impl& s, handler<void(boost::system::error_code)> h) {
                start(s, std::move(h));
            });
    }

    /// The next event, in order. Completion: `void(boost::system::error_code, event)`. When the
    /// session is over and every event has been taken, completes with why: errc::chat_ended,
    /// errc::disconnected, errc::closed, or the error that ended it (see last_error()). One
    /// wait at a time (errc::concurrent_wait otherwise).
    template <class CompletionToken>
    auto async_next_event(CompletionToken&& token) {
        return initiate<void(boost::system::error_code, event)>(
            std::forward<CompletionToken>(token),
            [](detail::session_impl& s, handler<void(boost::system::error_code, event)> h) {
                next_event(s, std::move(h));
            });
    }

    /// SendMessage with the session's connection token (a ClientToken is generated).
    /// Completion: `void(boost::system::error_code, connectparticipant::SendMessageResponse)`.
    template <class CompletionToken>
    auto async_send_message(std::string content, CompletionToken&& token) {
        return async_send_message(std::move(content), std::string(content_types::text_plain),
                                  std::forward<CompletionToken>(token));
    }
    template <class CompletionToken>
    auto async_send_message(std::string content, std::string content_type,
                            CompletionToken&& token) {
        using signature = void(boost::system::error_code, connectparticipant::SendMessageResponse);
        return initiate<signature>(
            std::forward<CompletionToken>(token),
            [content = std::move(content), content_type = std::move(content_type)](
                detail::session_impl& s, handler<signature> h) mutable {
                send_message(s, std::move(content), std::move(content_type), std::move(h));
            });
    }

    /// A typing indicator, unless one went out less than `typing_interval` ago.
    /// Completion: `void(boost::system::error_code, bool sent)`; sent is false when throttled.
    template <class CompletionToken>
    auto async_send_typing(CompletionToken&& token) {
        return initiate<void(boost::system::error_code, bool)>(
            std::forward<CompletionToken>(token),
            [](detail::session_impl& s, handler<void(boost::system::error_code, bool)> h) {
                send_typing(s, std::move(h));
            });
    }

    /// Queues a delivered receipt for a message (its item id); sent with the next batch, unless
    /// a read receipt for it is sent instead, or was sent before.
    HAWK_DECL void mark_delivered(std::string message_id);
    /// Queues a read receipt for a message (which implies delivered).
    HAWK_DECL void mark_read(std::string message_id);

    /// DisconnectParticipant: this participant leaves the chat; then the session ends
    /// (async_next_event completes with errc::disconnected once the queue is empty).
    /// Completion: `void(boost::system::error_code)`.
    template <class CompletionToken>
    auto async_disconnect(CompletionToken&& token) {
        return initiate<void(boost::system::error_code)>(
            std::forward<CompletionToken>(token),
            [](detail::session_impl& s, handler<void(boost::system::error_code)> h) {
                disconnect(s, std::move(h));
            });
    }

    /// Ends the session here, without telling the service (the participant stays in the chat):
    /// the WebSocket is closed, timers stop, a waiting async_next_event completes with
    /// errc::closed. Idempotent.
    HAWK_DECL void close();

    /// The current connection token (for Participant Service calls of your own); empty before
    /// the start.
    HAWK_DECL std::string connection_token() const;
    HAWK_DECL session_stats stats() const;
    /// What went wrong last (a failed call's diagnostics, or hawk's explanation in
    /// client_message), for messages to people.
    HAWK_DECL core::diagnostics last_error() const;

private:
    template <class Signature>
    using handler = boost::asio::any_completion_handler<Signature>;

    HAWK_DECL static void start(detail::session_impl& s,
                                handler<void(boost::system::error_code)> h);
    HAWK_DECL static void next_event(detail::session_impl& s,
                                     handler<void(boost::system::error_code, event)> h);
    HAWK_DECL static void send_message(
        detail::session_impl& s, std::string content, std::string content_type,
        handler<void(boost::system::error_code, connectparticipant::SendMessageResponse)> h);
    HAWK_DECL static void send_typing(detail::session_impl& s,
                                      handler<void(boost::system::error_code, bool)> h);
    HAWK_DECL static void disconnect(detail::session_impl& s,
                                     handler<void(boost::system::error_code)> h);

    /// Type-erases the caller's handler behind one that resumes it on its own executor.
    template <class Signature, class CompletionToken, class Launch>
    auto initiate(CompletionToken&& token, Launch launch) {
        return boost::asio::async_initiate<CompletionToken, Signature>(
            [this](auto h, Launch launch) {
                auto ex = boost::asio::get_associated_executor(h, get_executor());
                launch(*impl_, handler<Signature>(resume_on<decltype(h), decltype(ex)>{
                                   std::move(h), std::move(ex)}));
            },
            token, std::move(launch));
    }

    template <class Handler, class Executor>
    struct resume_on {
        Handler h;
        Executor ex;
        template <class... Args>
        void operator()(Args... args) {
            boost::asio::dispatch(
                ex, [h = std::move(h), args...]() mutable { std::move(h)(std::move(args)...); });
        }
    };

    std::shared_ptr<detail::session_impl> impl_;
};

} // namespace hawk::chat

template <>
struct boost::system::is_error_code_enum<hawk::chat::errc> : std::true_type {};

#ifdef HAWK_HEADER_ONLY
#include <hawk/chat/impl/session.ipp>
#endif
