// hawk::chat::session against the emulator's Participant Service WebSocket, over HTTPS/wss:
// a whole chat, a dropped socket, URL and token refresh, dead connections, throttles, catching
// up across transcript pages, and how sessions end.

#include <doctest/doctest.h>

#if HAWK_HAVE_EMULATOR

#include "emulator/support.hpp"

#include <hawk/chat/session.hpp>
#include <hawk/connect/stop_contact.hpp>
#include <hawk/connectparticipant/paginators/get_transcript.hpp>

#include <boost/asio/use_future.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

using namespace hawk;
using namespace std::chrono_literals;
using chat::event_kind;
namespace cp = hawk::connectparticipant;
namespace net = boost::asio;

namespace {

/// Options with the session's clocks shortened so that tests take seconds, not minutes.
chat::session_options fast_options() {
    chat::session_options o;
    o.heartbeat_interval = 200ms;
    o.reconnect_min_delay = 100ms;
    o.reconnect_max_delay = 1s;
    o.connect_timeout = 2s;
    o.typing_interval = 1s;
    o.receipt_interval = 1s;
    return o;
}

emulator::emulator_config emulator_with(std::chrono::milliseconds agent_reply_delay) {
    emulator::emulator_config cfg = test::quick_emulator();
    cfg.chat.agent_reply_delay = agent_reply_delay;
    return cfg;
}

/// Takes every event of a session as it comes (on the client's thread) so that tests can wait
/// for what they expect, with a deadline. Destroy it before the session.
class event_log {
public:
    explicit event_log(chat::session& s) : session_(s) { pull(); }
    ~event_log() {
        session_.close();
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait_for(lock, 10s, [&] { return ended_; });
    }

    using condition = std::function<bool(const std::vector<chat::event>&)>;

    /// Whether `done` became true within `timeout`.
    bool wait(const condition& done, std::chrono::milliseconds timeout = 10s) {
        std::unique_lock<std::mutex> lock(mutex_);
        return cv_.wait_for(lock, timeout, [&] { return done(events_) || ended_; }) &&
               done(events_);
    }
    bool wait_for_end(std::chrono::milliseconds timeout = 10s) {
        std::unique_lock<std::mutex> lock(mutex_);
        return cv_.wait_for(lock, timeout, [&] { return ended_; });
    }
    std::vector<chat::event> events() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return events_;
    }
    boost::system::error_code end() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return end_;
    }

private:
    void pull() {
        session_.async_next_event([this](boost::system::error_code ec, chat::event e) {
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (ec) {
                    end_ = ec;
                    ended_ = true;
                } else {
                    events_.push_back(std::move(e));
                }
                // Under the lock: once ended_ is seen, the destructor may destroy cv_.
                cv_.notify_all();
            }
            if (!ec)
                pull();
        });
    }

    chat::session& session_;
    mutable std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<chat::event> events_;
    boost::system::error_code end_;
    bool ended_ = false;
};

/// Index of the first event matching `match`, or -1.
template <class Match>
long find_event(const std::vector<chat::event>& events, Match match) {
    for (std::size_t i = 0; i < events.size(); ++i)
        if (match(events[i]))
            return static_cast<long>(i);
    return -1;
}

bool is_from(const chat::event& e, event_kind kind, cp::ParticipantRole role) {
    return e.kind == kind && e.item.participant_role == role;
}

/// Matches the agent's message that mentions `text`.
auto agent_message_with(std::string text) {
    return [text = std::move(text)](const chat::event& e) {
        return is_from(e, event_kind::message, cp::ParticipantRole::agent) &&
               e.item.content.value_or("").find(text) != std::string::npos;
    };
}

/// An event_log condition: some event matches.
template <class Match>
auto any_event(Match match) {
    return
        [match](const std::vector<chat::event>& events) { return find_event(events, match) >= 0; };
}

std::size_t count_kind(const std::vector<chat::event>& events, event_kind kind) {
    std::size_t n = 0;
    for (const chat::event& e : events)
        n += e.kind == kind;
    return n;
}

void start(chat::session& s) {
    auto started = s.async_start(net::use_future);
    REQUIRE(started.wait_for(10s) == std::future_status::ready);
    CHECK_NOTHROW(started.get());
}

std::string send(chat::session& s, std::string text) {
    auto sent = s.async_send_message(std::move(text), net::use_future);
    REQUIRE(sent.wait_for(10s) == std::future_status::ready);
    const cp::SendMessageResponse response = sent.get();
    REQUIRE(response.id);
    return *response.id;
}

