#pragma once

// Waiting for the end: what hawk-emulator's main does once its servers are listening.

#include <functional>

namespace hawk::emulator {

/// Blocks until the process receives SIGINT or SIGTERM and returns that signal's number.
/// `ready`, when set, is called once the signals are caught (before that they would end the
/// process), e.g. to print that the emulator is listening. While waiting, the default action
/// of those signals is replaced; it is restored on return.
int wait_for_termination(const std::function<void()>& ready = nullptr);

} // namespace hawk::emulator
