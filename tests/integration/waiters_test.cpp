// Waiters (hawk/<service>/waiters/<waiter>.hpp over core/waiter.hpp) with the real client: with
// hawk::testing's replay transport (success after retries, failure and error acceptors, an
// unmatched error, the timeout, the delays, every matcher kind with hand-written traits, every
// completion token), and against the in-process emulator (AssistantActive after CreateAssistant,
// a wait that times out, AssistantDeleted).

#include "emulator/emulator.hpp"

#include <hawk/core/auth/credentials_provider.hpp>
#include <hawk/qconnect/create_assistant.hpp>
#include <hawk/qconnect/delete_assistant.hpp>
#include <hawk/qconnect/list_assistants.hpp>
#include <hawk/qconnect/waiters/assistant_active.hpp>
#include <hawk/qconnect/waiters/assistant_deleted.hpp>
#include <hawk/testing/transports.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <doctest/doctest.h>

#if HAWK_HAS_COROUTINES
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#endif

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace testing = hawk::testing;
namespace qc = hawk::qconnect;
namespace core = hawk::core;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

namespace {

/// A GetAssistant response with this status.
testing::canned_response assistant(const std::string& status) {
    boost::json::object a{{"assistantId", "a-1"},
                          {"assistantArn", "arn:aws:wisdom:us-east-1:123456789012:assistant/a-1"},
                          {"name", "helper"},
                          {"type", "AGENT"},
                          {"status", status}};
    return testing::json_response(200,
                                  boost::json::serialize(boost::json::object{{"assistant", a}}));
}

qc::GetAssistantRequest get_request() {
    qc::GetAssistantRequest r;
    r.assistant_id = "a-1";
    return r;
}

/// Fast waits: 5 to 20 ms between attempts, at most 5 s in all.
core::waiter_options fast() {
    core::waiter_options o;
    o.min_delay = 5ms;
    o.max_delay = 20ms;
    o.max_wait = 5s;
    return o;
}

/// A waiter's outcome, with its diagnostics.
template <class Response>
struct waited {
    boost::system::error_code ec;
    Response response{};
    core::diagnostics diag;
    milliseconds took{0};
};

waited<qc::GetAssistantResponse> wait_active(core::client& client,
                                             const core::waiter_options& options) {
    waited<qc::GetAssistantResponse> out;
    std::promise<void> done;
    const auto start = steady::now();
    qc::async_wait_until_assistant_active(
        client, get_request(), options, out.diag,
        [&](boost::system::error_code ec, qc::GetAssistantResponse r) {
            out.ec = ec;
            out.response = std::move(r);
            out.took = std::chrono::duration_cast<milliseconds>(steady::now() - start);
            done.set_value();
        });
    REQUIRE(done.get_future().wait_for(30s) == std::future_status::ready);
    return out;
}

std::string status_of(const qc::GetAssistantResponse& r) {
    return r.assistant ? std::string(r.assistant->status.to_string()) : "(none)";
}

/// Hand-written traits over ListAssistants, for the matchers qconnect's waiters do not use.
struct AllActive {
    using operation = qc::operations::ListAssistants;
    static constexpr std::string_view name = "AllActive";
    static constexpr std::chrono::seconds delay{1};
    static constexpr int max_attempts = 10;
    static constexpr core::waiter_acceptor acceptors[] = {
        {core::waiter_state::failure, core::waiter_matcher::path_any, "assistantSummaries[].status",
         "\"CREATE_FAILED\""},
        {core::waiter_state::success, core::waiter_matcher::path_all, "assistantSummaries[].status",
         "\"ACTIVE\""},
        {core::waiter_state::success, core::waiter_matcher::status, "", "204"},
        {core::waiter_state::retry, core::waiter_matcher::error, "", "\"ThrottlingException\""},
        {core::waiter_state::failure, core::waiter_matcher::error, "", "true"},
    };
};

struct NoError {
    using operation = qc::operations::ListAssistants;
    static constexpr std::string_view name = "NoError";
    static constexpr std::chrono::seconds delay{1};
    static constexpr int max_attempts = 10;
    static constexpr core::waiter_acceptor acceptors[] = {
        {core::waiter_state::retry, core::waiter_matcher::path, "length(assistantSummaries) < `2`",
         "true"},
        {core::waiter_state::success, core::waiter_matcher::error, "", "false"},
    };
};

struct BadPath {
    using operation = qc::operations::ListAssistants;
    static constexpr std::string_view name = "BadPath";
    static constexpr std::chrono::seconds delay{1};
    static constexpr int max_attempts = 10;
    static constexpr core::waiter_acceptor acceptors[] = {
        {core::waiter_state::success, core::waiter_matcher::path, "a[?b]", "true"},
    };
};

testing::canned_response summaries(const std::vector<std::string>& statuses) {
    boost::json::array list;
    for (const std::string& s : statuses)
        list.push_back(boost::json::object{{"assistantId", "a"},
                                           {"assistantArn", "arn"},
                                           {"name", "n"},
                                           {"type", "AGENT"},
                                           {"status", s}});
    return testing::json_response(
        200, boost::json::serialize(boost::json::object{{"assistantSummaries", list}}));
}

template <class Traits>
waited<typename Traits::operation::response> wait_with(core::client& client,
                                                       const core::waiter_options& options) {
    waited<typename Traits::operation::response> out;
    std::promise<void> done;
    core::async_wait<Traits>(client, {}, options, &out.diag,
                             [&](boost::system::error_code ec, auto r) {
                                 out.ec = ec;
                                 out.response = std::move(r);
                                 done.set_value();
                             });
    REQUIRE(done.get_future().wait_for(30s) == std::future_status::ready);
    return out;
}

/// hawk-emulator (HTTP only) whose created assistants turn ACTIVE after `activation`, and a
/// client for it.
struct emulated {
    explicit emulated(milliseconds activation) : emu(config(activation)) {
        emu.start();
        core::client_config c;
        c.region = "us-east-1";
        c.endpoint_url = emu.http_url();
        c.credentials = std::make_shared<core::auth::static_provider>(
            core::auth::credentials{std::string(hawk::emulator::default_access_key_id),
                                    std::string(hawk::emulator::default_secret_access_key),
                                    {},
                                    {}});
        c.environment = [](std::string_view) { return std::optional<std::string>(); };
        client = std::make_unique<core::client>(c);
    }

