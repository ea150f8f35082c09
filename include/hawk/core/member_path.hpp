#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hawk::core {

/// Where in a shape a reader or validator is: `SendMessageRequest.Message.Value[2]`,
/// `Attributes["key"]`. Kept as views and built into text only when a message needs it.
class member_path {
public:
    explicit member_path(std::string_view root) noexcept : root_(root) {}

    void push_field(std::string_view name) { segments_.push_back({segment::field, name, 0}); }
    void push_index(std::size_t i) { segments_.push_back({segment::index, {}, i}); }
    void push_key(std::string_view key) { segments_.push_back({segment::key, key, 0}); }
    void pop() noexcept { segments_.pop_back(); }

    std::string to_string() const {
        std::string p(root_);
        for (auto s = segments_.begin(); s != segments_.end(); ++s)
            append(p, *s);
        return p;
    }

    /// The same with the segments in the reverse of the order they were pushed: for readers that
    /// learn where an error was on their way out of it, innermost first.
    std::string to_string_reversed() const {
        std::string p(root_);
        for (auto s = segments_.rbegin(); s != segments_.rend(); ++s)
            append(p, *s);
        return p;
    }

private:
    struct segment {
        enum kind_t : unsigned char { field, index, key } kind;
        std::string_view name;
        std::size_t position;
    };

    static void append(std::string& p, const segment& s) {
        if (s.kind == segment::field) {
            if (!p.empty())
                p += '.';
            p += s.name;
        } else if (s.kind == segment::index) {
            p += '[';
            p += std::to_string(s.position);
            p += ']';
        } else {
            p += "[\"";
            p += s.name;
            p += "\"]";
        }
    }

    std::string_view root_;
    std::vector<segment> segments_;
};

} // namespace hawk::core
