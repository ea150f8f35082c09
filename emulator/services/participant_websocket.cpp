#include "emulator/services/participant_websocket.hpp"

#include "emulator/services/chat_items.hpp"

#include <hawk/core/codec.hpp>
#include <hawk/core/server/error.hpp>
#include <hawk/core/server/rest.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <utility>
#include <vector>

namespace hawk::emulator {

namespace {

constexpr std::string_view chat_topic = "aws/chat";

/// The websocket token of a query string, percent-decoded; empty when there is none.
std::string token_of(std::string_view query) {
    std::vector<std::pair<std::string, std::string>> parameters;
    std::string ignored;
    if (core::server::rest::parse_query(query, parameters, ignored))
        for (auto& [name, value] : parameters)
            if (name == "token")
                return std::move(value);
    return {};
}

/// An aws/chat frame: the item as GetTranscript writes it, plus the InitialContactId AWS adds
/// on the WebSocket, as a JSON string in `content`.
std::string chat_frame(const contact& chat, const chat_item& item) {
    boost::json::value content =
        boost::json::parse(core::to_json(to_item(item, chat), core::json_form::wire));
    content.as_object()["InitialContactId"] = chat.initial_contact_id;
    boost::json::object frame;
    frame["topic"] = chat_topic;
    frame["contentType"] = "application/json";
    frame["content"] = boost::json::serialize(content);
    return boost::json::serialize(frame);
}

/// The answer to aws/subscribe: success when every topic asked for is aws/chat (the only topic
/// a participant can have), failure otherwise; the topics are echoed either way.
std::string subscription_answer(const boost::json::value* content, bool& subscribed) {
    boost::json::array topics;
    const boost::json::value* asked = nullptr;
    if (content && content->is_object())
        asked = content->as_object().if_contains("topics");
    bool valid = asked && asked->is_array() && !asked->as_array().empty();
    if (asked && asked->is_array())
        for (const boost::json::value& topic : asked->as_array()) {
            topics.push_back(topic);
            valid = valid && topic.is_string() && topic.as_string() == chat_topic;
        }
    subscribed = subscribed || valid;
    boost::json::object answer;
    answer["topic"] = "aws/subscribe";
    answer["content"] = {{"status", valid ? "success" : "failure"}, {"topics", std::move(topics)}};
    return boost::json::serialize(answer);
}

} // namespace

/// One socket's calls, handed to its owner with the contact and participant of its token.
class participant_websockets::session final : public websocket_handler {
public:
    session(participant_websockets& owner, std::string contact_id, std::string participant_id)
        : owner_(owner), contact_id_(std::move(contact_id)),
          participant_id_(std::move(participant_id)) {}

    void on_open(websocket& socket) override {
        owner_.opened(socket, contact_id_, participant_id_);
    }
    void on_message(websocket& socket, std::string_view data, bool text) override {
        owner_.received(socket, data, text);
    }
    void on_closed(websocket& socket) override { owner_.closed(socket); }

private:
    participant_websockets& owner_;
    std::string contact_id_;
    std::string participant_id_;
};

participant_websockets::participant_websockets(world& chat, scheduler later)
    : world_(chat), later_(std::move(later)) {}

upgrade_result participant_websockets::upgrade(const core::http::request& request) {
    if (request.path != "/connect")
        return core::server::error_response(
            404, "ResourceNotFoundException",
            "There is no WebSocket at " + request.path +
                "; the participant WebSocket is /connect?token=... (CreateParticipantConnection)");
    const std::string token = token_of(request.query);
    if (token.empty())
        return core::server::error_response(403, "AccessDeniedException",
                                            "The WebSocket URL has no token.");
    try {
        const participant_ref who = world_.by_websocket(token);
        return std::make_unique<session>(*this, who.chat->id, who.who->id);
    } catch (const api_error& e) {
        return core::server::error_response(e.status(), e.code(), e.what());
    }
}

void participant_websockets::publish(const contact& chat, const chat_item& item) {
    if (muted_)
        return;
    std::string frame; // made once, for the first socket that gets it
    for (auto& [socket, bound] : sockets_) {
        if (!bound.subscribed || bound.contact_id != chat.id)
            continue;
        if (frame.empty())
            frame = chat_frame(chat, item);
        socket->send_text(frame);
    }
    // Closed once the world has finished what it is doing: when a chat ends, everyone's
    // PARTICIPANT_LEFT comes before the CHAT_ENDED the departed participants must get too.
    if (item.type == "PARTICIPANT_LEFT" || item.type == "CHAT_ENDED")
        later_(std::chrono::milliseconds(0), [this] { close_departed(); });
}

std::size_t participant_websockets::drop_all() {
    const std::size_t dropped = sockets_.size();
    for (auto& [socket, bound] : sockets_)
        socket->abort();
    sockets_.clear(); // they are gone now, whenever their on_closed comes
    open_ = 0;
    return dropped;
}

void participant_websockets::set_muted(bool muted) {
    muted_ = muted;
    if (!muted_)
        close_departed();
}

void participant_websockets::opened(websocket& socket, const std::string& contact_id,
                                    const std::string& participant_id) {
    sockets_[&socket] = {contact_id, participant_id, false};
    open_ = sockets_.size();
    ++accepted_;
    // The chat may have ended, or the participant left, during the handshake.
    if (!muted_ && !world_.present(contact_id, participant_id))
        socket.close();
}

void participant_websockets::received(websocket& socket, std::string_view data, bool text) {
    const auto it = sockets_.find(&socket);
    if (muted_ || !text || it == sockets_.end())
        return;
    boost::system::error_code ec;
    const boost::json::value frame = boost::json::parse(data, ec);
    const boost::json::object* fields = ec ? nullptr : frame.if_object();
    const boost::json::value* topic = fields ? fields->if_contains("topic") : nullptr;
    if (!topic || !topic->is_string())
        return; // not a frame of the protocol: ignored, as AWS does
    if (topic->as_string() == "aws/heartbeat")
        socket.send_text(R"({"topic":"aws/heartbeat"})");
    else if (topic->as_string() == "aws/ping")
        socket.send_text(R"({"topic":"aws/ping","statusCode":200,"statusContent":"OK"})");
    else if (topic->as_string() == "aws/subscribe")
        socket.send_text(
            subscription_answer(fields->if_contains("content"), it->second.subscribed));
}

void participant_websockets::closed(websocket& socket) {
    sockets_.erase(&socket);
    open_ = sockets_.size();
}

void participant_websockets::close_departed() {
    if (muted_)
        return;
    for (auto& [socket, bound] : sockets_)
        if (!world_.present(bound.contact_id, bound.participant_id))
            socket->close(); // after what is queued: the PARTICIPANT_LEFT, the CHAT_ENDED
}

} // namespace hawk::emulator
