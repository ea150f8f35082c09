#include "emulator/services/chat_items.hpp"

namespace hawk::emulator {

namespace api = hawk::connectparticipant;

api::Item to_item(const chat_item& i, const contact& c) {
    api::Item item;
    item.id = i.id;
    item.absolute_time = format_chat_time(i.time);
    item.type = api::ChatItemType(i.type);
    item.content_type = i.content_type;
    item.content = i.content;
    item.participant_id = i.participant_id;
    item.display_name = i.display_name;
    item.participant_role = api::ParticipantRole(to_string(i.role));
    item.contact_id = c.id;
    const bool is_receipt = !i.receipt_for.empty();
    if (i.type == "MESSAGE" || is_receipt) {
        item.message_metadata.emplace();
        item.message_metadata->message_id = is_receipt ? i.receipt_for : i.id;
        item.message_metadata->receipts.emplace();
        for (const receipt& r : i.receipts) {
            api::Receipt out;
            out.recipient_participant_id = r.recipient_participant_id;
            if (r.delivered)
                out.delivered_timestamp = format_chat_time(*r.delivered);
            if (r.read)
                out.read_timestamp = format_chat_time(*r.read);
            item.message_metadata->receipts->push_back(std::move(out));
        }
    }
    return item;
}

} // namespace hawk::emulator
