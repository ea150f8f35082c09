// The waiters' pure parts: Smithy's delay algorithm (core::waiter_delay) and the JMESPath
// subset (core/detail/jmespath.hpp) evaluated on JSON as botocore's waiters evaluate it.

#include <hawk/core/detail/jmespath.hpp>
#include <hawk/core/waiter.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <string>

namespace hc = hawk::core;
namespace jp = hawk::core::detail::jmespath;
using ms = std::chrono::milliseconds;

namespace {

const ms lots(1000000); // far from the deadline

boost::json::value eval(const std::string& path, const std::string& json) {
    return jp::evaluate(jp::parse(path), boost::json::parse(json));
}

std::string eval_text(const std::string& path, const std::string& json) {
    return boost::json::serialize(eval(path, json));
}

std::string parse_error(const std::string& path) {
    try {
        jp::parse(path);
    } catch (const jp::parse_error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("waiter_delay: exponential from min_delay, capped at max_delay, jittered between") {
    // random 1 (the top of the range, as [0, 1) approaches it): min * 2^(attempt - 1), capped.
    const double top = 1.0;
    CHECK(hc::waiter_delay(1, ms(2000), ms(120000), lots, top).delay == ms(2000));
    CHECK(hc::waiter_delay(2, ms(2000), ms(120000), lots, top).delay == ms(4000));
    CHECK(hc::waiter_delay(3, ms(2000), ms(120000), lots, top).delay == ms(8000));
    CHECK(hc::waiter_delay(6, ms(2000), ms(120000), lots, top).delay == ms(64000));
    CHECK(hc::waiter_delay(7, ms(2000), ms(120000), lots, top).delay == ms(120000)); // capped
    CHECK(hc::waiter_delay(1000, ms(2000), ms(120000), lots, top).delay == ms(120000));
    // random 0: always min_delay; half way: the middle of [min, cap].
    CHECK(hc::waiter_delay(5, ms(2000), ms(120000), lots, 0.0).delay == ms(2000));
    CHECK(hc::waiter_delay(3, ms(2000), ms(120000), lots, 0.5).delay == ms(5000));
    CHECK(hc::waiter_delay(100, ms(10), ms(30), lots, 0.5).delay == ms(20));
    // min == max: linear.
    for (int attempt = 1; attempt < 50; ++attempt)
        CHECK(hc::waiter_delay(attempt, ms(40), ms(40), lots, 0.7).delay == ms(40));
    // Never outside [min, max], whatever the source gives.
    for (const double r : {-1.0, 0.0, 0.3, 0.999, 1.0, 7.0})
        for (int attempt = 1; attempt < 40; ++attempt) {
            const hc::waiter_pause p = hc::waiter_delay(attempt, ms(30), ms(90), lots, r);
            CHECK(p.delay >= ms(30));
            CHECK(p.delay <= ms(90));
            CHECK_FALSE(p.last);
        }
}

TEST_CASE("waiter_delay: never past the deadline; the attempt at the deadline is the last") {
    // 10 s left, a 4 s delay leaves 6 > 2: an ordinary delay.
    hc::waiter_pause p = hc::waiter_delay(2, ms(2000), ms(120000), ms(10000), 1.0);
    CHECK(p.delay == ms(4000));
    CHECK_FALSE(p.last);
    // 5 s left, a 4 s delay would leave 1 <= 2: sleep the 5 s, then one last attempt.
    p = hc::waiter_delay(2, ms(2000), ms(120000), ms(5000), 1.0);
    CHECK(p.delay == ms(5000));
    CHECK(p.last);
    // Exactly min_delay would remain: also the last.
    p = hc::waiter_delay(1, ms(2000), ms(120000), ms(4000), 1.0);
    CHECK(p.delay == ms(4000));
    CHECK(p.last);
    // Less than min_delay left: only what is left.
    p = hc::waiter_delay(1, ms(2000), ms(120000), ms(300), 0.0);
    CHECK(p.delay == ms(300));
    CHECK(p.last);
    p = hc::waiter_delay(1, ms(2000), ms(120000), ms(-5), 0.0);
    CHECK(p.delay == ms(0));
    CHECK(p.last);
}

TEST_CASE("jmespath: members, subexpressions, indexes; absent is null") {
    const std::string doc =
        R"({"assistant":{"status":"ACTIVE","n":3,"tags":{"a b":"x"}},"list":[1,2,3],"e":[]})";
    CHECK(eval_text("assistant.status", doc) == R"("ACTIVE")");
    CHECK(eval_text("assistant.n", doc) == "3");
    CHECK(eval_text(R"("assistant"."status")", doc) == R"("ACTIVE")");
    CHECK(eval_text(R"(assistant.tags."a b")", doc) == R"("x")");
    CHECK(eval_text("assistant.missing", doc) == "null");
    CHECK(eval_text("nothing.at.all", doc) == "null");
    CHECK(eval_text("assistant.status.deeper", doc) == "null"); // a member of a string
    CHECK(eval_text("list[0]", doc) == "1");
    CHECK(eval_text("list[-1]", doc) == "3");
    CHECK(eval_text("list[3]", doc) == "null");
    CHECK(eval_text("assistant[0]", doc) == "null");
}

TEST_CASE("jmespath: projections apply to each item and drop nulls; [] flattens one level") {
    const std::string doc =
        R"({"r":[{"i":[{"s":{"n":"a"}},{"s":{"n":"b"}}]},{"i":[{"s":{"n":"c"}}]},
                                    {"x":1},{"i":[{"s":{}}]}],
                               "nested":[[1,2],[3,[4]],5]})";
    CHECK(eval_text("r[].i[].s.n", doc) == R"(["a","b","c"])");
    CHECK(eval_text("r[*].i[*].s.n", doc) == R"([["a","b"],["c"],[]])");
    CHECK(eval_text("r[].x", doc) == "[1]");
    CHECK(eval_text("r[].i[0].s.n", doc) == R"(["a","c"])");
    CHECK(eval_text("nested[]", doc) == "[1,2,3,[4],5]");
    CHECK(eval_text("nested[][]", doc) == "[1,2,3,4,5]");
    CHECK(eval_text("r[].missing", doc) == "[]");
    CHECK(eval_text("missing[].x", doc) == "null"); // a projection of a non-list
    CHECK(eval_text("length(r[].i[])", doc) == "4");
}