/// Every item id delivered at most once.
void check_no_duplicates(const std::vector<chat::event>& events) {
    std::set<std::string> ids;
    for (const chat::event& e : events)
        if (e.item.id) {
            CAPTURE(*e.item.id);
            CHECK(ids.insert(*e.item.id).second);
        }
}

/// The ids of the messages delivered, in order.
std::vector<std::string> message_ids(const std::vector<chat::event>& events) {
    std::vector<std::string> ids;
    for (const chat::event& e : events)
        if (e.kind == event_kind::message)
            ids.push_back(e.item.id.value_or("?"));
    return ids;
}

std::vector<std::string> message_ids(const std::vector<cp::Item>& items) {
    std::vector<std::string> ids;
    for (const cp::Item& item : items)
        if (item.type == cp::ChatItemType::message)
            ids.push_back(item.id.value_or("?"));
    return ids;
}

/// A started emulator, a client for it over HTTPS, a customer in a fresh chat, and that
/// customer's session, started, with its events logged. Members in this order: the log goes first.
struct live_chat {
    live_chat(emulator::emulator_config cfg, const chat::session_options& options)
        : emu(std::move(cfg)), client((emu.start(), test::client_for(emu, true))),
          customer(test::start_chat(client, "Jordan")),
          session(client, customer.participant_token, options), log(session) {
        start(session);
    }

    emulator::emulator emu;
    core::client client;
    test::chat customer;
    chat::session session;
    event_log log;
};

} // namespace

TEST_CASE("a whole chat: the customer receives the agent's replies by WebSocket") {
    live_chat t(emulator_with(100ms), fast_options());
    auto& [emu, client, c, s, log] = t;
    CHECK(!s.connection_token().empty());
    CHECK(emu.websockets_open() == 1);

    // The chat so far (the agent's greeting) came from the transcript, after the connection.
    REQUIRE(log.wait([](const auto& events) {
        return find_event(events, [](const chat::event& e) {
                   return is_from(e, event_kind::message, cp::ParticipantRole::agent);
               }) >= 0;
    }));
    std::vector<chat::event> events = log.events();
    REQUIRE(!events.empty());
    CHECK(events.front().kind == event_kind::connection_established);
    CHECK(events.front().detail == "connected");
    const long greeting = find_event(events, [](const chat::event& e) {
        return is_from(e, event_kind::message, cp::ParticipantRole::agent);
    });
    CHECK(events[static_cast<std::size_t>(greeting)].from_transcript);
    CHECK(events[static_cast<std::size_t>(greeting)].item.content.value_or("").find("Jordan") !=
          std::string::npos);
    CHECK(find_event(events, [](const chat::event& e) {
              return is_from(e, event_kind::participant_joined, cp::ParticipantRole::customer);
          }) >= 0);

    // Live: our own message, the agent typing, then the agent's reply, all pushed.
    const std::string mine = send(s, "Where is my order 12345?");
    REQUIRE(log.wait(any_event(agent_message_with("12345"))));
    events = log.events();
    const long echo = find_event(events, [&](const chat::event& e) { return e.item.id == mine; });
    const long typing = find_event(events, [](const chat::event& e) {
        return is_from(e, event_kind::typing, cp::ParticipantRole::agent);
    });
    const long reply = find_event(events, agent_message_with("12345"));
    REQUIRE(echo >= 0);
    REQUIRE(typing >= 0);
    CHECK(echo < typing);
    CHECK(typing < reply);
    for (const long i : {echo, typing, reply}) {
        const chat::event& e = events[static_cast<std::size_t>(i)];
        CHECK_MESSAGE(!e.from_transcript, chat::to_string(e.kind));
        CHECK(!e.raw.empty());
    }
    CHECK(events[static_cast<std::size_t>(echo)].item.content == "Where is my order 12345?");
    check_no_duplicates(events);

    // What was delivered is the transcript.
    CHECK(message_ids(events) == message_ids(test::whole_transcript(client, c)));
    const chat::session_stats stats = s.stats();
    CHECK(stats.websocket_connects == 1);
    CHECK(stats.reconnects == 0);
    CHECK(stats.connection_requests >= 1);
}

