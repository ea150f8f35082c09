#include "emulator/chat/agent.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace hawk::emulator {

namespace {

std::string lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool mentions(const std::string& text, std::string_view word) {
    return text.find(word) != std::string::npos;
}

/// The first digits-only word of at least four digits (an order number), or "".
std::string order_number(std::string_view text) {
    std::string run;
    for (const char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
            run += c;
            continue;
        }
        if (run.size() >= 4)
            return run;
        run.clear();
    }
    return run.size() >= 4 ? run : std::string();
}

} // namespace

std::string agent_greeting(std::string_view agent_name, std::string_view customer_name) {
    return "Hi " + std::string(customer_name) + ", my name is " + std::string(agent_name) +
           ". How can I help you today?";
}

std::string agent_reply(std::string_view customer_message) {
    const std::string text = lowercase(customer_message);
    if (const std::string number = order_number(customer_message); !number.empty())
        return "Thanks! Order " + number +
               " left our warehouse yesterday and should arrive within two days.";
    if (mentions(text, "order") || mentions(text, "package") || mentions(text, "delivery"))
        return "I can help with your order. Could you give me the order number?";
    if (mentions(text, "refund") || mentions(text, "return"))
        return "Returns are free within 30 days. I have emailed you a return label.";
    if (mentions(text, "bye") || mentions(text, "that's all") || mentions(text, "nothing else"))
        return "Glad I could help. Have a great day!";
    if (mentions(text, "thank"))
        return "You're welcome! Is there anything else I can do for you?";
    if (mentions(text, "hello") || mentions(text, "hi ") || text == "hi")
        return "Hello! What can I do for you?";
    return "I see. Could you tell me a little more about that?";
}

std::string assistant_answer(std::string_view question) {
    const std::string text = lowercase(question);
    static const std::array<std::pair<std::string_view, std::string_view>, 4> articles = {{
        {"refund", "Refund policy: customers may return items within 30 days for a full refund; "
                   "offer a prepaid return label."},
        {"order", "Order status: look the order up by its number; standard shipping takes two "
                  "to five days."},
        {"password", "Password reset: send the customer the reset link from the account page; "
                     "it expires after one hour."},
        {"hours", "Opening hours: support is available every day from 8:00 to 20:00."},
    }};
    for (const auto& [keyword, article] : articles)
        if (mentions(text, keyword))
            return std::string(article);
    return "I could not find an article about that. Try asking about orders, refunds, "
           "passwords or opening hours.";
}

} // namespace hawk::emulator
