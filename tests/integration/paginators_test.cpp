// Paginators (hawk/<service>/paginators/<operation>.hpp over core/paginator.hpp) with the real
// client and hawk::testing's replay and capture transports: page by page, collected with a cap,
// the repeated-token guard, errors mid-way, callbacks and coroutines.

#include <hawk/connect/paginators/list_users.hpp>
#include <hawk/connectparticipant/paginators/get_transcript.hpp>
#include <hawk/testing/transports.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <doctest/doctest.h>

#if HAWK_HAS_COROUTINES
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>
#endif

#include <algorithm>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace testing = hawk::testing;
namespace conn = hawk::connect;
namespace participant = hawk::connectparticipant;
namespace core = hawk::core;

namespace {

/// A ListUsers response with users `ids` and, if given, a NextToken.
testing::canned_response users_page(const std::vector<std::string>& ids,
                                    std::optional<std::string> next = std::nullopt) {
    boost::json::object body;
    boost::json::array users;
    for (const std::string& id : ids)
        users.push_back(boost::json::object{{"Id", id}, {"Username", "user-" + id}});
    body["UserSummaryList"] = std::move(users);
    if (next)
        body["NextToken"] = *next;
    return testing::json_response(200, boost::json::serialize(body));
}

conn::ListUsersRequest users_request() {
    conn::ListUsersRequest req;
    req.instance_id = "instance-1";
    return req;
}

/// The query parameter `name` of a captured request, percent-encoded as sent; nullopt if absent.
std::optional<std::string> query_param(const core::http::request& r, const std::string& name) {
    const std::string& q = r.query;
    for (std::size_t at = 0; at <= q.size();) {
        const std::size_t end = std::min(q.find('&', at), q.size());
        const std::string pair = q.substr(at, end - at);
        if (pair.rfind(name + "=", 0) == 0)
            return pair.substr(name.size() + 1);
        at = end + 1;
    }
    return std::nullopt;
}

std::vector<std::string> ids_of(const std::vector<conn::UserSummary>& users) {
    std::vector<std::string> ids;
    for (const auto& u : users)
        ids.push_back(u.id.value_or("?"));
    return ids;
}

/// A Participant Service with a chat of `count` messages (m-000 oldest ... m-249 newest) that
/// pages GetTranscript as the service does: MaxResults per page (15 by default), NextToken an
/// opaque position, ScanDirection FORWARD from the oldest or BACKWARD from the newest.
testing::canned_response transcript_service(const core::http::request& r, int count) {
    const boost::json::object in = boost::json::parse(r.body).as_object();
    const bool backward =
        in.contains("ScanDirection") && in.at("ScanDirection").as_string() == "BACKWARD";
    const int page =
        in.contains("MaxResults") ? static_cast<int>(in.at("MaxResults").as_int64()) : 15;
    int position = 0; // messages already returned in this direction
    if (in.contains("NextToken")) {
        const std::string token(in.at("NextToken").as_string());
        position = std::stoi(token.substr(token.find(':') + 1));
    }
    boost::json::array items;
    for (int i = position; i < count && i < position + page; ++i) {
        const int index = backward ? count - 1 - i : i;
        char id[16];
        std::snprintf(id, sizeof id, "m-%03d", index);
        items.push_back(boost::json::object{{"Id", id},
                                            {"Type", "MESSAGE"},
                                            {"ContentType", "text/plain"},
                                            {"Content", "message " + std::to_string(index)}});
    }
    boost::json::object out{{"InitialContactId", "contact-1"}, {"Transcript", std::move(items)}};
    if (position + page < count)
        out["NextToken"] = std::string(backward ? "b:" : "f:") + std::to_string(position + page);
    return testing::json_response(200, boost::json::serialize(out));
}

participant::GetTranscriptRequest transcript_request(participant::ScanDirection direction) {
    participant::GetTranscriptRequest req;
    req.connection_token = "connection-token-1";
    req.scan_direction = direction;
    req.max_results = 100;
    return req;
}

std::vector<std::string> expected_transcript(bool backward) {
    std::vector<std::string> ids;
    for (int i = 0; i < 250; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "m-%03d", backward ? 249 - i : i);
        ids.emplace_back(id);
    }
    return ids;
}

} // namespace

