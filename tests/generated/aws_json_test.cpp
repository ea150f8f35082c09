// awsJson 1.0 through the fixture model tests/fixtures/models/awsjson: a service whose model
// prefers smithy-rpc-v2-cbor, lists json second, and is awsQueryCompatible. Requests as
// botocore's JSON serializer sends them; responses and errors as its parser reads them.

#include <hawk/awsjson/delete_item.hpp>
#include <hawk/awsjson/list_items.hpp>
#include <hawk/awsjson/put_item.hpp>
#include <hawk/connectparticipant/service.hpp>
#include <hawk/testing/transports.hpp>

#include <support/test_server.hpp>

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace aj = hawk::awsjson;
namespace hc = hawk::core;

namespace {

std::string header(const std::vector<hc::http::header>& headers, std::string_view name) {
    const std::string* v = hc::http::detail::find(headers, name);
    return v ? *v : "<absent>";
}

hc::http::response response(int status, std::vector<hc::http::header> headers, std::string body) {
    hc::http::response r;
    r.status = status;
    r.headers = std::move(headers);
    r.body = std::move(body);
    return r;
}

aj::PutItemInput full_input() {
    aj::PutItemInput in;
    in.table_name = "Music";
    in.item = std::map<std::string, std::string>{{"Artist", "No One You Know"}, {"Year", "1999"}};
    in.count = 3;
    in.ratio = 0.5;
    in.enabled = true;
    in.created_at = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    in.updated_at = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000));
    in.payload = hc::blob{'h', 'i'};
    aj::Tag tag;
    tag.key = "k";
    tag.value = "v";
    in.tags = std::vector<aj::Tag>{tag};
    in.kind = aj::ItemKind::large;
    in.renamed = "r";
    in.traced = "t-1";
    in.client_token = "token-1";
    return in;
}

} // namespace

TEST_CASE("awsjson: json, the first protocol of the model's list that hawk speaks") {
    CHECK(aj::service.protocol == "json");
    CHECK(aj::service.query_compatible);
    CHECK_FALSE(hawk::connectparticipant::service.query_compatible);
    CHECK(aj::operations::PutItem::http_method == "POST");
    CHECK(aj::operations::PutItem::request_uri == "/");
}

TEST_CASE(
    "awsjson PutItem: POST /, X-Amz-Target, awsJson 1.0 content type, the whole input as JSON") {
    const hc::http::request http = aj::operations::PutItem::serialize(full_input());
    CHECK(http.method == "POST");
    CHECK(http.path == "/");
    CHECK(http.query.empty());
    CHECK(header(http.headers, "X-Amz-Target") == "AwsJsonFixture_20240101.PutItem");
    CHECK(header(http.headers, "Content-Type") == "application/x-amz-json-1.0");
    CHECK(header(http.headers, "x-amzn-query-mode") == "true");
    // A member the model binds to a header travels in the body, under its locationName, as
    // botocore sends it: awsJson has no HTTP bindings.
    CHECK(header(http.headers, "X-Trace") == "<absent>");
    // Model order; timestamps in epoch seconds unless the shape says otherwise; blobs in base64.
    CHECK(http.body == R"({"TableName":"Music","Item":{"Artist":"No One You Know","Year":"1999"},)"
                       R"("Count":3,"Ratio":0.5,"Enabled":true,"CreatedAt":1700000000,)"
                       R"("UpdatedAt":"2023-11-14T22:13:20Z","Payload":"aGk=",)"
                       R"("Tags":[{"Key":"k","Value":"v"}],"Kind":"LARGE","renamed_on_wire":"r",)"
                       R"("X-Trace":"t-1","ClientToken":"token-1"})");
}

TEST_CASE("awsjson: an empty or absent input is sent as {}") {
    // ListItems has no input in the model; DeleteItem's members are all optional and unset.
    for (const hc::http::request& http :
         {aj::operations::ListItems::serialize({}), aj::operations::DeleteItem::serialize({})}) {
        CHECK(http.method == "POST");
        CHECK(http.path == "/");
        CHECK(http.body == "{}");
        CHECK(header(http.headers, "Content-Type") == "application/x-amz-json-1.0");
    }
    CHECK(header(aj::operations::ListItems::serialize({}).headers, "X-Amz-Target") ==
          "AwsJsonFixture_20240101.ListItems");
    aj::DeleteItemInput del;
    del.key = "k1";
    CHECK(aj::operations::DeleteItem::serialize(del).body == R"({"Key":"k1"})");
}

