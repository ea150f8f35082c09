// hawk::chat::session's compiled bodies, once for the chat tests (what a consumer does in one TU).
#include <hawk/chat/src.hpp>