TEST_CASE("paginator: ListUsers over 3 pages with callbacks; each request sends the last token") {
    testing::replay_transport replay;
    replay.then(users_page({"u1", "u2"}, "token/2+"))
        .then(users_page({"u3", "u4"}, "token-3"))
        .then(users_page({"u5"}));
    testing::capture_transport capture(replay.sender());
    boost::asio::io_context io;
    core::client client(io.get_executor(), testing::offline_config(capture.sender()));

    auto request = users_request();
    request.max_results = 2;
    conn::list_users_paginator pages(client, request);
    CHECK_FALSE(pages.done());
    std::vector<std::string> seen;
    std::vector<boost::system::error_code> errors;
    int completions = 0;
    // Callbacks: each completion asks for the next page until done().
    std::function<void()> next = [&] {
        pages.async_next(
            [&](boost::system::error_code ec, std::optional<conn::ListUsersResponse> page) {
                ++completions;
                errors.push_back(ec);
                if (page && page->user_summary_list)
                    for (const auto& u : ids_of(*page->user_summary_list))
                        seen.push_back(u);
                if (!ec && !pages.done())
                    next();
            });
    };
    next();
    CHECK(completions == 0); // never inline
    io.run();

    CHECK(completions == 3);
    CHECK(seen == std::vector<std::string>{"u1", "u2", "u3", "u4", "u5"});
    for (const auto& ec : errors)
        CHECK_FALSE(ec);
    CHECK(pages.done());
    CHECK(pages.pages() == 3);
    const auto sent = capture.requests();
    REQUIRE(sent.size() == 3);
    for (const auto& r : sent) {
        CHECK(r.method == "GET");
        CHECK(r.path == "/users-summary/instance-1");
        CHECK(query_param(r, "maxResults") == "2");
    }
    CHECK_FALSE(query_param(sent[0], "nextToken"));
    CHECK(query_param(sent[1], "nextToken") == "token%2F2%2B"); // as given, percent-encoded
    CHECK(query_param(sent[2], "nextToken") == "token-3");
    // The caller's request is untouched; the paginator's next request holds the last token sent.
    CHECK_FALSE(request.next_token);
    CHECK(pages.next_request().next_token == "token-3");

    // Done: nothing more is sent, the completion says so with nullopt.
    bool called = false;
    pages.async_next([&](boost::system::error_code ec, std::optional<conn::ListUsersResponse> p) {
        called = true;
        CHECK_FALSE(ec);
        CHECK_FALSE(p);
    });
    io.restart();
    io.run();
    CHECK(called);
    CHECK(capture.size() == 3);
}

TEST_CASE("paginator: a page's request may start from a token; an empty token ends paging") {
    testing::replay_transport replay;
    replay.then(users_page({"u7"}, "")); // empty NextToken: the last page
    testing::capture_transport capture(replay.sender());
    core::client client(testing::offline_config(capture.sender()));
    auto request = users_request();
    request.next_token = "resume-here";
    conn::list_users_paginator pages(client, request);
    auto page = pages.async_next(boost::asio::use_future).get();
    REQUIRE(page);
    CHECK(pages.done());
    CHECK(query_param(capture.last(), "nextToken") == "resume-here");
    CHECK_FALSE(pages.async_next(boost::asio::use_future).get());
    CHECK(capture.size() == 1);
}

TEST_CASE("paginator: GetTranscript of 250 messages, FORWARD and BACKWARD (customization)") {
    for (const bool backward : {false, true}) {
        CAPTURE(backward);
        testing::replay_transport replay;
        replay.otherwise([](const core::http::request& r) { return transcript_service(r, 250); });
        testing::capture_transport capture(replay.sender());
        core::client client(testing::offline_config(capture.sender()));
        const auto direction =
            backward ? participant::ScanDirection::backward : participant::ScanDirection::forward;

        // Page by page: 100, 100, 50.
        participant::get_transcript_paginator pages(client, transcript_request(direction));
        std::vector<std::string> ids;
        std::vector<std::size_t> sizes;
        while (!pages.done()) {
            auto page = pages.async_next(boost::asio::use_future).get();
            REQUIRE(page);
            CHECK(page->initial_contact_id == "contact-1");
            REQUIRE(page->transcript);
            sizes.push_back(page->transcript->size());
            for (const auto& item : *page->transcript)
                ids.push_back(item.id.value_or("?"));
        }
        CHECK(sizes == std::vector<std::size_t>{100, 100, 50});
        CHECK(ids == expected_transcript(backward));
        const auto sent = capture.requests();
        REQUIRE(sent.size() == 3);
        const std::string prefix = backward ? "b:" : "f:";
        for (std::size_t i = 0; i < sent.size(); ++i) {
            CHECK(sent[i].path == "/participant/transcript");
            CHECK(*sent[i].find_header("X-Amz-Bearer") == "connection-token-1");
            const auto body = boost::json::parse(sent[i].body).as_object();
            CHECK(body.at("ScanDirection") == (backward ? "BACKWARD" : "FORWARD"));
            CHECK(body.at("MaxResults") == 100);
            if (i == 0)
                CHECK_FALSE(body.contains("NextToken"));
            else
                CHECK(body.at("NextToken").as_string() == prefix + std::to_string(100 * i));
        }

        // Collected: all 250 in order, nothing more.
        capture.clear();
        auto all =
            participant::async_collect_get_transcript(client, transcript_request(direction),
                                                      core::all_items, boost::asio::use_future)
                .get();
        std::vector<std::string> collected;
        for (const auto& item : all.items)
            collected.push_back(item.id.value_or("?"));
        CHECK(collected == expected_transcript(backward));
        CHECK_FALSE(all.more);
        CHECK_FALSE(all.next_token);
        CHECK(capture.size() == 3);
    }
}