TEST_CASE("awsjson: responses are the whole body; an empty body is an empty output") {
    aj::PutItemOutput out;
    std::string error;
    REQUIRE(aj::operations::PutItem::parse(
        response(200, {{"Content-Type", "application/x-amz-json-1.0"}},
                 R"({"Item":{"a":"b"},"ConsumedCapacity":1.5,"CreatedAt":1700000000.25,)"
                 R"("Version":9007199254740993,"Tags":[{"Key":"k"}],"Unknown":{"x":1}})"),
        out, error));
    CHECK(error.empty());
    CHECK(out.item == std::map<std::string, std::string>{{"a", "b"}});
    CHECK(out.consumed_capacity == 1.5);
    CHECK(out.created_at ==
          std::chrono::system_clock::time_point(std::chrono::milliseconds(1700000000250)));
    CHECK(out.version == 9007199254740993LL);
    REQUIRE(out.tags);
    CHECK(out.tags->at(0).key == "k");
    CHECK_FALSE(out.tags->at(0).value);

    aj::PutItemOutput empty;
    CHECK(aj::operations::PutItem::parse(response(200, {}, ""), empty, error));
    CHECK_FALSE(empty.item);
    CHECK(aj::operations::PutItem::parse(response(200, {}, "{}"), empty, error));

    CHECK_FALSE(aj::operations::PutItem::parse(response(200, {}, "{not json"), empty, error));
    CHECK(error.find("not valid JSON") != std::string::npos);

    aj::ListItemsOutput list;
    REQUIRE(aj::operations::ListItems::parse(response(200, {}, R"({"Items":[{"a":"1"},{}]})"), list,
                                             error));
    REQUIRE(list.items);
    CHECK(list.items->size() == 2);
    // DeleteItem has no output: whatever the body, there is nothing to read.
    aj::DeleteItemResponse none;
    CHECK(aj::operations::DeleteItem::parse(response(200, {}, "{}"), none, error));
}

