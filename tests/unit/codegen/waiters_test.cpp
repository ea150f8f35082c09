// Waiters: waiters-2.json and the customizations' waiters loaded, every matcher kind, paths
// checked against the output shape, everything outside what hawk supports refused naming the
// waiter (and acceptor), and the thin generated header.

#include "gen/service_gen.hpp"
#include "model/model.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

using hawk::codegen::model::apply_customizations;
using hawk::codegen::model::load_service;
using hawk::codegen::model::load_waiters;
using hawk::codegen::model::model_error;
using hawk::codegen::model::waiter_matcher;
using hawk::codegen::model::waiter_state;

namespace {

/// GetThing: In{Id} -> Out{Thing{Status, Count, Tags, Parts[]{State, Subs[]{Name}}, Data, At},
/// Items[]}; Ping has no output.
const std::string thing_model =
    R"({"metadata":{"protocol":"rest-json","apiVersion":"2020-01-01"},
        "operations":{
          "GetThing":{"http":{"method":"GET","requestUri":"/things/{Id}"},
                      "input":{"shape":"In"},"output":{"shape":"Out"},
                      "errors":[{"shape":"NotFound"}]},
          "Ping":{"http":{"method":"GET","requestUri":"/ping"}}},
        "shapes":{
          "In":{"type":"structure","required":["Id"],"members":{
                "Id":{"shape":"Str","location":"uri","locationName":"Id"}}},
          "Out":{"type":"structure","members":{"Thing":{"shape":"Thing"},"Items":{"shape":"Strs"}}},
          "Thing":{"type":"structure","members":{"Status":{"shape":"Status"},
                   "Count":{"shape":"Int"},"Tags":{"shape":"Tags"},"Parts":{"shape":"Parts"},
                   "Ready":{"shape":"Bool"},"Data":{"shape":"Doc"}}},
          "Parts":{"type":"list","member":{"shape":"Part"}},
          "Part":{"type":"structure","members":{"State":{"shape":"Status"},"Subs":{"shape":"Subs"}}},
          "Subs":{"type":"list","member":{"shape":"Sub"}},
          "Sub":{"type":"structure","members":{"Name":{"shape":"Str"}}},
          "Tags":{"type":"map","key":{"shape":"Str"},"value":{"shape":"Str"}},
          "Strs":{"type":"list","member":{"shape":"Str"}},
          "Status":{"type":"string","enum":["READY","FAILED","PENDING"]},
          "NotFound":{"type":"structure","members":{},"exception":true,"error":{"httpStatusCode":404}},
          "Int":{"type":"integer"},
          "Bool":{"type":"boolean"},
          "Doc":{"type":"structure","members":{},"document":true},
          "Str":{"type":"string"}}})";

std::string
waiters_with(const std::string& acceptors,
             const std::string& head = R"("operation":"GetThing","delay":5,"maxAttempts":20)") {
    return R"({"version":2,"waiters":{"ThingReady":{)" + head + R"(,"acceptors":[)" + acceptors +
           "]}}}";
}

const std::string ready =
    R"({"state":"success","matcher":"path","argument":"Thing.Status","expected":"READY"})";

std::string error_of(const std::string& waiters) {
    auto svc = load_service(thing_model, "m.json", "test");
    try {
        load_waiters(svc, waiters, "w.json");
    } catch (const model_error& e) {
        return e.what();
    }
    return "no error";
}

/// The error of a path acceptor (success, path) with this argument and expected value.
std::string path_error(const std::string& argument, const std::string& expected,
                       const std::string& matcher = "path") {
    return error_of(waiters_with(R"({"state":"success","matcher":")" + matcher +
                                 R"(","argument":")" + argument + R"(","expected":)" + expected +
                                 "}"));
}

} // namespace