TEST_CASE("a socket dropped mid-chat reconnects, and no message is lost or duplicated") {
    // The agent answers while the customer is disconnected.
    chat::session_options options = fast_options();
    options.reconnect_min_delay = 600ms;
    live_chat t(emulator_with(150ms), options);
    auto& [emu, client, c, s, log] = t;

    send(s, "Where is order 11111?");
    CHECK(emu.drop_websockets() == 1);
    REQUIRE(log.wait([](const auto& events) {
        return count_kind(events, event_kind::connection_established) == 2;
    }));
    // The reply to the first question, sent while the socket was down, is caught up on.
    REQUIRE(log.wait(any_event(agent_message_with("11111"))));
    std::vector<chat::event> events = log.events();
    const long lost = find_event(
        events, [](const chat::event& e) { return e.kind == event_kind::connection_lost; });
    const long back = find_event(events, [](const chat::event& e) {
        return e.kind == event_kind::connection_established && e.detail == "reconnected";
    });
    const long answer = find_event(events, agent_message_with("11111"));
    REQUIRE(lost >= 0);
    REQUIRE(back > lost);
    CHECK(answer > back);
    CHECK(events[static_cast<std::size_t>(answer)].from_transcript);

    // The chat goes on over the new socket.
    send(s, "And order 22222?");
    REQUIRE(log.wait(any_event(agent_message_with("22222"))));
    events = log.events();
    check_no_duplicates(events);
    CHECK(message_ids(events) == message_ids(test::whole_transcript(client, c)));
    const chat::session_stats stats = s.stats();
    CHECK(stats.reconnects == 1);
    CHECK(stats.events_from_transcript > 0);
    CHECK(emu.websockets_accepted() == 2);
}

TEST_CASE("catching up after a long disconnection reads every transcript page, in order") {
    emulator::emulator_config cfg = emulator_with(0ms);
    cfg.chat.agent_enabled = false;
    chat::session_options options = fast_options();
    options.reconnect_min_delay = 3s; // long enough to post 250 messages meanwhile
    options.reconnect_max_delay = 3s;
    live_chat t(cfg, options);
    auto& [emu, client, c, s, log] = t;

    REQUIRE(emu.drop_websockets() == 1);
    REQUIRE(log.wait(
        [](const auto& events) { return count_kind(events, event_kind::connection_lost) == 1; }));
    std::vector<std::string> sent;
    for (int i = 0; i < 250; ++i) {
        cp::SendMessageRequest m;
        m.connection_token = c.connection_token;
        m.content_type = "text/plain";
        m.content = "message " + std::to_string(i);
        auto out = test::attempt<cp::operations::SendMessage>(client, m);
        REQUIRE_MESSAGE(!out.ec, out.diag.message);
        sent.push_back(out.response.id.value_or("?"));
    }
    REQUIRE(log.wait([](const auto& events) { return message_ids(events).size() >= 250; }, 20s));
    const std::vector<chat::event> events = log.events();
    check_no_duplicates(events);
    std::vector<std::string> caught_up;
    for (const chat::event& e : events)
        if (e.kind == event_kind::message && e.from_transcript)
            caught_up.push_back(*e.item.id);
    CHECK(caught_up == sent);
    CHECK(s.stats().events_from_transcript >= 250);

    // The same transcript through the generated paginator, both ways (pages of 100).
    for (const bool forward : {true, false}) {
        CAPTURE(forward);
        cp::GetTranscriptRequest query;
        query.connection_token = c.connection_token;
        query.max_results = 100;
        query.scan_direction = forward ? cp::ScanDirection::forward : cp::ScanDirection::backward;
        query.sort_order = forward ? cp::SortKey::ascending : cp::SortKey::descending;
        auto collected = cp::async_collect_get_transcript(client, query, 1000, net::use_future);
        REQUIRE(collected.wait_for(20s) == std::future_status::ready);
        const core::collected_items<cp::Item> items = collected.get();
        CHECK(!items.more);
        std::vector<std::string> ids = message_ids(items.items);
        if (!forward)
            std::reverse(ids.begin(), ids.end());
        CHECK(ids == sent);
    }
}

TEST_CASE("the WebSocket URL and the connection token are refreshed before they expire") {
    emulator::emulator_config cfg = emulator_with(0ms);
    cfg.chat.websocket_url_ttl = 2s;
    cfg.chat.connection_token_ttl = 3s;
    live_chat t(cfg, fast_options());
    auto& [emu, client, c, s, log] = t;
    const std::string first_token = s.connection_token();

    std::this_thread::sleep_for(4500ms);
    // Both lifetimes are over for what the start obtained (test::start_chat's token too)...
    cp::SendMessageRequest stale;
    stale.connection_token = c.connection_token;
    stale.content_type = "text/plain";
    stale.content = "with an expired token";
    auto refused = test::attempt<cp::operations::SendMessage>(client, stale);
    CHECK(refused.ec == cp::errc::access_denied_exception);
    // ...yet the session renewed both in time: it sends, and reconnects with a fresh URL.
    CHECK(s.stats().connection_requests >= 3);
    CHECK(s.connection_token() != first_token);
    send(s, "still here");
    REQUIRE(emu.drop_websockets() == 1);
    REQUIRE(log.wait([](const auto& events) {
        return count_kind(events, event_kind::connection_established) == 2;
    }));
    CHECK(emu.websockets_accepted() == 2); // the first upgrade with the renewed URL worked
    CHECK(s.stats().reconnects == 1);
    CHECK(log.events().back().kind != event_kind::chat_ended);
}