    static hawk::emulator::emulator_config config(milliseconds activation) {
        hawk::emulator::emulator_config cfg;
        cfg.server.port = 0;
        cfg.server.tls = false;
        cfg.chat.assistant_activation_delay = activation;
        return cfg;
    }

    /// CreateAssistant: the new assistant, as it answers.
    qc::AssistantData create(const std::string& name) {
        qc::CreateAssistantRequest create;
        create.name = name;
        create.type = qc::AssistantType::agent;
        auto created = qc::async_create_assistant(*client, create, boost::asio::use_future).get();
        REQUIRE(created.assistant);
        return *created.assistant;
    }

    hawk::emulator::emulator emu;
    std::unique_ptr<core::client> client;
};
} // namespace

TEST_CASE("waiter: AssistantActive succeeds after retries, with the matching response") {
    testing::replay_transport replay;
    replay.then(assistant("CREATE_IN_PROGRESS"))
        .then(assistant("CREATE_IN_PROGRESS"))
        .then(assistant("ACTIVE"));
    testing::capture_transport capture(replay.sender());
    core::client client(testing::offline_config(capture.sender()));
    const auto out = wait_active(client, fast());
    CHECK_FALSE(out.ec);
    CHECK(status_of(out.response) == "ACTIVE");
    CHECK(capture.size() == 3);
    for (const auto& r : capture.requests()) {
        CHECK(r.method == "GET");
        CHECK(r.path == "/assistants/a-1");
    }
    CHECK(out.diag.http_status == 200);
    CHECK(out.took >= 10ms); // two delays of at least min_delay
}

TEST_CASE("waiter: a failure acceptor ends the wait with waiter_failure_state") {
    testing::replay_transport replay;
    replay.then(assistant("CREATE_IN_PROGRESS")).then(assistant("CREATE_FAILED"));
    core::client client(testing::offline_config(replay.sender()));
    const auto out = wait_active(client, fast());
    CHECK(out.ec == core::errc::waiter_failure_state);
    CHECK(out.ec.message() == "the waiter reached a failure state");
    CHECK(status_of(out.response) == "CREATE_FAILED"); // the response that failed it
    CHECK(
        out.diag.client_message ==
        R"(AssistantActive: acceptor 2 (path assistant.status == "CREATE_FAILED" -> failure) matched after 2 attempts)");
    CHECK(replay.requests() == 2);
}

