#pragma once

// Chat items as the Participant Service writes them: the one translation GetTranscript and the
// participant WebSocket share, so that both carry the same Ids, times and metadata.

#include "emulator/chat/world.hpp"

#include <hawk/connectparticipant/types/item.hpp>

namespace hawk::emulator {

/// `item` of `chat` as a connectparticipant Item. MESSAGE items carry MessageMetadata with their
/// own id and their receipts; MESSAGE_DELIVERED and MESSAGE_READ events carry the id of the
/// message they are about and the receipt.
connectparticipant::Item to_item(const chat_item& item, const contact& chat);

} // namespace hawk::emulator
