#include "emulator/chat/world.hpp"

#include "emulator/chat/agent.hpp"

#include <hawk/core/base64.hpp>
#include <hawk/core/utf8.hpp>
#include <hawk/core/uuid.hpp>

#include <boost/json/parse.hpp>

#include <openssl/rand.h>

#include <algorithm>
#include <array>

namespace hawk::emulator {

namespace {

constexpr std::string_view event_prefix = "application/vnd.amazonaws.connect.event.";
constexpr std::string_view typing = "application/vnd.amazonaws.connect.event.typing";
constexpr std::string_view acknowledged =
    "application/vnd.amazonaws.connect.event.connection.acknowledged";
constexpr std::string_view delivered_type =
    "application/vnd.amazonaws.connect.event.message.delivered";
constexpr std::string_view read_type = "application/vnd.amazonaws.connect.event.message.read";

/// What SendMessage accepts, and the content lengths AWS documents for each type.
struct message_type {
    std::string_view content_type;
    std::size_t max_length;
};
constexpr std::array<message_type, 4> message_types = {{
    {"text/plain", 1024},
    {"text/markdown", 1024},
    {"application/json", 12000},
    {"application/vnd.amazonaws.connect.message.interactive.response", 12288},
}};
/// What StartChatContact's SupportedMessagingContentTypes may list.
constexpr std::array<std::string_view, 5> supportable_types = {
    "text/plain", "text/markdown", "application/json",
    "application/vnd.amazonaws.connect.message.interactive",
    "application/vnd.amazonaws.connect.message.interactive.response"};

api_error access_denied(const std::string& why) {
    // AWS says no more than this about a token; the reason helps someone debugging locally.
    return api_error("AccessDeniedException",
                     "You do not have sufficient access to perform this action (" + why + ").",
                     403);
}

api_error not_found(const std::string& what) {
    return api_error("ResourceNotFoundException", what + " was not found.", 404);
}

std::size_t code_points(std::string_view text) {
    std::size_t n = 0;
    for (const char c : text)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

std::string_view to_string(participant_role role) {
    switch (role) {
    case participant_role::customer:
        return "CUSTOMER";
    case participant_role::agent:
        return "AGENT";
    case participant_role::custom_bot:
        return "CUSTOM_BOT";
    case participant_role::system:
        break;
    }
    return "SYSTEM";
}

std::string format_chat_time(timestamp t) {
    // Exactly three fraction digits, as AWS writes AbsoluteTime.
    const auto ms = std::chrono::time_point_cast<std::chrono::milliseconds>(t);
    std::string text = core::format_iso8601(std::chrono::time_point_cast<std::chrono::seconds>(t));
    const auto fraction = ms.time_since_epoch().count() % 1000;
    const auto millis = fraction < 0 ? fraction + 1000 : fraction;
    char digits[8];
    std::snprintf(digits, sizeof digits, ".%03d", static_cast<int>(millis));
    text.insert(text.size() - 1, digits);
    return text;
}

std::string random_token() {
    std::array<unsigned char, 48> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        throw std::runtime_error("OpenSSL RAND_bytes failed");
    return core::base64_encode(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

const participant* contact::find_participant(std::string_view participant_id) const {
    for (const participant& p : participants)
        if (p.id == participant_id)
            return &p;
    return nullptr;
}

const participant* contact::agent() const {
    for (const participant& p : participants)
        if (p.role == participant_role::agent && !p.left)
            return &p;
    return nullptr;
}

std::size_t contact::active_participants() const {
    return static_cast<std::size_t>(std::count_if(participants.begin(), participants.end(),
                                                  [](const participant& p) { return !p.left; }));
}

world::world(chat_config cfg, std::function<timestamp()> clock, scheduler schedule)
    : cfg_(std::move(cfg)), clock_(std::move(clock)), schedule_(std::move(schedule)) {}

void world::check_instance(std::string_view instance_id) const {
    // Instance ARNs name the same instance as its id.
    const std::string_view id = instance_id.substr(instance_id.rfind('/') + 1);
    if (std::find(cfg_.instance_ids.begin(), cfg_.instance_ids.end(), id) ==
        cfg_.instance_ids.end())
        throw not_found("Instance " + std::string(instance_id));
}

void world::check_assistant(std::string_view assistant_id) const {
    const std::string_view id = assistant_id.substr(assistant_id.rfind('/') + 1);
    if (std::find(cfg_.assistant_ids.begin(), cfg_.assistant_ids.end(), id) ==
            cfg_.assistant_ids.end() &&
        assistants_.find(id) == assistants_.end())
        throw not_found("Assistant " + std::string(assistant_id));
}

contact& world::find_contact(std::string_view instance_id, std::string_view contact_id) {
    check_instance(instance_id);
    const auto it = contacts_.find(contact_id);
    const std::string_view instance = instance_id.substr(instance_id.rfind('/') + 1);
    if (it == contacts_.end() || it->second.instance_id != instance)
        throw not_found("Contact " + std::string(contact_id));
    return it->second;
}

chat_item& world::append(contact& c, const participant& who, std::string type,
                         std::string content_type, std::optional<std::string> content) {
    // Strictly increasing times keep the transcript's order and StartPosition.AbsoluteTime exact.
    // (at the millisecond precision of AbsoluteTime).
    timestamp t = std::chrono::floor<std::chrono::milliseconds>(now());
    if (t <= last_time_)
        t = last_time_ + std::chrono::milliseconds(1);
    last_time_ = t;
    chat_item item = event(who, std::move(type), std::move(content_type), t);
    item.content = std::move(content);
    c.last_update = last_time_;
    c.transcript.push_back(std::move(item));
    notify(c, c.transcript.back());
    return c.transcript.back();
}

void world::notify(const contact& c, const chat_item& item) const {
    if (observer_)
        observer_(c, item);
}

chat_item world::event(const participant& who, std::string type, std::string content_type,
                       timestamp t) const {
    chat_item item;
    item.id = core::random_uuid();
    item.type = std::move(type);
    item.content_type = std::move(content_type);
    item.participant_id = who.id;
    item.display_name = who.display_name;
    item.role = who.role;
    item.time = t;
    return item;
}

world::posted world::add_receipt(const contact& c, chat_item& message, const participant& reader,
                                 bool read, timestamp t) {
    auto r = std::find_if(message.receipts.begin(), message.receipts.end(), [&](const receipt& x) {
        return x.recipient_participant_id == reader.id;
    });
    if (r == message.receipts.end())
        r = message.receipts.insert(message.receipts.end(), receipt{reader.id, {}, {}});
    if (!r->delivered)
        r->delivered = t; // a read message has been delivered
    if (read && !r->read)
        r->read = t;
    chat_item receipt_event =
        read ? event(reader, "MESSAGE_READ", std::string(read_type), t)
             : event(reader, "MESSAGE_DELIVERED", std::string(delivered_type), t);
    receipt_event.receipts = {*r};
    receipt_event.receipt_for = message.id;
    notify(c, receipt_event);
    return {receipt_event.id, t};
}

world::chat_started world::start_chat(const chat_start& request) {
    check_instance(request.instance_id);
    std::vector<std::string> supported = request.supported_content_types;
    if (supported.empty())
        supported = {"text/plain"};
    for (const std::string& type : supported)
        if (!contains(supportable_types, type))
            throw api_error("InvalidRequestException",
                            "SupportedMessagingContentTypes: " + type + " is not supported.");
    if (std::find(supported.begin(), supported.end(), "text/plain") == supported.end())
        throw api_error("InvalidRequestException",
                        "SupportedMessagingContentTypes must contain text/plain.");
    if (request.initial_message && std::find(supported.begin(), supported.end(),
                                             request.initial_message->first) == supported.end())
        throw api_error("InvalidRequestException",
                        "InitialMessage.ContentType " + request.initial_message->first +
                            " is not among the supported messaging content types.");

    contact c;
    c.id = core::random_uuid();
    c.instance_id = std::string(request.instance_id.substr(request.instance_id.rfind('/') + 1));
    c.arn = "arn:aws:connect:" + cfg_.region + ":" + cfg_.account_id + ":instance/" +
            c.instance_id + "/contact/" + c.id;
    c.contact_flow_id = request.contact_flow_id;
    c.initial_contact_id = c.id;
    c.related_contact_id = request.related_contact_id;
    c.initiated = now();
    c.last_update = c.initiated;
    c.chat_expiry =
        c.initiated + std::chrono::minutes(request.chat_duration_minutes.value_or(25 * 60));
    c.attributes = request.attributes;
    c.supported_content_types = std::move(supported);

    participant customer;
    customer.id = core::random_uuid();
    customer.display_name = request.display_name;
    customer.role = participant_role::customer;
    customer.participant_token = random_token();
    c.participants.push_back(customer);

    contact& stored = contacts_.emplace(c.id, std::move(c)).first->second;
    participant_tokens_[customer.participant_token] = {stored.id, customer.id};
    append(stored, customer, "PARTICIPANT_JOINED", std::string(event_prefix) + "participant.joined",
           std::nullopt);
    if (request.initial_message)
        append(stored, customer, "MESSAGE", request.initial_message->first,
               request.initial_message->second);
    if (cfg_.agent_enabled)
        join_agent(stored.id);
    return {stored.id, customer.id, customer.participant_token};
}

void world::join_agent(const std::string& contact_id) {
    contact& c = contacts_.at(contact_id);
    participant agent;
    agent.id = core::random_uuid();
    agent.display_name = cfg_.agent_name;
    agent.role = participant_role::agent;
    agent.connected = true;
    c.participants.push_back(agent);
    append(c, agent, "PARTICIPANT_JOINED", std::string(event_prefix) + "participant.joined",
           std::nullopt);
    std::string customer_name;
    std::string unanswered; // the initial message, if the customer sent one
    for (const chat_item& item : c.transcript)
        if (item.role == participant_role::customer) {
            customer_name = item.display_name;
            if (item.type == "MESSAGE")
                unanswered = item.id;
        }
    append(c, agent, "MESSAGE", "text/plain", agent_greeting(cfg_.agent_name, customer_name));
    if (!unanswered.empty())
        agent_answer(contact_id, unanswered);
}

void world::agent_answer(const std::string& contact_id, const std::string& message_id) {
    const auto it = contacts_.find(contact_id);
    if (it == contacts_.end() || !it->second.active())
        return; // the chat ended before the agent got to it
    contact& c = it->second;
    const participant* agent = c.agent();
    if (!agent)
        return;
    std::string question;
    for (chat_item& item : c.transcript) {
        if (item.id != message_id)
            continue;
        // The agent has seen it: a read receipt, as an agent's client sends it.
        add_receipt(c, item, *agent, true, now());
        question = item.content.value_or("");
    }
    append(c, *agent, "MESSAGE", "text/plain", agent_reply(question));
}

world::participant_added world::add_participant(std::string_view instance_id,
                                                std::string_view contact_id, participant_role role,
                                                const std::string& display_name) {
    contact& c = find_contact(instance_id, contact_id);
    if (!c.active())
        throw api_error("InvalidRequestException", "The contact has ended.");
    participant p;
    p.id = core::random_uuid();
    p.display_name = display_name;
    p.role = role;
    p.participant_token = random_token();
    c.participants.push_back(p);
    participant_tokens_[p.participant_token] = {c.id, p.id};
    append(c, p, "PARTICIPANT_JOINED", std::string(event_prefix) + "participant.joined",
           std::nullopt);
    return {p.id, p.participant_token, c.chat_expiry};
}

std::string world::start_streaming(std::string_view instance_id, std::string_view contact_id,
                                   const std::string& endpoint_arn) {
    contact& c = find_contact(instance_id, contact_id);
    if (!c.active())
        throw api_error("InvalidRequestException", "The contact has ended.");
    if (endpoint_arn.rfind("arn:", 0) != 0)
        throw api_error("InvalidParameterException",
                        "StreamingEndpointArn must be an ARN (an Amazon SNS topic).");
    // One stream per endpoint: starting it again returns the one that exists.
    for (const auto& [id, arn] : c.streams)
        if (arn == endpoint_arn)
            return id;
    const std::string id = core::random_uuid();
    c.streams[id] = endpoint_arn;
    return id;
}

void world::stop_streaming(std::string_view instance_id, std::string_view contact_id,
                           std::string_view streaming_id) {
    contact& c = find_contact(instance_id, contact_id);
    const auto it = c.streams.find(std::string(streaming_id));
    if (it == c.streams.end())
        throw not_found("Streaming " + std::string(streaming_id));
    c.streams.erase(it);
}

void world::end_chat(contact& c, const std::string& reason) {
    if (!c.active())
        return;
    for (participant& p : c.participants) {
        if (p.left)
            continue;
        p.left = true;
        append(c, p, "PARTICIPANT_LEFT", std::string(event_prefix) + "participant.left",
               std::nullopt);
    }
    participant system;
    system.id = "SYSTEM";
    system.display_name = "SYSTEM_MESSAGE";
    system.role = participant_role::system;
    append(c, system, "CHAT_ENDED", std::string(event_prefix) + "chat.ended", std::nullopt);
    c.disconnected = c.last_update;
    c.disconnect_reason = reason;
    c.streams.clear();
}

void world::stop_contact(std::string_view instance_id, std::string_view contact_id,
                         const std::string& reason) {
    check_instance(instance_id);
    const auto it = contacts_.find(contact_id);
    if (it == contacts_.end() || !it->second.active())
        throw api_error("ContactNotFoundException",
                        "Contact " + std::string(contact_id) + " is not active.", 410);
    end_chat(it->second, reason.empty() ? "API" : reason);
}

const contact& world::describe_contact(std::string_view instance_id, std::string_view contact_id) {
    return find_contact(instance_id, contact_id);
}

void world::update_attributes(std::string_view instance_id, std::string_view initial_contact_id,
                              const std::map<std::string, std::string>& attributes) {
    contact& c = find_contact(instance_id, initial_contact_id);
    for (const auto& [key, value] : attributes)
        c.attributes[key] = value;
    c.last_update = now();
}

const std::map<std::string, std::string>& world::attributes(std::string_view instance_id,
                                                            std::string_view initial_contact_id) {
    return find_contact(instance_id, initial_contact_id).attributes;
}

world::connection_made world::create_connection(std::string_view participant_token, bool connect) {
    const auto it = participant_tokens_.find(participant_token);
    if (it == participant_tokens_.end())
        throw access_denied("unknown participant token");
    contact& c = contacts_.at(it->second.first);
    if (now() >= c.chat_expiry)
        end_chat(c, "EXPIRED");
    if (!c.active())
        throw access_denied("the chat has ended");
    auto who = std::find_if(c.participants.begin(), c.participants.end(),
                            [&](const participant& p) { return p.id == it->second.second; });
    if (who->left)
        throw access_denied("the participant has left the chat");
    if (connect)
        who->connected = true;
    connection_made made;
    made.connection_token = random_token();
    made.connection_expiry = now() + cfg_.connection_token_ttl;
    made.websocket_token = random_token();
    made.websocket_expiry = now() + cfg_.websocket_url_ttl;
    connections_[made.connection_token] = {c.id, who->id, made.connection_expiry};
    websockets_[made.websocket_token] = {c.id, who->id, made.websocket_expiry};
    return made;
}

participant_ref world::by_connection(std::string_view connection_token, bool allow_ended) {
    return by_token(connections_, connection_token, "connection token", allow_ended);
}

participant_ref world::by_websocket(std::string_view websocket_token) {
    return by_token(websockets_, websocket_token, "websocket URL", false);
}

bool world::present(std::string_view contact_id, std::string_view participant_id) const {
    const auto it = contacts_.find(contact_id);
    if (it == contacts_.end() || !it->second.active())
        return false;
    const participant* who = it->second.find_participant(participant_id);
    return who && !who->left;
}

participant_ref world::by_token(const token_map& tokens, std::string_view token,
                                const std::string& what, bool allow_ended) {
    const auto it = tokens.find(token);
    if (it == tokens.end())
        throw access_denied("unknown " + what);
    if (now() >= it->second.expiry)
        throw access_denied("the " + what + " has expired");
    const connection_entry& entry = it->second;
    contact& c = contacts_.at(entry.contact_id);
    if (now() >= c.chat_expiry)
        end_chat(c, "EXPIRED");
    auto who = std::find_if(c.participants.begin(), c.participants.end(),
                            [&](participant& p) { return p.id == entry.participant_id; });
    if (!allow_ended && !c.active())
        throw access_denied("the chat has ended");
    if (!allow_ended && who->left)
        throw access_denied("the participant has left the chat");
    return {&c, &*who};
}

world::posted world::send_message(participant_ref who, const std::string& content_type,
                                  const std::string& content) {
    const auto type =
        std::find_if(message_types.begin(), message_types.end(),
                     [&](const message_type& t) { return t.content_type == content_type; });
    if (type == message_types.end())
        throw api_error("ValidationException",
                        "ContentType " + content_type + " is not a message content type.");
    const std::vector<std::string>& supported = who.chat->supported_content_types;
    if (std::find(supported.begin(), supported.end(), content_type) == supported.end())
        throw api_error("ValidationException",
                        "ContentType " + content_type + " is not supported on this contact.");
    if (code_points(content) > type->max_length)
        throw api_error("ValidationException",
                        "Content is longer than " + std::to_string(type->max_length) +
                            " characters, the limit for " + content_type + ".");
    if (content_type == "application/json") {
        boost::system::error_code ec;
        boost::json::parse(content, ec);
        if (ec)
            throw api_error("ValidationException", "Content is not valid JSON.");
    }
    const chat_item& item = append(*who.chat, *who.who, "MESSAGE", content_type, content);
    posted result{item.id, item.time};
    if (who.who->role == participant_role::customer && cfg_.agent_enabled) {
        // The agent starts composing at once: the customer sees it typing, then the reply.
        if (const participant* agent = who.chat->agent())
            notify(*who.chat, event(*agent, "TYPING", std::string(typing), item.time));
        const std::string contact_id = who.chat->id;
        const std::string message_id = item.id;
        if (cfg_.agent_reply_delay.count() == 0)
            agent_answer(contact_id, message_id);
        else
            schedule_(cfg_.agent_reply_delay,
                      [this, contact_id, message_id] { agent_answer(contact_id, message_id); });
    }
    return result;
}

world::posted world::send_event(participant_ref who, const std::string& content_type,
                                const std::optional<std::string>& content) {
    const timestamp t = now();
    if (content_type == typing) {
        // Ephemeral: the other participants are told, the transcript does not keep it.
        const chat_item typing_event = event(*who.who, "TYPING", std::string(typing), t);
        notify(*who.chat, typing_event);
        return {typing_event.id, t};
    }
    if (content_type == acknowledged) {
        who.who->connected = true;
        return {core::random_uuid(), t};
    }
    if (content_type != delivered_type && content_type != read_type)
        throw api_error("ValidationException",
                        "ContentType " + content_type + " is not an event SendEvent accepts.");
    if (who.chat->active_participants() > 2)
        throw api_error("ConflictException",
                        "Message receipts are not supported when there are more than two active "
                        "participants in the chat.",
                        409);
    std::string message_id;
    if (content) {
        boost::system::error_code ec;
        const boost::json::value jv = boost::json::parse(*content, ec);
        if (!ec && jv.is_object())
            if (const boost::json::value* id = jv.as_object().if_contains("messageId");
                id && id->is_string())
                message_id = std::string(id->as_string());
    }
    if (message_id.empty())
        throw api_error("ValidationException",
                        "Content must be {\"messageId\":\"...\"} for a message receipt.");
    const auto item = std::find_if(who.chat->transcript.begin(), who.chat->transcript.end(),
                                   [&](const chat_item& i) { return i.id == message_id; });
    if (item == who.chat->transcript.end() || item->type != "MESSAGE")
        throw api_error("ValidationException",
                        "Message " + message_id + " is not a message of this chat.");
    return add_receipt(*who.chat, *item, *who.who, content_type == read_type, t);
}

void world::disconnect(participant_ref who) {
    if (who.who->role == participant_role::customer) {
        end_chat(*who.chat, "CUSTOMER_DISCONNECT");
        return;
    }
    who.who->left = true;
    append(*who.chat, *who.who, "PARTICIPANT_LEFT", std::string(event_prefix) + "participant.left",
           std::nullopt);
}

world::transcript_page world::transcript(participant_ref who, const transcript_query& query) {
    const contact& c = *who.chat;
    if (query.contact_id && *query.contact_id != c.id && *query.contact_id != c.initial_contact_id)
        throw api_error("ValidationException",
                        "ContactId " + *query.contact_id + " is not part of this chat.");
    const std::vector<chat_item>& items = c.transcript;
    const auto n = static_cast<long>(items.size());
    const bool has_start = query.start_id || query.start_time || query.start_most_recent;
    bool forward = query.forward.value_or(has_start);
    long start = forward ? 0 : n - 1;

    if (query.next_token) {
        // contact id, direction, next index: opaque to callers, checked here.
        core::blob bytes;
        std::string text;
        if (core::base64_decode(*query.next_token, bytes))
            text.assign(bytes.begin(), bytes.end());
        const std::size_t a = text.find('|'), b = text.rfind('|');
        long index = -1;
        if (a != std::string::npos && b > a && text.substr(0, a) == c.id) {
            forward = text.substr(a + 1, b - a - 1) == "F";
            try {
                index = std::stol(text.substr(b + 1));
            } catch (const std::exception&) {
                index = -1;
            }
        }
        if (index < 0 || index >= n)
            throw api_error("ValidationException", "NextToken is not valid for this chat.");
        start = index;
    } else if (query.start_id) {
        const auto it = std::find_if(items.begin(), items.end(),
                                     [&](const chat_item& i) { return i.id == *query.start_id; });
        if (it == items.end())
            throw api_error("ValidationException",
                            "StartPosition.Id " + *query.start_id + " is not in this transcript.");
        start = it - items.begin();
    } else if (query.start_time) {
        const std::optional<timestamp> t = core::parse_iso8601(*query.start_time);
        if (!t)
            throw api_error("ValidationException",
                            "StartPosition.AbsoluteTime must be yyyy-MM-ddThh:mm:ss.SSSZ.");
        if (forward) {
            start = std::find_if(items.begin(), items.end(),
                                 [&](const chat_item& i) { return i.time >= *t; }) -
                    items.begin();
        } else {
            start = -1;
            for (long i = 0; i < n; ++i)
                if (items[static_cast<std::size_t>(i)].time <= *t)
                    start = i;
        }
    } else if (query.start_most_recent) {
        start = std::max(0L, n - 1 - *query.start_most_recent);
    }

    transcript_page page;
    page.initial_contact_id = c.initial_contact_id;
    const long step = forward ? 1 : -1;
    long i = start;
    for (; i >= 0 && i < n && static_cast<int>(page.items.size()) < query.max_results; i += step)
        page.items.push_back(&items[static_cast<std::size_t>(i)]);
    if (i >= 0 && i < n && query.max_results > 0) {
        const std::string token = c.id + (forward ? "|F|" : "|B|") + std::to_string(i);
        page.next_token = core::base64_encode(token);
    }
    // Items keep their order within the page by time (and by position for equal times).
    const bool ascending = query.ascending.value_or(false);
    std::stable_sort(
        page.items.begin(), page.items.end(),
        [&](const chat_item* x, const chat_item* y) { return ascending ? (x < y) : (y < x); });
    return page;
}

const session& world::create_session(std::string_view assistant_id, const std::string& name,
                                     const std::optional<std::string>& description,
                                     const std::map<std::string, std::string>& tags,
                                     const std::optional<std::string>& contact_arn) {
    check_assistant(assistant_id);
    const std::string assistant(assistant_id.substr(assistant_id.rfind('/') + 1));
    for (const auto& [id, s] : sessions_)
        if (s.assistant_id == assistant && s.name == name)
            throw api_error("ConflictException",
                            "A session named " + name + " already exists for this assistant.", 409);
    session s;
    s.id = core::random_uuid();
    s.assistant_id = assistant;
    s.arn = "arn:aws:wisdom:" + cfg_.region + ":" + cfg_.account_id + ":session/" + assistant +
            "/" + s.id;
    s.name = name;
    s.description = description;
    s.tags = tags;
    s.contact_arn = contact_arn;
    return sessions_.emplace(s.id, std::move(s)).first->second;
}

world::message_sent world::send_assistant_message(std::string_view assistant_id,
                                                  std::string_view session_id,
                                                  const std::string& text) {
    check_assistant(assistant_id);
    const auto it = sessions_.find(session_id);
    if (it == sessions_.end() ||
        it->second.assistant_id != assistant_id.substr(assistant_id.rfind('/') + 1))
        throw not_found("Session " + std::string(session_id));
    assistant_message m;
    m.session_id = it->second.id;
    m.request_message_id = core::random_uuid();
    m.message_id = core::random_uuid();
    m.text = assistant_answer(text);
    m.time = now();
    const std::string token = random_token();
    const std::string request_id = m.request_message_id;
    assistant_messages_.emplace(token, std::move(m));
    return {request_id, token};
}

const assistant_message& world::next_assistant_message(std::string_view assistant_id,
                                                       std::string_view session_id,
                                                       std::string_view next_message_token) {
    check_assistant(assistant_id);
    const auto it = assistant_messages_.find(next_message_token);
    if (it == assistant_messages_.end() || it->second.session_id != session_id)
        throw not_found("Message token");
    return it->second;
}

world::assistant_info world::create_assistant(const std::string& name, const std::string& type,
                                              const std::optional<std::string>& description,
                                              const std::map<std::string, std::string>& tags) {
    assistant_info a;
    a.id = core::random_uuid();
    a.arn = "arn:aws:wisdom:" + cfg_.region + ":" + cfg_.account_id + ":assistant/" + a.id;
    a.name = name;
    a.type = type;
    a.description = description;
    a.tags = tags;
    assistants_.emplace(a.id, std::make_pair(a, now()));
    return get_assistant(a.id);
}

world::assistant_info world::get_assistant(std::string_view assistant_id) const {
    check_assistant(assistant_id);
    const std::string_view id = assistant_id.substr(assistant_id.rfind('/') + 1);
    const auto it = assistants_.find(id);
    if (it == assistants_.end()) { // one of assistant_ids: there from the start
        assistant_info a;
        a.id = std::string(id);
        a.arn = "arn:aws:wisdom:" + cfg_.region + ":" + cfg_.account_id + ":assistant/" + a.id;
        a.name = "hawk-emulator";
        a.type = "AGENT";
        a.status = "ACTIVE";
        return a;
    }
    assistant_info a = it->second.first;
    a.status = now() - it->second.second >= cfg_.assistant_activation_delay ? "ACTIVE"
                                                                            : "CREATE_IN_PROGRESS";
    return a;
}

void world::delete_assistant(std::string_view assistant_id) {
    check_assistant(assistant_id);
    const std::string_view id = assistant_id.substr(assistant_id.rfind('/') + 1);
    if (const auto it = assistants_.find(id); it != assistants_.end())
        assistants_.erase(it);
    else
        cfg_.assistant_ids.erase(
            std::find(cfg_.assistant_ids.begin(), cfg_.assistant_ids.end(), id));
}

} // namespace hawk::emulator
