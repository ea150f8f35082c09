// Validators: every violation reported at once, with its path and rule.

#include <hawk/connectparticipant/types/send_message_request.hpp>
#include <hawk/kitchensink/all.hpp>

#include <doctest/doctest.h>

#include <algorithm>

using hawk::core::validate;
using hawk::core::validation_mode;
using hawk::core::violation;

namespace {
bool has(const std::vector<violation>& vs, const std::string& path, const std::string& rule) {
    return std::any_of(vs.begin(), vs.end(),
                       [&](const violation& v) { return v.path == path && v.rule == rule; });
}

hawk::connectparticipant::SendMessageRequest valid_message() {
    hawk::connectparticipant::SendMessageRequest r;
    r.content_type = "text/plain";
    r.content = "hello";
    r.connection_token = "token";
    return r;
}
} // namespace

TEST_CASE("a valid request has no violations") {
    CHECK(validate(valid_message()).empty());
}

TEST_CASE("empty Content: required and below the minimum length") {
    auto r = valid_message();
    r.content.clear();
    const auto vs = validate(r);
    CHECK(has(vs, "SendMessageRequest.Content", "required"));
    CHECK(has(vs, "SendMessageRequest.Content", "length"));
    // Only required members are checked in the default client mode.
    const auto required_only = validate(r, validation_mode::required);
    REQUIRE(required_only.size() == 1);
    CHECK(required_only[0].to_string() == "SendMessageRequest.Content: is required but missing");
}

TEST_CASE("16,385 characters exceed the model's 16,384") {
    auto r = valid_message();
    r.content.assign(16385, 'x');
    auto vs = validate(r);
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].path == "SendMessageRequest.Content");
    CHECK(vs[0].message == "length 16385 is above the maximum of 16384 characters");
    r.content.assign(16384, 'x');
    CHECK(validate(r).empty());
}

TEST_CASE("length counts code points: an emoji is one character") {
    hawk::kitchensink::PutEverythingRequest r;
    r.thing_id = "t";
    r.kind = hawk::kitchensink::Kind::text_plain;
    r.choice = hawk::kitchensink::Choice::make_number(1);
    r.name =
        "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80"; // five
                                                                                            // emoji,
                                                                                            // 20
                                                                                            // bytes
    CHECK(validate(r).empty());
    r.name += "\xF0\x9F\x98\x80";
    CHECK(has(validate(r), "PutEverythingRequest.Name", "length"));
    r.name = "ab\xFF";
    CHECK(has(validate(r, validation_mode::required), "PutEverythingRequest.Name", "utf8"));
}

TEST_CASE("all violations at once, with nested paths") {
    hawk::kitchensink::PutEverythingRequest r; // thingId, Name, Kind and Choice missing
    r.count = 11;
    r.tags = std::vector<std::string>{"ok", "NOT-LOWER", "a", "b"};
    r.attributes = std::map<std::string, std::string>{{"x", "1"}, {"yy", "2"}, {"zz", "3"}};
    hawk::kitchensink::Node node;
    node.children = std::vector<hawk::kitchensink::Node>{hawk::kitchensink::Node{}};
    r.tree = node;
    r.data = hawk::core::blob(5);
    r.code = "abc1";
    const auto vs = validate(r);
    CHECK(has(vs, "PutEverythingRequest.thingId", "required"));
    CHECK(has(vs, "PutEverythingRequest.Name", "required"));
    CHECK(has(vs, "PutEverythingRequest.Kind", "required"));
    CHECK(has(vs, "PutEverythingRequest.Choice", "required"));
    CHECK(has(vs, "PutEverythingRequest.Count", "range"));
    CHECK(has(vs, "PutEverythingRequest.Tags", "size"));
    CHECK(has(vs, "PutEverythingRequest.Tags[1]", "pattern"));
    CHECK(has(vs, "PutEverythingRequest.Attributes", "size"));
    CHECK(has(vs, R"(PutEverythingRequest.Attributes["x"])", "length"));
    CHECK(has(vs, "PutEverythingRequest.Tree.Label", "required"));
    CHECK(has(vs, "PutEverythingRequest.Tree.Children[0].Label", "required"));
    CHECK(has(vs, "PutEverythingRequest.Data", "length"));
    CHECK(has(vs, "PutEverythingRequest.Code", "pattern"));
    CHECK(has(vs, "PutEverythingRequest.thingId", "length"));
    CHECK(has(vs, "PutEverythingRequest.thingId", "pattern"));
    CHECK(has(vs, "PutEverythingRequest.Name", "length"));
    CHECK(vs.size() == 18); // the above, and the minimum lengths of both Labels
}

TEST_CASE("a pattern mismatch on a very long string is reported, not a crash") {
    hawk::kitchensink::PutEverythingRequest r;
    r.thing_id = std::string(1 << 20, 'a') + "!"; // ^[a-zA-Z0-9-]+$ fails only at the end
    r.name = "n";
    r.kind = hawk::kitchensink::Kind::text_plain;
    r.choice = hawk::kitchensink::Choice::make_number(1);
    const auto vs = validate(r);
    REQUIRE(vs.size() == 1);
    CHECK(vs[0].rule == "pattern");
    r.thing_id.pop_back();
    CHECK(validate(r).empty());
    r.code = "\xC3\xA9t\xC3\xA9"; // "été": \p{L} matches non-ASCII letters
    CHECK(validate(r).empty());
}
