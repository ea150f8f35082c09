#pragma once

// fuzz_document_form: JSON in the document form (model member names) read into deep generated
// types with from_json, try_from_document and Boost.JSON's value_to, which must agree. What
// reads must write back and read again to the same document, in the document and the wire form.
//
// Framing: a first line naming the type (service.Shape; any other text picks one by its hash),
// then the JSON.

#include "support/framing.hpp"

#include <hawk/awsjson/types/put_item_input.hpp>
#include <hawk/awsjson/types/put_item_output.hpp>
#include <hawk/connect/types/create_evaluation_form_request.hpp>
#include <hawk/connect/types/describe_contact_response.hpp>
#include <hawk/connect/types/describe_evaluation_form_response.hpp>
#include <hawk/connect/types/get_metric_data_v2_response.hpp>
#include <hawk/connect/types/list_users_response.hpp>
#include <hawk/connect/types/search_contact_flows_request.hpp>
#include <hawk/connect/types/search_contacts_request.hpp>
#include <hawk/connect/types/search_contacts_response.hpp>
#include <hawk/connect/types/search_users_request.hpp>
#include <hawk/connect/types/start_chat_contact_request.hpp>
#include <hawk/connectparticipant/types/get_transcript_response.hpp>
#include <hawk/connectparticipant/types/send_message_request.hpp>
#include <hawk/kitchensink/types/choice.hpp>
#include <hawk/kitchensink/types/node.hpp>
#include <hawk/kitchensink/types/put_doc_request.hpp>
#include <hawk/kitchensink/types/put_everything_request.hpp>
#include <hawk/kitchensink/types/put_everything_response.hpp>
#include <hawk/qconnect/types/create_ai_agent_request.hpp>
#include <hawk/qconnect/types/get_next_message_response.hpp>
#include <hawk/qconnect/types/get_recommendations_response.hpp>
#include <hawk/qconnect/types/list_messages_response.hpp>
#include <hawk/qconnect/types/query_assistant_response.hpp>
#include <hawk/qconnect/types/search_sessions_request.hpp>
#include <hawk/qconnect/types/send_message_request.hpp>
#include <hawk/qconnect/types/send_message_response.hpp>
#include <hawk/qconnect/types/update_ai_prompt_request.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>
#include <boost/system/system_error.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hawk::fuzz {

