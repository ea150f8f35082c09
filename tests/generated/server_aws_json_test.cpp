// The generated service side of the awsJson fixture (tests/fixtures/models/awsjson: awsJson 1.0,
// awsQueryCompatible): requests matched by X-Amz-Target and read from the whole body, responses
// and errors written as the client reads them.

#include <hawk/awsjson/error_parsers.hpp>
#include <hawk/awsjson/errors.hpp>
#include <hawk/awsjson/operations/delete_item.hpp>
#include <hawk/awsjson/operations/list_items.hpp>
#include <hawk/awsjson/operations/put_item.hpp>
#include <hawk/awsjson/server/all.hpp>
#include <hawk/awsjson/service.hpp>

#include <hawk/core/error.hpp>

#include "server_round_trip.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

namespace aj = hawk::awsjson;
namespace hc = hawk::core;
using hawk::test::parse_error_of;
using hawk::test::through_client;
using hawk::test::through_server;

namespace {

aj::PutItemInput full_input() {
    aj::PutItemInput in;
    in.table_name = "Tâble/1";
    in.item = std::map<std::string, std::string>{{"key \"q\"", "ü"}, {"", "empty key"}};
    in.count = -7;
    in.ratio = -2.75;
    in.enabled = false;
    in.created_at = hawk::test::at(1700000000250);
    in.updated_at = hawk::test::at(1600000000001);
    in.payload = hc::blob{0xff, 0, 0x7f};
    aj::Tag first, second;
    first.key = "k1";
    second.key = "k2";
    second.value = "";
    in.tags = std::vector<aj::Tag>{first, second};
    in.kind = aj::ItemKind("HUGE"); // a value the model does not know
    in.traced = "X-Trace travels in the body";
    in.client_token = "token-2";
    return in;
}

std::string header(const hc::http::response& r, std::string_view name) {
    const std::string* v = r.find_header(name);
    return v ? *v : "<absent>";
}

} // namespace

TEST_CASE("server awsjson PutItem: matched by X-Amz-Target, the whole input read back") {
    const aj::PutItemInput back = through_server<aj::server::PutItem>(full_input());
    CHECK(back == full_input());
    REQUIRE(aj::server::PutItem::idempotency_token(back));
    CHECK(*aj::server::PutItem::idempotency_token(back) == "token-2");

    const hc::http::request http = aj::operations::PutItem::serialize(full_input());
    CHECK_FALSE(aj::server::DeleteItem::matches(http));
    CHECK_FALSE(aj::server::ListItems::matches(http));
    hc::http::request other = http;
    other.method = "GET";
    CHECK_FALSE(aj::server::PutItem::matches(other));
    other = http;
    other.set_header("X-Amz-Target", "AwsJsonFixture_20240101.PutItemX");
    CHECK_FALSE(aj::server::PutItem::matches(other));
    other.headers.clear();
    CHECK_FALSE(aj::server::PutItem::matches(other));

    other = http;
    other.body = R"({"TableName":)";
    CHECK(parse_error_of<aj::server::PutItem>(other).find("request body is not valid JSON") == 0);
    other.body = R"({"Count":"three"})";
    CHECK(parse_error_of<aj::server::PutItem>(other) == "PutItemInput.Count: expected an integer");
}

TEST_CASE("server awsjson: empty inputs and outputs") {
    CHECK(through_server<aj::server::ListItems>({}) == aj::ListItemsRequest{});
    aj::DeleteItemInput del;
    del.key = "k1";
    CHECK(through_server<aj::server::DeleteItem>(del) == del);
    CHECK(aj::server::DeleteItem::idempotency_token(del) == nullptr);
    // An empty body is an empty input.
    hc::http::request http = aj::operations::DeleteItem::serialize({});
    http.body.clear();
    CHECK(parse_error_of<aj::server::DeleteItem>(http).empty());

    // A response is always a JSON object, `{}` for an output without members.
    const hc::http::response none = aj::server::DeleteItem::serialize_response({});
    CHECK(none.status == 200);
    CHECK(none.body == "{}");
    CHECK(header(none, "Content-Type") == "application/x-amz-json-1.0");
}

TEST_CASE("server awsjson: responses read back by the client") {
    aj::PutItemOutput out;
    out.item = std::map<std::string, std::string>{{"a", "b"}};
    out.consumed_capacity = 1.5;
    out.created_at = hawk::test::at(1700000000250);
    out.version = 9007199254740993LL;
    aj::Tag tag;
    tag.key = "k";
    out.tags = std::vector<aj::Tag>{tag};
    CHECK(through_client<aj::server::PutItem>(out) == out);

    aj::ListItemsOutput list;
    list.items = std::vector<std::map<std::string, std::string>>{{{"a", "1"}}, {}};
    CHECK(through_client<aj::server::ListItems>(list) == list);
}

TEST_CASE("server awsjson errors: __type, x-amzn-query-error, members") {
    aj::ItemNotFoundFault missing;
    missing.message = "no such item";
    hc::http::response http = aj::server::serialize_error(missing);
    CHECK(http.status == 404);
    CHECK(header(http, "Content-Type") == "application/x-amz-json-1.0");
    CHECK(header(http, "x-amzn-query-error") == "ItemNotFound;Sender");
    CHECK(boost::json::parse(http.body) ==
          boost::json::parse(R"({"__type":"ItemNotFoundFault","message":"no such item"})"));
    hc::service_error_info info = hc::parse_error(http, aj::service);
    CHECK(info.code == "ItemNotFound");
    CHECK(info.message == "no such item");
    CHECK(aj::service.error_from_code(info.code) == aj::errc::item_not_found_fault);
    aj::ItemNotFoundFault back;
    std::string error;
    REQUIRE(read_error(http, back, error));
    CHECK(back == missing);

    aj::ThrottledException throttled;
    http = aj::server::serialize_error(throttled);
    CHECK(http.status == 400);
    CHECK(http.body == R"({"__type":"ThrottledException"})");
    info = hc::parse_error(http, aj::service);
    CHECK(aj::service.error_from_code(info.code) == aj::errc::throttled_exception);
    bool throttling = false;
    CHECK(aj::service.modeled_retryable(info.code, throttling));
    CHECK(throttling);

    // Errors no model declares: __type and message, the service's content type.
    http = aj::server::error_response(400, "UnknownOperationException", "what is that?");
    CHECK(aj::server::protocol == "awsJson1_0");
    CHECK(header(http, "Content-Type") == "application/x-amz-json-1.0");
    CHECK(header(http, "x-amzn-ErrorType") == "<absent>");
    info = hc::parse_error(http, aj::service);
    CHECK(info.code == "UnknownOperationException");
    CHECK(info.message == "what is that?");
}