TEST_CASE("awsjson errors: x-amzn-ErrorType, else __type, else code; namespace and URI removed") {
    const auto code = [](std::vector<hc::http::header> headers, std::string body) {
        return hc::parse_error(response(400, std::move(headers), std::move(body)), aj::service)
            .code;
    };
    CHECK(code({}, R"({"__type":"com.amazonaws.awsjson#ThrottledException","message":"slow"})") ==
          "ThrottledException");
    CHECK(code({}, R"({"__type":"ThrottledException:http://internal.amazon.com/coral/"})") ==
          "ThrottledException");
    CHECK(code({{"X-Amzn-ErrorType", "aws.test#FromHeader:http://x/"}},
               R"({"__type":"FromBody"})") == "FromHeader");
    // awsJson reads __type before code (restJson1 the other way round).
    CHECK(code({}, R"({"code":"FromCode","__type":"FromType"})") == "FromType");
    CHECK(hc::parse_error(response(400, {}, R"({"code":"FromCode","__type":"FromType"})"),
                          hawk::connectparticipant::service)
              .code == "FromCode");
    CHECK(code({}, R"({"code":"ns#FromCode"})") == "FromCode");
    CHECK(code({}, R"({"Code":"FromCapitalCode"})") == "FromCapitalCode");
    CHECK(code({}, "<html>502</html>").empty());

    const hc::service_error_info info = hc::parse_error(
        response(400, {}, R"({"__type":"ThrottledException","message":"slow"})"), aj::service);
    CHECK(info.message == "slow");
    CHECK(aj::service.error_from_code(info.code) == aj::errc::throttled_exception);
    bool throttling = false;
    CHECK(aj::service.modeled_retryable(info.code, throttling));
    CHECK(throttling);
}

TEST_CASE("awsjson errors: x-amzn-query-error gives the code of the former awsQuery protocol") {
    const auto code = [](const hc::service_info& service, std::string query_error) {
        return hc::parse_error(response(404, {{"x-amzn-query-error", std::move(query_error)}},
                                        R"({"__type":"com.amazonaws.awsjson#ItemNotFoundFault"})"),
                               service)
            .code;
    };
    // The model declares ItemNotFoundFault with the query code ItemNotFound.
    CHECK(code(aj::service, "ItemNotFound;Sender") == "ItemNotFound");
    CHECK(aj::service.error_from_code("ItemNotFound") == aj::errc::item_not_found_fault);
    CHECK(code(aj::service, "AWS.SimpleQueueService.NonExistentQueue;Receiver") ==
          "AWS.SimpleQueueService.NonExistentQueue");
    // Malformed headers are ignored, as botocore ignores them: the shape name stays.
    for (const char* bad : {"", ";Sender", "NoSemicolon", "A;B;C"}) {
        CAPTURE(bad);
        CHECK(code(aj::service, bad) == "ItemNotFoundFault");
    }
    // ...and so is the header of a service that is not query-compatible.
    CHECK(code(hawk::connectparticipant::service, "ItemNotFound;Sender") == "ItemNotFoundFault");
}

TEST_CASE("awsjson through the client: signed awsJson request, typed query-compatible error") {
    hawk::test::test_server server;
    server.respond([](const hawk::test::recorded_request& r) {
        hawk::test::reply reply;
        reply.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                         {"x-amzn-RequestId", "req-1"}};
        if (r.find_header("X-Amz-Target") &&
            *r.find_header("X-Amz-Target") == "AwsJsonFixture_20240101.ListItems") {
            reply.body = R"({"Items":[{"a":"1"}]})";
            return reply;
        }
        reply.status = 404;
        reply.headers.push_back({"x-amzn-query-error", "ItemNotFound;Sender"});
        reply.body = R"({"__type":"com.amazonaws.awsjson#ItemNotFoundFault","message":"gone"})";
        return reply;
    });
    const std::map<std::string, std::string> env = {
        {"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
        {"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
        {"AWS_REGION", "us-west-2"},
        {"HOME", "/nonexistent"},
        {"AWS_CONFIG_FILE", "/nonexistent/config"},
        {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"}};
    hc::client_config cfg;
    cfg.endpoint_url = "http://127.0.0.1:" + std::to_string(server.port());
    cfg.environment = [env](std::string_view name) -> std::optional<std::string> {
        auto it = env.find(std::string(name));
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    cfg.random = [] { return 0.0; };
    hc::client client(cfg);

    const aj::ListItemsOutput listed = aj::list_items(client, {});
    REQUIRE(listed.items);
    CHECK(listed.items->at(0).at("a") == "1");
    const hawk::test::recorded_request sent = server.requests().at(0);
    CHECK(sent.method == "POST");
    CHECK(sent.path == "/");
    CHECK(sent.body == "{}");
    CHECK(header(sent.headers, "Content-Type") == "application/x-amz-json-1.0");
    const std::string authz = header(sent.headers, "Authorization");
    CHECK(authz.find("/us-west-2/awsjson/aws4_request") != std::string::npos);
    CHECK(authz.find("x-amz-target") != std::string::npos); // the target is signed

    aj::DeleteItemInput del;
    del.key = "k1";
    try {
        aj::delete_item(client, del);
        FAIL("expected an error");
    } catch (const hc::error_with_diagnostics& e) {
        CHECK(e.code() == aj::errc::item_not_found_fault);
        CHECK(e.get_diagnostics().error_code == "ItemNotFound");
        CHECK(e.get_diagnostics().message == "gone");
        CHECK(e.get_diagnostics().http_status == 404);
        const auto fault = hc::error_as<aj::ItemNotFoundFault>(e.get_diagnostics());
        REQUIRE(fault);
        CHECK(fault->message == "gone");
    }
}

TEST_CASE("endpoint rules get the SDK's built-ins under their own names, and only those they declare") {
    // The fixture's rules call the custom endpoint "CustomEndpoint" and have no UseDualStack
    // (as some AWS services' rules): passing an undeclared parameter would fail every call.
    hawk::testing::capture_transport capture;
    auto cfg = hawk::testing::offline_config(capture.sender());
    cfg.region = "eu-west-3";
    cfg.use_dual_stack = true;
    {
        hc::client client(cfg);
        aj::list_items(client, {});
        CHECK(capture.last().host == "awsjson.eu-west-3.amazonaws.com");
    }
    cfg.endpoint_url = "http://127.0.0.1:9/base";
    hc::client custom(cfg);
    aj::list_items(custom, {});
    CHECK(capture.last().host == "127.0.0.1");
    CHECK(capture.last().port == 9);
}