TEST_CASE("waiter: an error acceptor (AssistantDeleted on ResourceNotFoundException)") {
    testing::replay_transport replay;
    replay.then(assistant("DELETE_IN_PROGRESS"))
        .then(testing::service_error(404, "ResourceNotFoundException", "no such assistant"));
    core::client client(testing::offline_config(replay.sender()));
    core::diagnostics diag;
    auto f = qc::async_wait_until_assistant_deleted(client, get_request(), fast(), diag,
                                                    boost::asio::use_future);
    REQUIRE(f.wait_for(30s) == std::future_status::ready);
    const qc::GetAssistantResponse r = f.get(); // success: no exception
    CHECK_FALSE(r.assistant);                   // an error has no response
    CHECK(diag.error_code == "ResourceNotFoundException");
    CHECK(diag.http_status == 404);
    CHECK(replay.requests() == 2);
}

TEST_CASE("waiter: an error no acceptor matches ends the wait with that error") {
    testing::replay_transport replay;
    replay.then(assistant("CREATE_IN_PROGRESS"))
        .then(testing::service_error(403, "AccessDeniedException", "no"));
    core::client client(testing::offline_config(replay.sender()));
    const auto out = wait_active(client, fast());
    CHECK(out.ec == qc::errc::access_denied_exception);
    CHECK(out.diag.error_code == "AccessDeniedException");
    CHECK(out.diag.http_status == 403);
    CHECK(replay.requests() == 2);

    // A transport failure too (after the client's own retries).
    testing::replay_transport broken;
    broken.otherwise([](const core::http::request&) {
        return testing::transport_failure(boost::asio::error::connection_refused);
    });
    core::client client2(testing::offline_config(broken.sender()));
    const auto failed = wait_active(client2, fast());
    CHECK(failed.ec == boost::asio::error::connection_refused);
    CHECK(broken.requests() == 3); // one waiter attempt: the client's 3 tries
}

TEST_CASE("waiter: out of time, waiter_timed_out with the last response, never past the deadline") {
    testing::replay_transport replay;
    replay.otherwise([](const core::http::request&) { return assistant("CREATE_IN_PROGRESS"); });
    core::client client(testing::offline_config(replay.sender()));
    core::waiter_options o;
    o.min_delay = 10ms;
    o.max_delay = 40ms;
    o.max_wait = 300ms;
    const auto out = wait_active(client, o);
    CHECK(out.ec == core::errc::waiter_timed_out);
    CHECK(out.ec == boost::system::errc::timed_out); // a timeout to generic code
    CHECK(status_of(out.response) == "CREATE_IN_PROGRESS");
    CHECK(out.took >= 300ms); // the last attempt falls on the deadline
    CHECK(out.took < 3s);
    // Delays of 10 to 40 ms over 300 ms: between 300/40 and 300/10 + 1 attempts.
    CHECK(replay.requests() >= 7);
    CHECK(replay.requests() <= 31);
    CHECK(out.diag.client_message.find("AssistantActive: not done within 300 ms after ") == 0);
    CHECK(out.diag.client_message.find("; the last response matched no acceptor") !=
          std::string::npos);
}

TEST_CASE("waiter: delays stay within [min_delay, max_delay] and grow") {
    // When each GetAssistant arrives; ACTIVE from the 7th on.
    struct log {
        std::mutex m;
        std::vector<steady::time_point> at;
    };
    auto times = std::make_shared<log>();
    testing::replay_transport replay;
    replay.otherwise([times](const core::http::request&) {
        std::lock_guard<std::mutex> lock(times->m);
        times->at.push_back(steady::now());
        return assistant(times->at.size() < 7 ? "CREATE_IN_PROGRESS" : "ACTIVE");
    });
    auto gaps = [times] {
        std::lock_guard<std::mutex> lock(times->m);
        std::vector<milliseconds> out;
        for (std::size_t i = 1; i < times->at.size(); ++i)
            out.push_back(
                std::chrono::duration_cast<milliseconds>(times->at[i] - times->at[i - 1]));
        times->at.clear();
        return out;
    };
    core::client client(testing::offline_config(replay.sender()));
    core::waiter_options o;
    o.min_delay = 30ms;
    o.max_delay = 80ms;
    o.max_wait = 20s;
    o.random = [] { return 0.999; }; // the top of each range: 30, 60, 80, 80, ...
    CHECK_FALSE(wait_active(client, o).ec);
    const std::vector<milliseconds> top = gaps();
    REQUIRE(top.size() == 6);
    const milliseconds expected[] = {29ms, 59ms, 79ms, 79ms, 79ms, 79ms};
    for (std::size_t i = 0; i < top.size(); ++i) {
        CAPTURE(i);
        CAPTURE(top[i].count());
        CHECK(top[i] >= expected[i]);        // a timer never fires early
        CHECK(top[i] < expected[i] + 500ms); // generous: a loaded machine
    }

    // With the default random source: every gap within [min, max] (+ scheduling slack).
    o.random = nullptr;
    CHECK_FALSE(wait_active(client, o).ec);
    const std::vector<milliseconds> jittered = gaps();
    REQUIRE(jittered.size() == 6);
    for (const milliseconds gap : jittered) {
        CAPTURE(gap.count());
        CHECK(gap >= 29ms);
        CHECK(gap < 580ms);
    }
}