TEST_CASE("waiters: loaded with every matcher kind, in order") {
    auto svc = load_service(thing_model, "m.json", "test");
    load_waiters(svc, waiters_with(ready + R"(,
        {"state":"failure","matcher":"pathAny","argument":"Thing.Parts[].State","expected":"FAILED"},
        {"state":"success","matcher":"pathAll","argument":"Thing.Parts[].Subs[].Name","expected":"x"},
        {"state":"retry","matcher":"error","expected":"NotFound"},
        {"state":"failure","matcher":"error","expected":true},
        {"state":"success","matcher":"error","expected":false},
        {"state":"success","matcher":"status","expected":204},
        {"state":"success","matcher":"path","argument":"length(Items) > `2`","expected":true})"),
                 "w.json");
    REQUIRE(svc.waiters.size() == 1);
    const auto& w = svc.waiters.at("ThingReady");
    CHECK(w.name == "ThingReady");
    CHECK(w.operation == "GetThing");
    CHECK(w.delay == 5);
    CHECK(w.max_attempts == 20);
    CHECK_FALSE(w.customized);
    REQUIRE(w.acceptors.size() == 8);
    CHECK(w.acceptors[0].state == waiter_state::success);
    CHECK(w.acceptors[0].matcher == waiter_matcher::path);
    CHECK(w.acceptors[0].argument == "Thing.Status");
    CHECK(w.acceptors[0].expected == R"("READY")"); // JSON text
    CHECK(w.acceptors[1].matcher == waiter_matcher::path_any);
    CHECK(w.acceptors[1].state == waiter_state::failure);
    CHECK(w.acceptors[2].matcher == waiter_matcher::path_all);
    CHECK(w.acceptors[3].matcher == waiter_matcher::error);
    CHECK(w.acceptors[3].state == waiter_state::retry);
    CHECK(w.acceptors[3].expected == R"("NotFound")");
    CHECK(w.acceptors[4].expected == "true");
    CHECK(w.acceptors[5].expected == "false");
    CHECK(w.acceptors[6].matcher == waiter_matcher::status);
    CHECK(w.acceptors[6].expected == "204");
    CHECK(w.acceptors[6].argument.empty());
    CHECK(w.acceptors[7].expected == "true");

    // An empty document is a service without waiters (qconnect's, in botocore 1.43.11).
    auto empty = load_service(thing_model, "m.json", "test");
    load_waiters(empty, R"({"version":2,"waiters":{}})", "w.json");
    CHECK(empty.waiters.empty());
}

TEST_CASE("waiters: the JMESPath subset, checked against the output shape") {
    struct fine {
        const char* path;
        const char* expected;
        const char* matcher;
    };
    for (const fine& f : {
             fine{"Thing.Status", R"("READY")", "path"},
             fine{R"(\"Thing\".Status)", R"("READY")",
                  "path"}, // a quoted identifier (JSON-escaped)
             fine{"Thing.Count", "3", "path"},
             fine{"Thing.Tags.anykey", R"("x")", "path"}, // a map's values
             fine{"Thing.Data.x.y", R"("x")", "path"},    // a document: anything
             fine{"Items[0]", R"("x")", "path"},
             fine{"Thing.Parts[-1].State", R"("FAILED")", "path"},
             fine{"Thing.Parts[].State", R"("READY")", "pathAll"},
             fine{"Thing.Parts[*].State", R"("READY")", "pathAny"},
             fine{"Thing.Parts[].Subs[].Name", R"("x")", "pathAll"}, // flattened
             fine{"Items", R"("x")", "pathAny"},
         }) {
        CAPTURE(f.path);
        CHECK(path_error(f.path, f.expected, f.matcher) == "no error");
    }
    CHECK(path_error("Thing.Ready", "true") == "no error");
    CHECK(path_error("length(Thing.Parts) >= `1` && Thing.Ready", "true") == "no error");
    CHECK(path_error("!(Thing.Count == `0`) || length(Thing.Tags) < `3`", "true") == "no error");
    CHECK(path_error("Thing.Status == 'READY'", "true") == "no error");

    const std::string at = R"(w.json: waiter "ThingReady" acceptor 1: path ")";
    CHECK(path_error("Thing.Stat", R"("READY")") ==
          at + R"(Thing.Stat": Thing has no member "Stat")");
    CHECK(
        path_error("Thing.Parts.State", R"("READY")") ==
        at +
            R"(Thing.Parts.State": member "State" of a list of an object (Part) (a projection, [], reaches its items))");
    CHECK(path_error("Thing.Status", R"("DONE")") ==
          at + R"(Thing.Status": "DONE" is not a value of Status)");
    CHECK(path_error("Thing.Status", "true") ==
          at + R"(Thing.Status": it gives a string (Status), which never equals true)");
    CHECK(path_error("Thing.Count", R"("3")") ==
          at + R"(Thing.Count": it gives a number, which never equals "3")");
    CHECK(
        path_error("Thing.Status", R"("READY")", "pathAll") ==
        at +
            R"(Thing.Status": it gives a string (Status), not a list (pathAll compares each item))");
    CHECK(path_error("Thing.Parts[].State", R"("DONE")", "pathAny") ==
          at + R"(Thing.Parts[].State": "DONE" is not a value of Status)");
    CHECK(path_error("length(Thing.Count) > `0`", "true") ==
          at + R"(length(Thing.Count) > `0`": length() of a number)");
    CHECK(
        path_error("Thing.Status > `1`", "true") ==
        at +
            R"(Thing.Status > `1`": an ordering (<, <=, >, >=) of a string (Status) and a number: only numbers are ordered)");
    CHECK(path_error("Thing.Status[0]", R"("READY")") ==
          at + R"(Thing.Status[0]": an index of a string (Status), not a list)");

    // Outside the subset: refused with what it is and where.
    CHECK(
        path_error("Thing.Parts[?State=='READY'].State", R"("READY")", "pathAll") ==
        at +
            R"(Thing.Parts[?State=='READY'].State": filter expressions ([?...]) are not supported at offset 11 of "Thing.Parts[?State=='READY'].State")");
    CHECK(
        path_error("Thing.Parts[0:2]", R"("READY")") ==
        at +
            R"(Thing.Parts[0:2]": slices and multi-select lists are not supported at offset 11 of "Thing.Parts[0:2]")");
    CHECK(path_error("Thing | Status", R"("READY")") ==
          at + R"(Thing | Status": pipes (|) are not supported at offset 6 of "Thing | Status")");
    CHECK(path_error("Thing.*", R"("READY")") ==
          at + R"(Thing.*": object wildcards (*) are not supported at offset 6 of "Thing.*")");
    CHECK(
        path_error("contains(Items, 'x')", "true") ==
        at +
            R"~(contains(Items, 'x')": the function contains() is not supported (only length()) at offset 0 of "contains(Items, 'x')")~");
    CHECK(path_error("Thing.Status = 'x'", "true") ==
          at + R"(Thing.Status = 'x'": unexpected '=' at offset 13 of "Thing.Status = 'x'")");
    CHECK(path_error("Thing.", R"("READY")") ==
          at + R"(Thing.": expected a member name at offset 6 of "Thing.")");
}