TEST_CASE("jmespath: length, comparisons, literals, and/or/not") {
    const std::string doc =
        R"({"s":"héllo","l":[1,2],"o":{"a":1},"n":5,"f":2.5,"t":true,"z":0,"empty":""})";
    CHECK(eval_text("length(s)", doc) == "5"); // code points, not bytes
    CHECK(eval_text("length(l)", doc) == "2");
    CHECK(eval_text("length(o)", doc) == "1");
    CHECK(eval_text("length(n)", doc) == "null");
    CHECK(eval_text("length(missing)", doc) == "null");
    CHECK(eval_text("length(l) > `0`", doc) == "true");
    CHECK(eval_text("length(l) >= `3`", doc) == "false");
    CHECK(eval_text("n == `5.0`", doc) == "true"); // numbers by value
    CHECK(eval_text("n != `5`", doc) == "false");
    CHECK(eval_text("f < n", doc) == "true");
    CHECK(eval_text("f <= `2.5`", doc) == "true");
    CHECK(eval_text("s > `1`", doc) == "null"); // only numbers are ordered
    CHECK(eval_text("s == 'héllo'", doc) == "true");
    CHECK(eval_text(R"(s == `"héllo"`)", doc) == "true");
    CHECK(eval_text("l == `[1, 2]`", doc) == "true");
    CHECK(eval_text("o == `{\"a\": 1}`", doc) == "true");
    CHECK(eval_text("missing == `null`", doc) == "true");
    CHECK(eval_text("t && n", doc) == "5");
    CHECK(eval_text("empty && n", doc) == R"("")");
    CHECK(eval_text("empty || z", doc) == "0"); // 0 is true in JMESPath
    CHECK(eval_text("!empty", doc) == "true");
    CHECK(eval_text("!(n == `5`)", doc) == "false");
    CHECK(eval_text("!z", doc) == "false");
    CHECK(eval_text(R"('it\'s')", doc) == R"("it's")");
}

TEST_CASE("jmespath: what is outside the subset is refused, saying what and where") {
    CHECK(parse_error("a[?b == 'c']") ==
          R"(filter expressions ([?...]) are not supported at offset 1 of "a[?b == 'c']")");
    CHECK(parse_error("a[1:2]") ==
          R"(slices and multi-select lists are not supported at offset 1 of "a[1:2]")");
    CHECK(parse_error("a[b, c]") ==
          R"(slices and multi-select lists are not supported at offset 1 of "a[b, c]")");
    CHECK(parse_error("a | b") == R"(pipes (|) are not supported at offset 2 of "a | b")");
    CHECK(parse_error("a.*") == R"(object wildcards (*) are not supported at offset 2 of "a.*")");
    CHECK(parse_error("*") == R"(object wildcards (*) are not supported at offset 0 of "*")");
    CHECK(parse_error("@") == R"(the current node (@) is not supported at offset 0 of "@")");
    CHECK(parse_error("{a: b}") ==
          R"(multi-select hashes ({...}) are not supported at offset 0 of "{a: b}")");
    CHECK(
        parse_error("sort_by(a, &b)") ==
        R"~(the function sort_by() is not supported (only length()) at offset 0 of "sort_by(a, &b)")~");
    CHECK(parse_error("length(a, b)") ==
          R"~(length() takes one argument at offset 8 of "length(a, b)")~");
    CHECK(parse_error("a = b") == R"(unexpected '=' at offset 2 of "a = b")");
    CHECK(parse_error("a.") == R"(expected a member name at offset 2 of "a.")");
    CHECK(parse_error("") == R"(unexpected end of expression at offset 0 of "")");
    CHECK(parse_error("`{bad`") == R"(`{bad` is not JSON at offset 0 of "`{bad`")");
    CHECK(parse_error("'open") == R"(unterminated 'raw string' at offset 0 of "'open")");
    CHECK(parse_error("(a") == R"(expected ')' at offset 2 of "(a")");
    CHECK(parse_error("a.b[0].c[]") == "no error");
}
