// Sensitive members never appear in debug output.

#include <hawk/kitchensink/all.hpp>
#include <hawk/qconnect/types/self_service_conversation_history.hpp>

#include <doctest/doctest.h>

#include <sstream>

TEST_CASE("sensitive members are redacted wherever the shape is printed") {
    hawk::kitchensink::PutEverythingRequest r;
    r.name = "visible";
    r.password = "hunter2";
    r.token = "t0ken-in-header";
    r.choice = hawk::kitchensink::Choice::make_secret("union-secret");
    std::ostringstream os;
    os << r;
    const std::string text = os.str();
    CHECK(text.find("visible") != std::string::npos);
    CHECK(text.find("Password: *** Sensitive Data Redacted ***") != std::string::npos);
    CHECK(text.find("hunter2") == std::string::npos);
    CHECK(text.find("t0ken-in-header") == std::string::npos);
    CHECK(text.find("union-secret") == std::string::npos);
    CHECK(text.rfind("PutEverythingRequest{", 0) == 0);
}

TEST_CASE("a real model's sensitive strings are redacted") {
    hawk::qconnect::SelfServiceConversationHistory h;
    h.turn_number = 2;
    h.input_transcript = "my card number is 4111";
    const std::string text = hawk::core::to_debug_string(h);
    CHECK(text == "SelfServiceConversationHistory{turnNumber: 2, inputTranscript: *** Sensitive "
                  "Data Redacted ***}");
}