TEST_CASE("a connection that stops answering is detected within two missed heartbeats") {
    chat::session_options options = fast_options();
    options.connect_timeout = 1s;
    live_chat t(emulator_with(0ms), options);
    auto& [emu, client, c, s, log] = t;

    emu.set_websockets_muted(true);
    const auto muted = std::chrono::steady_clock::now();
    REQUIRE(log.wait(
        [](const auto& events) { return count_kind(events, event_kind::connection_lost) == 1; }));
    const auto detected = std::chrono::steady_clock::now() - muted;
    const std::vector<chat::event> events = log.events();
    const long lost = find_event(
        events, [](const chat::event& e) { return e.kind == event_kind::connection_lost; });
    CHECK(events[static_cast<std::size_t>(lost)].detail == "no answer to 2 heartbeats in a row");
    CHECK(s.stats().heartbeats_missed >= 2);
    // Two intervals at least (a heartbeat answered just before the mute), three at most, plus
    // scheduling slack.
    CHECK(detected >= 2 * options.heartbeat_interval - 50ms);
    CHECK(detected < 3 * options.heartbeat_interval + 2s);

    // Once the service answers again, the session is back.
    emu.set_websockets_muted(false);
    REQUIRE(log.wait([](const auto& events) {
        return count_kind(events, event_kind::connection_established) == 2;
    }));
}

TEST_CASE("typing indicators: the first at once, then at most one per interval") {
    emulator::emulator_config cfg = emulator_with(0ms);
    cfg.chat.agent_enabled = false;
    chat::session_options options = fast_options();
    live_chat t(cfg, options);
    auto& [emu, client, c, s, log] = t;

    const auto first_sent = std::chrono::steady_clock::now();
    std::vector<bool> sent;
    for (int i = 0; i < 5; ++i) {
        auto typing = s.async_send_typing(net::use_future);
        REQUIRE(typing.wait_for(10s) == std::future_status::ready);
        sent.push_back(typing.get());
    }
    CHECK(sent == std::vector<bool>{true, false, false, false, false});
    CHECK(s.stats().typing_sent == 1);
    CHECK(s.stats().typing_throttled == 4);
    // The service got one: it pushed it to every participant, this one included.
    REQUIRE(
        log.wait([](const auto& events) { return count_kind(events, event_kind::typing) == 1; }));

    std::this_thread::sleep_until(first_sent + options.typing_interval + 100ms);
    auto again = s.async_send_typing(net::use_future);
    REQUIRE(again.wait_for(10s) == std::future_status::ready);
    CHECK(again.get());
    REQUIRE(
        log.wait([](const auto& events) { return count_kind(events, event_kind::typing) == 2; }));
    for (const chat::event& e : log.events())
        if (e.kind == event_kind::typing)
            CHECK(e.item.participant_role == cp::ParticipantRole::customer);
}

