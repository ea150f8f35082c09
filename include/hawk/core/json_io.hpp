#pragma once

// JSON reading and writing for generated shapes, in two forms:
//
// - the *document form*: keys are the model's member names and every member is included, as in
//   `aws ... --cli-input-json` and in the AWS protocol tests' params/result;
// - the *wire form*: the body of a rest-json or awsJson request or response: keys are the wire
//   names (locationName), members bound to headers, the URI or the query are left out, and
//   timestamps follow their timestampFormat.
//
// This header has the reading and writing state; codec.hpp has the conversions of each type.

#include <hawk/core/boxed.hpp>
#include <hawk/core/json_writer.hpp>
#include <hawk/core/member_path.hpp>
#include <hawk/core/timestamp.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hawk::core {

enum class json_form : unsigned char { document, wire };

/// How a timestamp is written on the wire (document form always uses epoch seconds).
enum class timestamp_format : unsigned char { epoch_seconds, iso8601, http_date };

/// A member's key in each form; an empty wire name means "not in the body".
struct field_name {
    std::string_view document;
    std::string_view wire;
    /// Neither name needs escaping in JSON (what generated names always are), so that writers
    /// copy them as they are. Worked out when the constant tables of generated code are.
    bool plain = true;

    constexpr field_name(std::string_view document_name, std::string_view wire_name) noexcept
        : document(document_name), wire(wire_name),
          plain(detail::json_plain(document_name) && detail::json_plain(wire_name)) {}
};

//----------------------------------------------------------------------------------------------
// Writing

class json_out : public json_writer {
public:
    json_out(std::string& buffer, json_form form) noexcept : json_writer(buffer), form_(form) {}

    json_form form() const noexcept { return form_; }

    /// Writes the member's key and returns true, or returns false when the member has no place
    /// in this form (bound to a header, label or query parameter on the wire).
    bool field(const field_name& name) {
        if (form_ == json_form::document) {
            name.plain ? key_literal(name.document) : key(name.document);
            return true;
        }
        if (name.wire.empty())
            return false;
        name.plain ? key_literal(name.wire) : key(name.wire);
        return true;
    }

private:
    json_form form_;
};

//----------------------------------------------------------------------------------------------
// Reading

/// Reading state: the form and the first error. Reading keeps no path: where an error is becomes
/// known on the way out of it, each reader that sees a nested read fail adding its step
/// (`failed_in_field`, `failed_at_index`, `failed_at_key`) as it returns false, so that reading
/// what is valid costs nothing for the message of what is not.
class json_in {
public:
    explicit json_in(json_form form, std::string_view root = {}) : form_(form), trail_(root) {}

    json_form form() const noexcept { return form_; }

    /// Records `what` as the error (the first wins) and returns false, for the reader to return
    /// at once: the readers it is nested in add where it was.
    bool fail(std::string_view what) {
        if (!failed_) {
            failed_ = true;
            what_.assign(what);
        }
        return false;
    }

    /// The error with its path, e.g. `SendMessageRequest.Content: expected a string`; empty
    /// when there was none. The path's names and keys are views of the JSON that was read: ask
    /// while it lives.
    std::string error() const {
        if (!failed_)
            return {};
        std::string text = trail_.to_string_reversed();
        text += text.empty() ? "" : ": ";
        text += what_;
        return text;
    }

    /// A nested read failed in this member, list entry or map entry. Return false.
    bool failed_in_field(std::string_view name) {
        trail_.push_field(name);
        return false;
    }
    bool failed_at_index(std::size_t i) {
        trail_.push_index(i);
        return false;
    }
    bool failed_at_key(std::string_view key) {
        trail_.push_key(key);
        return false;
    }

    /// Reads the members of a JSON object: for each known, non-null key, calls
    /// `on_field(index into fields, value)`. Unknown keys are an error in the document form and
    /// ignored on the wire (services add members over time).
    template <std::size_t N, class OnField>
    bool read_object(const boost::json::value& jv, const field_name (&fields)[N],
                     OnField&& on_field) {
        const boost::json::object* obj = jv.if_object();
        if (!obj)
            return fail("expected a JSON object");
        for (const auto& entry : *obj) {
            const std::size_t i = find(fields, entry.key());
            if (i == N) {
                if (form_ == json_form::wire)
                    continue;
                fail("unknown member");
                return failed_at_key(entry.key());
            }
            if (entry.value().is_null())
                continue;
            if (!on_field(i, entry.value()))
                return failed_in_field(fields[i].document);
        }
        return true;
    }

    /// Reads a structure without members: any object (the document form admits no keys).
    bool read_empty_object(const boost::json::value& jv) {
        const boost::json::object* obj = jv.if_object();
        if (!obj)
            return fail("expected a JSON object");
        if (form_ == json_form::document && !obj->empty()) {
            fail("unknown member");
            return failed_at_key(obj->begin()->key());
        }
        return true;
    }

    /// Reads a union: an object with exactly one non-null member. A member this code does not
    /// know goes to `on_unknown(name, value)`, so that it is kept rather than lost; `value` is a
    /// copy with the default memory resource, which the caller may keep.
    template <std::size_t N, class OnField, class OnUnknown>
    bool read_union(const boost::json::value& jv, const field_name (&fields)[N], OnField&& on_field,
                    OnUnknown&& on_unknown) {
        const boost::json::object* obj = jv.if_object();
        if (!obj)
            return fail("expected a JSON object");
        bool seen = false;
        for (const auto& entry : *obj) {
            // Services may name the union's type in `__type`; it is not a member.
            if (entry.value().is_null() || (form_ == json_form::wire && entry.key() == "__type"))
                continue;
            if (seen) {
                fail("a union holds exactly one member, but several are set");
                return failed_at_key(entry.key());
            }
            seen = true;
            const std::size_t i = find(fields, entry.key());
            if (i == N) {
                // A copy of a value keeps its source's memory resource, which may be a parse's
                // own (json_body::read): this one has the default resource.
                on_unknown(entry.key(), boost::json::value(entry.value(), {}));
                continue;
            }
            if (!on_field(i, entry.value()))
                return failed_in_field(fields[i].document);
        }
        return true;
    }

private:
    template <std::size_t N>
    std::size_t find(const field_name (&fields)[N], std::string_view key) const noexcept {
        for (std::size_t i = 0; i < N; ++i) {
            const std::string_view name =
                form_ == json_form::document ? fields[i].document : fields[i].wire;
            if (!name.empty() && name == key)
                return i;
        }
        return N;
    }

    json_form form_;
    bool failed_ = false;
    std::string what_;
    member_path trail_; // innermost first
};

//----------------------------------------------------------------------------------------------
// Entry points

/// Finds `text` in a generated enum's table of known values; -1 when unknown.
template <std::size_t N>
int enum_index(const std::string_view (&values)[N], std::string_view text) noexcept {
    for (std::size_t i = 0; i < N; ++i)
        if (values[i] == text)
            return static_cast<int>(i);
    return -1;
}

/// A union member this version of the code does not know, kept with its JSON value so that it
/// round-trips unchanged.
struct unknown_union_member {
    std::string name;
    boost::json::value value;

    friend bool operator==(const unknown_union_member& a, const unknown_union_member& b) {
        return a.name == b.name && a.value == b.value;
    }
    friend bool operator!=(const unknown_union_member& a, const unknown_union_member& b) {
        return !(a == b);
    }
};

} // namespace hawk::core