TEST_CASE("waiters: what hawk does not support is refused, naming the waiter and acceptor") {
    const std::string at = R"(w.json: waiter "ThingReady": )";
    const std::string acc = R"(w.json: waiter "ThingReady" acceptor 1: )";
    CHECK(error_of("{nope").find("w.json: not valid JSON") == 0);
    CHECK(error_of(R"({"version":1,"waiters":{}})") ==
          R"(w.json: "version" must be 2 (botocore's waiters-2.json format))");
    CHECK(error_of(R"({"version":2})") == R"(w.json: missing "waiters")");
    CHECK(error_of(R"({"version":2,"waiters":{},"x":1})") == R"(w.json: unknown key "x")");
    CHECK(error_of(waiters_with(ready, R"("operation":"Ghost","delay":5,"maxAttempts":20)")) ==
          at + R"(operation "Ghost" does not exist)");
    CHECK(error_of(waiters_with(ready, R"("operation":"GetThing","maxAttempts":20)")) ==
          at + R"(missing "delay")");
    CHECK(error_of(waiters_with(ready, R"("operation":"GetThing","delay":0,"maxAttempts":20)")) ==
          at + R"("delay" must be a whole number from 1 to 3600)");
    CHECK(error_of(waiters_with(ready, R"("operation":"GetThing","delay":2.5,"maxAttempts":20)")) ==
          at + R"("delay" must be a whole number from 1 to 3600)");
    CHECK(error_of(waiters_with(ready, R"("operation":"GetThing","delay":2,"maxAttempts":0)")) ==
          at + R"("maxAttempts" must be a whole number from 1 to 100000)");
    CHECK(error_of(waiters_with(
              ready, R"("operation":"GetThing","delay":2,"maxAttempts":3,"minDelay":1)")) ==
          at + R"(unknown waiter key "minDelay")");
    CHECK(
        error_of(
            R"({"version":2,"waiters":{"ThingReady":{"operation":"GetThing","delay":2,"maxAttempts":3,"acceptors":[]}}})") ==
        at + R"("acceptors" must be a non-empty array)");
    CHECK(
        error_of(R"({"version":2,"waiters":{"thing-ready":{}}})") ==
        R"(w.json: waiter "thing-ready": a waiter's name must be letters and digits, starting with a capital)");
    CHECK(
        error_of(waiters_with(
            R"({"state":"failure","matcher":"path","argument":"Thing.Status","expected":"FAILED"})")) ==
        at + R"(no acceptor has the state "success": the waiter could never succeed)");
    CHECK(
        error_of(waiters_with(
            R"({"state":"done","matcher":"path","argument":"Thing.Status","expected":"READY"})")) ==
        acc + R"(unknown state "done" (success, failure or retry))");
    CHECK(
        error_of(waiters_with(
            R"({"state":"success","matcher":"inputOutput","argument":"x","expected":"READY"})")) ==
        acc +
            R"(matcher "inputOutput" is not supported (status, error, path, pathAll or pathAny))");
    CHECK(error_of(waiters_with(R"({"state":"success","matcher":"status","expected":"200"})")) ==
          acc + "a status matcher expects an HTTP status (a number from 100 to 599)");
    CHECK(error_of(waiters_with(R"({"state":"success","matcher":"status","expected":42})")) ==
          acc + "a status matcher expects an HTTP status (a number from 100 to 599)");
    CHECK(error_of(waiters_with(
              R"({"state":"success","matcher":"status","argument":"x","expected":200})")) ==
          acc + R"(a status matcher takes no "argument")");
    CHECK(error_of(waiters_with(R"({"state":"success","matcher":"error","expected":""})")) ==
          acc + "an error matcher expects an error code, true (any error) or false (none)");
    CHECK(error_of(waiters_with(R"({"state":"success","matcher":"error","expected":3})")) ==
          acc + "an error matcher expects an error code, true (any error) or false (none)");
    CHECK(error_of(waiters_with(R"({"state":"success","matcher":"path","expected":"READY"})")) ==
          acc + R"(missing "argument")");
    CHECK(
        error_of(waiters_with(
            R"({"state":"success","matcher":"path","argument":"Thing.Status","expected":["READY"]})")) ==
        acc + "a path matcher expects a string, a number or a boolean");
    CHECK(error_of(
              waiters_with(R"({"state":"success","matcher":"path","argument":"Thing.Status"})")) ==
          acc + R"(missing "expected")");
    CHECK(
        error_of(waiters_with(
            R"({"state":"success","matcher":"path","argument":"Thing.Status","expected":"READY","comparator":"x"})")) ==
        acc + R"(unknown acceptor key "comparator")");
    CHECK(error_of(waiters_with(
              R"({"state":"success","matcher":"path","argument":"x","expected":"READY"})",
              R"("operation":"Ping","delay":5,"maxAttempts":20)")) ==
          acc + "a path matcher on Ping, which has no output");
    // Ping has no output, but status and error matchers need none.
    CHECK(error_of(waiters_with(R"({"state":"success","matcher":"status","expected":200})",
                                R"("operation":"Ping","delay":5,"maxAttempts":20)")) == "no error");
}

