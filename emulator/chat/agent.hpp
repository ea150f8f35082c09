#pragma once

// What the emulator's built-in agent and assistant say: a few rules on keywords, enough for a
// conversation to happen and for tests to tell replies apart. Deterministic: the same message
// always gets the same answer.

#include <string>
#include <string_view>

namespace hawk::emulator {

/// The agent's first message when it joins a chat.
std::string agent_greeting(std::string_view agent_name, std::string_view customer_name);
/// The agent's answer to a customer message.
std::string agent_reply(std::string_view customer_message);
/// The Amazon Q in Connect assistant's answer to a question.
std::string assistant_answer(std::string_view question);

} // namespace hawk::emulator
