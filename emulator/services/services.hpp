#pragma once

// The operations the emulator implements, per service: each registers its handlers, which
// translate between the generated request/response types and the world.

#include "emulator/chat/world.hpp"
#include "emulator/services/dispatcher.hpp"

namespace hawk::emulator {

/// connect: StartChatContact, CreateParticipant, StartContactStreaming, StopContactStreaming,
/// StopContact, DescribeContact, UpdateContactAttributes, GetContactAttributes.
void serve_connect(dispatcher& d, world& w);
/// connectparticipant: CreateParticipantConnection, SendMessage, SendEvent, GetTranscript,
/// DisconnectParticipant, DescribeView.
void serve_participant(dispatcher& d, world& w);
/// qconnect: CreateSession, SendMessage, GetNextMessage.
void serve_qconnect(dispatcher& d, world& w);

} // namespace hawk::emulator