namespace document_form {

template <class T>
void check(const boost::json::value& jv) {
    using core::json_form;
    T out{};
    std::string error;
    const bool read = core::from_json(jv, json_form::document, out, error);
    const bool tried = static_cast<bool>(core::try_from_document<T>(jv));
    bool converted = true;
    try {
        (void)boost::json::value_to<T>(jv);
    } catch (const boost::system::system_error&) {
        converted = false;
    }
    if (read != tried || read != converted)
        fail("from_json, try_from_document and value_to disagree", T::shape_name);
    if (!read) {
        if (error.empty())
            fail("from_json failed without a message", T::shape_name);
        return;
    }

    // The document form: what was read writes and reads again; from then on it writes the same.
    // (Not from the first write: a timestamp read from a string keeps nanoseconds, one read from
    // a JSON number is rounded to the microsecond, as a double near 1e9 carries no more.)
    const boost::json::value doc = core::to_document(out);
    T again{};
    if (!core::from_json(doc, json_form::document, again, error))
        fail("a document hawk wrote does not read back", error);
    const boost::json::value doc2 = core::to_document(again);
    T third{};
    if (!core::from_json(doc2, json_form::document, third, error))
        fail("a document hawk wrote does not read back", error);
    if (core::to_document(third) != doc2)
        fail("the document changed on a round trip", T::shape_name);

    // The wire form likewise.
    const std::string wire = core::to_json(out, json_form::wire);
    boost::system::error_code ec;
    const boost::json::value wire_value = boost::json::parse(wire, ec);
    if (ec)
        fail("the wire form hawk wrote is not JSON", wire);
    T from_wire{};
    if (!core::from_json(wire_value, json_form::wire, from_wire, error))
        fail("the wire form hawk wrote does not read back", error);
    const std::string wire2 = core::to_json(from_wire, json_form::wire);
    T third_wire{};
    if (!core::from_json(boost::json::parse(wire2), json_form::wire, third_wire, error))
        fail("the wire form hawk wrote does not read back", error);
    if (core::to_json(third_wire, json_form::wire) != wire2)
        fail("the wire form changed on a round trip", T::shape_name);

    (void)core::validate(out);
    (void)core::to_debug_string(out);
}

struct entry {
    std::string_view name;
    void (*run)(const boost::json::value&);
};

inline constexpr entry types[] = {
    {"connect.SearchContactsRequest", &check<connect::SearchContactsRequest>},
    {"connect.SearchContactsResponse", &check<connect::SearchContactsResponse>},
    {"connect.DescribeContactResponse", &check<connect::DescribeContactResponse>},
    {"connect.ListUsersResponse", &check<connect::ListUsersResponse>},
    {"connect.SearchUsersRequest", &check<connect::SearchUsersRequest>},
    {"connect.CreateEvaluationFormRequest", &check<connect::CreateEvaluationFormRequest>},
    {"connect.DescribeEvaluationFormResponse", &check<connect::DescribeEvaluationFormResponse>},
    {"connect.StartChatContactRequest", &check<connect::StartChatContactRequest>},
    {"connect.SearchContactFlowsRequest", &check<connect::SearchContactFlowsRequest>},
    {"connect.GetMetricDataV2Response", &check<connect::GetMetricDataV2Response>},
    {"connectparticipant.GetTranscriptResponse", &check<connectparticipant::GetTranscriptResponse>},
    {"connectparticipant.SendMessageRequest", &check<connectparticipant::SendMessageRequest>},
    {"qconnect.GetNextMessageResponse", &check<qconnect::GetNextMessageResponse>},
    {"qconnect.SendMessageRequest", &check<qconnect::SendMessageRequest>},
    {"qconnect.SendMessageResponse", &check<qconnect::SendMessageResponse>},
    {"qconnect.CreateAIAgentRequest", &check<qconnect::CreateAIAgentRequest>},
    {"qconnect.UpdateAIPromptRequest", &check<qconnect::UpdateAIPromptRequest>},
    {"qconnect.QueryAssistantResponse", &check<qconnect::QueryAssistantResponse>},
    {"qconnect.SearchSessionsRequest", &check<qconnect::SearchSessionsRequest>},
    {"qconnect.GetRecommendationsResponse", &check<qconnect::GetRecommendationsResponse>},
    {"qconnect.ListMessagesResponse", &check<qconnect::ListMessagesResponse>},
    {"kitchensink.PutEverythingRequest", &check<kitchensink::PutEverythingRequest>},
    {"kitchensink.PutEverythingResponse", &check<kitchensink::PutEverythingResponse>},
    {"kitchensink.Node", &check<kitchensink::Node>},
    {"kitchensink.Choice", &check<kitchensink::Choice>},
    {"kitchensink.PutDocRequest", &check<kitchensink::PutDocRequest>},
    {"awsjson.PutItemInput", &check<awsjson::PutItemInput>},
    {"awsjson.PutItemOutput", &check<awsjson::PutItemOutput>},
};

} // namespace document_form

inline void run_fuzz_document_form(const std::uint8_t* data, std::size_t size) {
    reader in(data, size);
    const std::string_view selector = in.line();
    const document_form::entry* type = nullptr;
    for (const document_form::entry& e : document_form::types)
        if (e.name == selector)
            type = &e;
    if (!type)
        type = &document_form::types[hash(selector) % std::size(document_form::types)];

    boost::system::error_code ec;
    const boost::json::value jv = boost::json::parse(in.rest(), ec);
    if (ec)
        return;
    type->run(jv);
}

} // namespace hawk::fuzz