TEST_CASE("waiters: customizations add them, and replace the file's of the same name") {
    auto svc = load_service(thing_model, "m.json", "test");
    load_waiters(svc,
                 R"({"version":2,"waiters":{
                      "ThingReady":{"operation":"GetThing","delay":5,"maxAttempts":20,"acceptors":[)" +
                     ready + R"(]},
                      "ThingGone":{"operation":"GetThing","delay":5,"maxAttempts":20,"acceptors":[
                        {"state":"success","matcher":"error","expected":"NotFound"}]}}})",
                 "w.json");
    apply_customizations(svc, R"({"test":{"waiters":{
        "ThingReady":{"operation":"GetThing","delay":1,"maxAttempts":7,"description":"Mine.",
                      "acceptors":[{"state":"success","matcher":"status","expected":200}]},
        "ThingFailed":{"operation":"GetThing","delay":3,"maxAttempts":4,"acceptors":[
          {"state":"success","matcher":"path","argument":"Thing.Status","expected":"FAILED"}]}}}})",
                         "c.json");
    REQUIRE(svc.waiters.size() == 3);
    const auto& mine = svc.waiters.at("ThingReady"); // the customization's, whole
    CHECK(mine.customized);
    CHECK(mine.delay == 1);
    CHECK(mine.max_attempts == 7);
    CHECK(mine.description == "Mine.");
    REQUIRE(mine.acceptors.size() == 1);
    CHECK(mine.acceptors[0].matcher == waiter_matcher::status);
    CHECK_FALSE(svc.waiters.at("ThingGone").customized); // the file's, kept
    CHECK(svc.waiters.at("ThingFailed").customized);     // added
    CHECK(svc.custom.waiters.size() == 2);

    auto error = [&](const std::string& custom) {
        auto s = load_service(thing_model, "m.json", "test");
        try {
            apply_customizations(s, custom, "c.json");
        } catch (const model_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error(R"({"test":{"waiters":[]}})") ==
          R"(c.json: service "test": "waiters" must be a JSON object)");
    CHECK(
        error(
            R"({"test":{"waiters":{"W":{"operation":"GetThing","delay":1,"maxAttempts":1,"acceptors":[{"state":"success","matcher":"path","argument":"Nope","expected":"x"}]}}}})") ==
        R"(c.json: service "test" waiter "W" acceptor 1: path "Nope": Out has no member "Nope")");
}