TEST_CASE("collect: the cap is never a silent truncation") {
    SUBCASE("the cap cuts a page: more, and no token (the rest of that page is dropped)") {
        testing::replay_transport replay;
        replay.then(users_page({"u1", "u2"}, "t2")).then(users_page({"u3", "u4"}, "t3"));
        testing::capture_transport capture(replay.sender());
        core::client client(testing::offline_config(capture.sender()));
        auto got =
            conn::async_collect_list_users(client, users_request(), 3, boost::asio::use_future)
                .get();
        CHECK(ids_of(got.items) == std::vector<std::string>{"u1", "u2", "u3"});
        CHECK(got.more);
        CHECK_FALSE(got.next_token);
        CHECK(capture.size() == 2);
        CHECK_FALSE(query_param(capture.last(), "maxResults")); // no page size: none is set
    }
    SUBCASE("with a page size, the last page asks only for what the cap leaves; exact resume") {
        testing::replay_transport replay;
        replay.then(users_page({"u1", "u2"}, "t2")).then(users_page({"u3"}, "t3"));
        testing::capture_transport capture(replay.sender());
        core::client client(testing::offline_config(capture.sender()));
        auto request = users_request();
        request.max_results = 2;
        auto got =
            conn::async_collect_list_users(client, request, 3, boost::asio::use_future).get();
        CHECK(ids_of(got.items) == std::vector<std::string>{"u1", "u2", "u3"});
        CHECK(got.more);
        CHECK(got.next_token == "t3");
        const auto sent = capture.requests();
        REQUIRE(sent.size() == 2);
        CHECK(query_param(sent[0], "maxResults") == "2");
        CHECK(query_param(sent[1], "maxResults") == "1");
        CHECK(query_param(sent[1], "nextToken") == "t2");
    }
    SUBCASE("the cap meets the last page: everything, nothing more") {
        testing::replay_transport replay;
        replay.then(users_page({"u1", "u2"}, "t2")).then(users_page({"u3"}));
        core::client client(testing::offline_config(replay.sender()));
        auto got =
            conn::async_collect_list_users(client, users_request(), 3, boost::asio::use_future)
                .get();
        CHECK(got.items.size() == 3);
        CHECK_FALSE(got.more);
        CHECK_FALSE(got.next_token);
    }
    SUBCASE("a cap above the total: everything") {
        testing::replay_transport replay;
        replay.then(users_page({"u1", "u2"}, "t2"))
            .then(users_page({}, "t3"))
            .then(users_page({"u3"}));
        core::client client(testing::offline_config(replay.sender()));
        auto got =
            conn::async_collect_list_users(client, users_request(), 100, boost::asio::use_future)
                .get();
        CHECK(ids_of(got.items) ==
              std::vector<std::string>{"u1", "u2", "u3"}); // empty page skipped
        CHECK_FALSE(got.more);
        CHECK(replay.remaining() == 0);
    }
    SUBCASE("a cap of 0 sends nothing") {
        testing::capture_transport capture;
        core::client client(testing::offline_config(capture.sender()));
        auto got =
            conn::async_collect_list_users(client, users_request(), 0, boost::asio::use_future)
                .get();
        CHECK(got.items.empty());
        CHECK(got.more);
        CHECK(capture.size() == 0);
    }
}