TEST_CASE("waiter: status, error true/false, pathAll and pathAny matchers") {
    { // pathAll: every item ACTIVE (an empty list is not "all"), after a throttled attempt.
        testing::replay_transport replay;
        replay.then(summaries({}))
            .then(summaries({"ACTIVE", "CREATE_IN_PROGRESS"}))
            .then(testing::service_error(400, "ThrottlingException", "slow down"))
            .then(summaries({"ACTIVE", "ACTIVE"}));
        core::client_config cfg = testing::offline_config(replay.sender());
        core::retry_config no_retries;
        no_retries.max_attempts = 1;
        cfg.retry = no_retries;
        core::client client(cfg);
        const auto out = wait_with<AllActive>(client, fast());
        CHECK_FALSE(out.ec);
        CHECK(out.response.assistant_summaries.size() == 2);
        CHECK(replay.requests() == 4);
    }
    { // pathAny: one CREATE_FAILED fails the wait.
        testing::replay_transport replay;
        replay.then(summaries({"ACTIVE", "CREATE_FAILED"}));
        core::client client(testing::offline_config(replay.sender()));
        const auto out = wait_with<AllActive>(client, fast());
        CHECK(out.ec == core::errc::waiter_failure_state);
        CHECK(out.diag.client_message.find("acceptor 1 (pathAny assistantSummaries[].status == "
                                           "\"CREATE_FAILED\" -> failure)") != std::string::npos);
    }
    { // status: 204 (no items) is success.
        testing::replay_transport replay;
        replay.then(testing::json_response(204, R"({"assistantSummaries":[]})"));
        core::client client(testing::offline_config(replay.sender()));
        const auto out = wait_with<AllActive>(client, fast());
        CHECK_FALSE(out.ec);
        CHECK(out.diag.http_status == 204);
    }
    { // error true: any other error fails the wait (with the failure state, not the error).
        testing::replay_transport replay;
        replay.then(testing::service_error(403, "AccessDeniedException", "no"));
        core::client client(testing::offline_config(replay.sender()));
        const auto out = wait_with<AllActive>(client, fast());
        CHECK(out.ec == core::errc::waiter_failure_state);
        CHECK(out.diag.error_code == "AccessDeniedException");
    }
    { // error false: success once a response has 2 items (length() < 2 retries first).
        testing::replay_transport replay;
        replay.then(summaries({"ACTIVE"})).then(summaries({"ACTIVE", "ACTIVE"}));
        core::client client(testing::offline_config(replay.sender()));
        const auto out = wait_with<NoError>(client, fast());
        CHECK_FALSE(out.ec);
        CHECK(replay.requests() == 2);
    }
}

TEST_CASE("waiter: options and traits that cannot work fail at once, sending nothing") {
    testing::capture_transport capture;
    core::client client(testing::offline_config(capture.sender()));
    auto expect_invalid = [&](core::waiter_options o, const std::string& message) {
        const auto out = wait_active(client, o);
        CHECK(out.ec == core::errc::invalid_config);
        CHECK(out.diag.client_message == message);
    };
    core::waiter_options o = fast();
    o.min_delay = 0ms;
    expect_invalid(o, "AssistantActive: min_delay must be at least 1 ms");
    o = fast();
    o.max_delay = 1ms;
    expect_invalid(o, "AssistantActive: max_delay must be at least min_delay");
    o = fast();
    o.max_wait = 0ms;
    expect_invalid(o, "AssistantActive: max_wait must be positive");
    const auto bad = wait_with<BadPath>(client, fast());
    CHECK(bad.ec == core::errc::invalid_config);
    CHECK(bad.diag.client_message.find("BadPath: acceptor 1 (path a[?b] == true -> success): "
                                       "filter expressions") == 0);
    CHECK(capture.size() == 0);
}

