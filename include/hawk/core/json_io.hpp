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
            key(name.document);
            return true;
        }
        if (name.wire.empty())
            return false;
        key(name.wire);
        return true;
    }

private:
    json_form form_;
};

//----------------------------------------------------------------------------------------------
// Reading

/// Reading state: the form, the path to the value being read, and the first error.
class json_in {
public:
    explicit json_in(json_form form, std::string_view root = {}) : form_(form), path_(root) {}

    json_form form() const noexcept { return form_; }

    /// Records `what` at the current path (the first error wins) and returns false.
    bool fail(std::string_view what) {
        if (error_.empty()) {
            error_ = path();
            error_ += error_.empty() ? "" : ": ";
            error_ += what;
        }
        return false;
    }
    const std::string& error() const noexcept { return error_; }

    std::string path() const { return path_.to_string(); }

    void push_field(std::string_view name) { path_.push_field(name); }
    void push_index(std::size_t i) { path_.push_index(i); }
    void push_key(std::string_view key) { path_.push_key(key); }
    void pop() noexcept { path_.pop(); }

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
                push_key(entry.key());
                return fail("unknown member");
            }
            if (entry.value().is_null())
                continue;
            push_field(fields[i].document);
            if (!on_field(i, entry.value()))
                return false;
            pop();
        }
        return true;
    }

    /// Reads a structure without members: any object (the document form admits no keys).
    bool read_empty_object(const boost::json::value& jv) {
        const boost::json::object* obj = jv.if_object();
        if (!obj)
            return fail("expected a JSON object");
        if (form_ == json_form::document && !obj->empty()) {
            push_key(obj->begin()->key());
            return fail("unknown member");
        }
        return true;
    }

    /// Reads a union: an object with exactly one non-null member. A member this code does not
    /// know goes to `on_unknown(name, value)`, so that it is kept rather than lost.
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
                push_key(entry.key());
                return fail("a union holds exactly one member, but several are set");
            }
            seen = true;
            const std::size_t i = find(fields, entry.key());
            if (i == N) {
                on_unknown(entry.key(), entry.value());
                continue;
            }
            push_field(fields[i].document);
            if (!on_field(i, entry.value()))
                return false;
            pop();
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
    member_path path_;
    std::string error_;
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