TEST_CASE("paginator: the same token twice stops paging with a clear error") {
    testing::replay_transport replay;
    replay.then(users_page({"u1"}, "again")).then(users_page({"u2"}, "again"));
    testing::capture_transport capture(replay.sender());
    core::client client(testing::offline_config(capture.sender()));
    core::diagnostics diag;
    conn::list_users_paginator pages(client, users_request(), &diag);
    CHECK(pages.async_next(boost::asio::use_future).get());
    auto second = pages.async_next(boost::asio::use_future).get(); // delivered: valid data
    REQUIRE(second);
    CHECK(ids_of(*second->user_summary_list) == std::vector<std::string>{"u2"});
    CHECK_FALSE(pages.done());
    try {
        pages.async_next(boost::asio::use_future).get();
        FAIL("a repeated token did not stop paging");
    } catch (const boost::system::system_error& e) {
        CHECK(e.code() == core::errc::pagination_token_repeated);
        CHECK(e.code().message() == "the service returned the same pagination token twice");
    }
    CHECK(diag.client_message == "ListUsers returned the NextToken its request sent; paging "
                                 "stopped (it would never end)");
    CHECK(pages.done());
    CHECK(capture.size() == 2); // the third page was never asked for

    // Collecting: the error, with the items read before it.
    testing::replay_transport again;
    again.then(users_page({"u1"}, "x")).then(users_page({"u2"}, "x"));
    boost::system::error_code result;
    core::collected_items<conn::UserSummary> got;
    bool done = false;
    boost::asio::io_context io;
    core::client client3(io.get_executor(), testing::offline_config(again.sender()));
    conn::async_collect_list_users(client3, users_request(), 10,
                                   [&](boost::system::error_code ec, auto items) {
                                       result = ec;
                                       got = std::move(items);
                                       done = true;
                                   });
    io.run();
    REQUIRE(done);
    CHECK(result == core::errc::pagination_token_repeated);
    CHECK(ids_of(got.items) == std::vector<std::string>{"u1", "u2"});
    CHECK(got.more);
}

TEST_CASE("paginator: an error mid-way; the same page can be asked for again") {
    testing::replay_transport replay;
    replay.then(users_page({"u1"}, "t2"))
        .then(testing::service_error(400, "InvalidParameterException", "bad"))
        .then(users_page({"u2"}));
    testing::capture_transport capture(replay.sender());
    core::client client(testing::offline_config(capture.sender()));
    core::diagnostics diag;
    conn::list_users_paginator pages(client, users_request(), &diag);
    CHECK(pages.async_next(boost::asio::use_future).get());
    try {
        pages.async_next(boost::asio::use_future).get();
        FAIL("the error page succeeded");
    } catch (const boost::system::system_error& e) {
        CHECK(e.code() == conn::errc::invalid_parameter_exception);
    }
    CHECK(diag.error_code == "InvalidParameterException");
    CHECK_FALSE(pages.done());
    CHECK(pages.pages() == 1);
    auto retried = pages.async_next(boost::asio::use_future).get();
    REQUIRE(retried);
    CHECK(pages.done());
    const auto sent = capture.requests();
    REQUIRE(sent.size() == 3);
    CHECK(query_param(sent[1], "nextToken") == "t2");
    CHECK(query_param(sent[2], "nextToken") == "t2"); // the failed page, asked for again

    // Collecting: the error and the items before it.
    testing::replay_transport failing;
    failing.then(users_page({"u1", "u2"}, "t2"))
        .then(testing::service_error(404, "ResourceNotFoundException", "gone"));
    hawk::core::diagnostics diag2;
    boost::system::error_code result;
    core::collected_items<conn::UserSummary> got;
    boost::asio::io_context io;
    core::client client3(io.get_executor(), testing::offline_config(failing.sender()));
    conn::async_collect_list_users(client3, users_request(), 10, diag2,
                                   [&](boost::system::error_code ec, auto items) {
                                       result = ec;
                                       got = std::move(items);
                                   });
    io.run();
    CHECK(result == conn::errc::resource_not_found_exception);
    CHECK(diag2.error_code == "ResourceNotFoundException");
    CHECK(ids_of(got.items) == std::vector<std::string>{"u1", "u2"});
    CHECK(got.more);
}

#if HAWK_HAS_COROUTINES
TEST_CASE("paginator: coroutines (C++20), page by page and collected") {
    testing::replay_transport replay;
    replay.then(users_page({"u1", "u2"}, "t2"))
        .then(users_page({"u3"}))
        .then(users_page({"v1"}, "t9"))
        .then(users_page({"v2"}));
    testing::capture_transport capture(replay.sender());
    boost::asio::io_context io;
    core::client client(io.get_executor(), testing::offline_config(capture.sender()));
    std::vector<std::string> paged;
    std::vector<std::string> collected;
    bool finished = false;
    boost::asio::co_spawn(
        io,
        [&]() -> boost::asio::awaitable<void> {
            conn::list_users_paginator pages(client, users_request());
            while (auto page = co_await pages.async_next(boost::asio::use_awaitable))
                for (const auto& u : *page->user_summary_list)
                    paged.push_back(*u.id);
            auto all = co_await conn::async_collect_list_users(
                client, users_request(), core::all_items, boost::asio::use_awaitable);
            collected = ids_of(all.items);
            finished = !all.more;
        },
        boost::asio::detached);
    io.run();
    CHECK(paged == std::vector<std::string>{"u1", "u2", "u3"});
    CHECK(collected == std::vector<std::string>{"v1", "v2"});
    CHECK(finished);
    CHECK(capture.size() == 4);
}
#endif