TEST_CASE("receipts go out in batches, at most one batch per interval") {
    live_chat t(emulator_with(0ms), fast_options());
    auto& [emu, client, c, s, log] = t;

    for (const char* question : {"one?", "two?", "three?"})
        send(s, question);
    auto agent_messages = [](const std::vector<chat::event>& events) {
        std::vector<std::string> ids;
        for (const chat::event& e : events)
            if (is_from(e, event_kind::message, cp::ParticipantRole::agent))
                ids.push_back(*e.item.id);
        return ids;
    };
    REQUIRE(log.wait([&](const auto& events) { return agent_messages(events).size() >= 4; }));
    const std::vector<std::string> agent = agent_messages(log.events()); // greeting + 3 replies
    const std::string &r1 = agent[1], &r2 = agent[2], &r3 = agent[3];

    s.mark_delivered(r1);
    s.mark_read(r1); // replaces the delivered receipt
    s.mark_delivered(r2);
    s.mark_read(r3);
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (s.stats().receipts_sent < 3 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(5ms);
    REQUIRE(s.stats().receipts_sent == 3);
    const auto first_batch = std::chrono::steady_clock::now();

    s.mark_read(r2);
    s.mark_delivered(r1); // already read: nothing to send
    std::this_thread::sleep_for(300ms);
    CHECK(s.stats().receipts_sent == 3); // the interval has not passed
    while (s.stats().receipts_sent < 4 && std::chrono::steady_clock::now() < deadline + 5s)
        std::this_thread::sleep_for(5ms);
    CHECK(s.stats().receipts_sent == 4);
    CHECK(std::chrono::steady_clock::now() - first_batch >= 500ms);
    CHECK(s.stats().receipts_failed == 0);

    // The service pushed each receipt back, by message.
    auto receipts = [](const std::vector<chat::event>& events, event_kind kind) {
        std::multiset<std::string> ids;
        for (const chat::event& e : events)
            if (is_from(e, kind, cp::ParticipantRole::customer) && e.item.message_metadata)
                ids.insert(e.item.message_metadata->message_id.value_or("?"));
        return ids;
    };
    REQUIRE(log.wait([&](const auto& events) {
        return receipts(events, event_kind::message_read).size() == 3;
    }));
    CHECK(receipts(log.events(), event_kind::message_read) ==
          std::multiset<std::string>{r1, r2, r3});
    CHECK(receipts(log.events(), event_kind::message_delivered) == std::multiset<std::string>{r2});
}

TEST_CASE("sessions end: the chat ends, the participant leaves, the session is closed") {
    live_chat t(emulator_with(0ms), fast_options());
    auto& [emu, client, c, s, log] = t;

    SUBCASE("the chat ends (StopContact): the last event is chat_ended") {
        connect::StopContactRequest stop;
        stop.instance_id = std::string(emulator::default_instance_id);
        stop.contact_id = c.contact_id;
        auto stopped = test::attempt<connect::operations::StopContact>(client, stop);
        REQUIRE_MESSAGE(!stopped.ec, stopped.diag.message);
        REQUIRE(log.wait_for_end());
        CHECK(log.end() == chat::errc::chat_ended);
        REQUIRE(!log.events().empty());
        CHECK(log.events().back().kind == event_kind::chat_ended);
        // Nothing more can be sent.
        auto late = s.async_send_message("hello?", net::use_future);
        CHECK_THROWS_AS(late.get(), boost::system::system_error);
    }
    SUBCASE("the participant leaves (async_disconnect)") {
        auto left = s.async_disconnect(net::use_future);
        REQUIRE(left.wait_for(10s) == std::future_status::ready);
        CHECK_NOTHROW(left.get());
        REQUIRE(log.wait_for_end());
        CHECK(log.end() == chat::errc::disconnected);
        // The socket is closed with a closing handshake, which takes a moment.
        const auto deadline = std::chrono::steady_clock::now() + 5s;
        while (emu.websockets_open() != 0 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(5ms);
        CHECK(emu.websockets_open() == 0);
    }
    SUBCASE("close(): a waiting async_next_event completes with closed") {
        s.close();
        REQUIRE(log.wait_for_end());
        CHECK(log.end() == chat::errc::closed);
    }
}

TEST_CASE("a session that cannot start says why") {
    emulator::emulator emu(emulator_with(0ms));
    emu.start();
    core::client client(test::client_for(emu, true));

    SUBCASE("a participant token the service does not know") {
        chat::session s(client, "not-a-participant-token", fast_options());
        auto started = s.async_start(net::use_future);
        REQUIRE(started.wait_for(10s) == std::future_status::ready);
        try {
            started.get();
            FAIL("the start succeeded");
        } catch (const boost::system::system_error& e) {
            CHECK(e.code() == cp::errc::access_denied_exception);
        }
        CHECK(s.last_error().error_code == "AccessDeniedException");
        // The session is over: a wait ends at once.
        auto next = s.async_next_event(net::use_future);
        REQUIRE(next.wait_for(10s) == std::future_status::ready);
        CHECK_THROWS_AS(next.get(), boost::system::system_error);
    }
    SUBCASE("sending before the start") {
        const test::chat c = test::start_chat(client, "Jordan");
        chat::session s(client, c.participant_token, fast_options());
        auto sent = s.async_send_message("too early", net::use_future);
        try {
            sent.get();
            FAIL("sent before the start");
        } catch (const boost::system::system_error& e) {
            CHECK(e.code() == chat::errc::not_started);
        }
    }
    SUBCASE("starting twice") {
        live_chat t(emulator_with(0ms), fast_options());
        chat::session& s = t.session;
        auto again = s.async_start(net::use_future);
        try {
            again.get();
            FAIL("started twice");
        } catch (const boost::system::system_error& e) {
            CHECK(e.code() == chat::errc::already_started);
        }
    }
}

#else

TEST_CASE("chat session against the emulator: not run") {
    MESSAGE("hawk-emulator is not built (HAWK_BUILD_EMULATOR=OFF): the session tests need it");
}

#endif