TEST_CASE("waiters: the generated header is the waiter as data over core/waiter.hpp") {
    auto svc = load_service(thing_model, "m.json", "test");
    load_waiters(svc, waiters_with(ready + R"(,
        {"state":"failure","matcher":"pathAny","argument":"Thing.Parts[].State","expected":"FAILED"},
        {"state":"retry","matcher":"error","expected":"NotFound"},
        {"state":"success","matcher":"status","expected":204})"),
                 "w.json");
    hawk::codegen::emit::file_set files;
    hawk::codegen::gen::generate_service(svc, files);
    const auto& all = files.files().at("hawk/test/all.hpp");
    CHECK(all.find("#include <hawk/test/waiters/thing_ready.hpp>") != std::string::npos);
    const std::string& h = files.files().at("hawk/test/waiters/thing_ready.hpp");
    for (
        const char* line : {
            "#include <hawk/core/waiter.hpp>",
            "#include <hawk/test/get_thing.hpp>",
            "namespace waiters {",
            "struct ThingReady {",
            "using operation = operations::GetThing;",
            "static constexpr std::string_view name = \"ThingReady\";",
            "static constexpr std::chrono::seconds delay{5};",
            "static constexpr int max_attempts = 20;",
            R"({core::waiter_state::success, core::waiter_matcher::path, "Thing.Status", "\"READY\""},)",
            R"({core::waiter_state::failure, core::waiter_matcher::path_any, "Thing.Parts[].State", "\"FAILED\""},)",
            R"({core::waiter_state::retry, core::waiter_matcher::error, "", "\"NotFound\""},)",
            R"({core::waiter_state::success, core::waiter_matcher::status, "", "204"},)",
            "/// - Thing.Status == \"READY\": success",
            "/// - error \"NotFound\": retry",
            "/// From the model's waiters-2.json.",
            "(default 100 s)", // delay * maxAttempts
            "auto async_wait_until_thing_ready(core::client& client, const In& request, const "
            "core::waiter_options& options, CompletionToken&& token) {",
            "return core::async_wait<waiters::ThingReady>(client, request, options, &diag, "
            "std::forward<CompletionToken>(token));",
        }) {
        CAPTURE(line);
        CHECK(h.find(line) != std::string::npos);
    }
}

TEST_CASE("waiters: qconnect's are hawk's customization (botocore's file is empty)") {
    const std::string dir = std::string(HAWK_SOURCE_DIR) + "/models/qconnect/2020-10-19/";
    auto svc = load_service(hawk::codegen::model::read_file(dir + "service-2.json"),
                            dir + "service-2.json", "qconnect");
    load_waiters(svc, hawk::codegen::model::read_file(dir + "waiters-2.json"),
                 dir + "waiters-2.json");
    CHECK(svc.waiters.empty());
    const std::string custom = std::string(HAWK_SOURCE_DIR) + "/models/customizations.json";
    apply_customizations(svc, hawk::codegen::model::read_file(custom), custom);
    REQUIRE(svc.waiters.size() == 4);
    for (const char* name :
         {"AssistantActive", "AssistantDeleted", "ContentActive", "KnowledgeBaseActive"}) {
        CAPTURE(name);
        REQUIRE(svc.waiters.count(name) == 1);
        CHECK(svc.waiters.at(name).customized);
    }
    const auto& active = svc.waiters.at("AssistantActive");
    CHECK(active.operation == "GetAssistant");
    CHECK(active.acceptors.at(0).argument == "assistant.status");
    CHECK(active.acceptors.at(0).expected == R"("ACTIVE")");
    CHECK(svc.waiters.at("AssistantDeleted").acceptors.at(0).expected ==
          R"("ResourceNotFoundException")");

    // connect and connectparticipant: no waiters file, no waiters.
    for (const char* other : {"connect", "connectparticipant"}) {
        CAPTURE(other);
        const std::string folder = std::string(HAWK_SOURCE_DIR) + "/models/" + other;
        CHECK_FALSE(std::filesystem::exists(folder + "/2017-08-08/waiters-2.json"));
        CHECK_FALSE(std::filesystem::exists(folder + "/2018-09-07/waiters-2.json"));
    }
}
