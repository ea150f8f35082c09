#pragma once

// Include this file in exactly one translation unit of a program that uses hawk::chat::session
// (besides <hawk/src.hpp>), unless the program defines HAWK_HEADER_ONLY everywhere. It compiles
// the session's WebSocket and state machine once.

#ifdef HAWK_HEADER_ONLY
#error "hawk/chat/src.hpp must not be included when HAWK_HEADER_ONLY is defined"
#endif

#include <hawk/chat/impl/session.ipp>