TEST_CASE("waiter: callbacks never complete inline; use_future throws; coroutines") {
    testing::replay_transport replay;
    replay.then(assistant("ACTIVE"))
        .then(assistant("CREATE_FAILED"))
        .then(assistant("CREATE_IN_PROGRESS"))
        .then(assistant("ACTIVE"));
    boost::asio::io_context io;
    core::client client(io.get_executor(), testing::offline_config(replay.sender()));
    bool called = false;
    qc::async_wait_until_assistant_active(client, get_request(), fast(),
                                          [&](boost::system::error_code ec, auto r) {
                                              called = true;
                                              CHECK_FALSE(ec);
                                              CHECK(status_of(r) == "ACTIVE");
                                          });
    CHECK_FALSE(called);
    io.run();
    CHECK(called);

    auto f = qc::async_wait_until_assistant_active(client, get_request(), fast(),
                                                   boost::asio::use_future);
    io.restart();
    io.run();
    try {
        f.get();
        FAIL("no exception");
    } catch (const boost::system::system_error& e) {
        CHECK(e.code() == core::errc::waiter_failure_state);
    }

#if HAWK_HAS_COROUTINES
    std::string status;
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            auto r = co_await qc::async_wait_until_assistant_active(client, get_request(), fast(),
                                                                    boost::asio::use_awaitable);
            status = status_of(r);
        },
        [](std::exception_ptr e) { CHECK_FALSE(e); });
    io.restart();
    io.run();
    CHECK(status == "ACTIVE");
#endif
    CHECK(replay.remaining() == 0);
}

TEST_CASE("waiter: against the emulator, AssistantActive after CreateAssistant; a timeout") {
    emulated e(300ms);
    core::client& client = *e.client;
    const qc::AssistantData created = e.create("waiting-room");
    CHECK(created.status == qc::AssistantStatus::create_in_progress);

    qc::GetAssistantRequest get;
    get.assistant_id = created.assistant_id;
    core::waiter_options o;
    o.min_delay = 20ms;
    o.max_delay = 100ms;
    o.max_wait = 20s;
    const auto start = steady::now();
    core::diagnostics diag;
    const auto active =
        qc::async_wait_until_assistant_active(client, get, o, diag, boost::asio::use_future).get();
    const auto took = steady::now() - start;
    REQUIRE(active.assistant);
    CHECK(active.assistant->status == qc::AssistantStatus::active);
    CHECK(active.assistant->name == "waiting-room");
    CHECK(took >= 250ms); // it did wait (the activation counts from CreateAssistant)
    CHECK(took < 10s);

    // The default assistant is ACTIVE from the start: one attempt.
    get.assistant_id = std::string(hawk::emulator::default_assistant_id);
    const auto before = e.emu.requests_handled();
    CHECK(qc::async_wait_until_assistant_active(client, get, o, boost::asio::use_future)
              .get()
              .assistant->status == qc::AssistantStatus::active);
    CHECK(e.emu.requests_handled() - before == 1);

    // Deleted: AssistantDeleted succeeds on the ResourceNotFoundException that follows.
    get.assistant_id = created.assistant_id;
    qc::DeleteAssistantRequest del;
    del.assistant_id = get.assistant_id;
    qc::async_delete_assistant(client, del, boost::asio::use_future).get();
    core::diagnostics gone;
    qc::async_wait_until_assistant_deleted(client, get, o, gone, boost::asio::use_future).get();
    CHECK(gone.error_code == "ResourceNotFoundException");
}

TEST_CASE("waiter: against the emulator, a wait shorter than the activation times out") {
    emulated e(std::chrono::hours(1));
    core::client& client = *e.client;
    const qc::AssistantData created = e.create("never-ready");

    qc::GetAssistantRequest get;
    get.assistant_id = created.assistant_id;
    core::waiter_options o;
    o.min_delay = 20ms;
    o.max_delay = 100ms;
    o.max_wait = 500ms;
    const auto start = steady::now();
    const auto before = e.emu.requests_handled();
    core::diagnostics diag;
    std::promise<std::pair<boost::system::error_code, qc::GetAssistantResponse>> p;
    qc::async_wait_until_assistant_active(
        client, get, o, diag, [&](boost::system::error_code ec, qc::GetAssistantResponse r) {
            p.set_value({ec, std::move(r)});
        });
    auto f = p.get_future();
    REQUIRE(f.wait_for(30s) == std::future_status::ready);
    const auto [ec, last] = f.get();
    const auto took = steady::now() - start;
    CHECK(ec == core::errc::waiter_timed_out);
    REQUIRE(last.assistant);
    CHECK(last.assistant->status == qc::AssistantStatus::create_in_progress);
    CHECK(took >= 500ms);
    CHECK(took < 5s);
    CHECK(e.emu.requests_handled() - before >= 5); // 500 ms of 20-100 ms delays
    CHECK(diag.client_message.find("AssistantActive: not done within 500 ms") == 0);
}
