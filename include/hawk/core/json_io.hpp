#pragma once

// JSON reading and writing for generated shapes, in two forms:
//
// - the *document form*: keys are the model's member names and every member is included, as in
//   `aws ... --cli-input-json` and in the AWS protocol tests' params/result;
// - the *wire form*: the body of a rest-json or awsJson request or response: keys are the wire
//   names (locationName), members bound to headers, the URI or the query are left out, and
//   timestamps follow their timestampFormat.
//
// Generated code provides `write_json(json_out&, const T&)` and
// `read_json(json_in&, const boost::json::value&, T&)` for every structure, union and enum; the
// overloads here cover strings, numbers, timestamps, blobs, documents and containers.

#include <hawk/core/boxed.hpp>
#include <hawk/core/json_writer.hpp>
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

inline void write_json(json_out& out, const std::string& v) { out.string(v); }
inline void write_json(json_out& out, bool v) { out.boolean(v); }
inline void write_json(json_out& out, std::int8_t v) { out.integer(v); }
inline void write_json(json_out& out, std::int16_t v) { out.integer(v); }
inline void write_json(json_out& out, std::int32_t v) { out.integer(v); }
inline void write_json(json_out& out, std::int64_t v) { out.integer(v); }
inline void write_json(json_out& out, float v) { out.number(v); }
inline void write_json(json_out& out, double v) { out.number(v); }
inline void write_json(json_out& out, const blob& v) { out.blob_base64(v); }
inline void write_json(json_out& out, const boost::json::value& v) { out.value(v); }

inline void write_json(json_out& out, timestamp v,
                       timestamp_format format = timestamp_format::epoch_seconds) {
    if (out.form() == json_form::document || format == timestamp_format::epoch_seconds)
        out.timestamp_epoch(v);
    else if (format == timestamp_format::iso8601)
        out.string(format_iso8601(v));
    else
        out.string(format_http_date(v));
}

template <class T>
void write_json(json_out& out, const boxed<T>& v) {
    write_json(out, *v);
}

template <class T, class... Format>
void write_json(json_out& out, const std::vector<T>& v, Format... format) {
    out.begin_array();
    for (const T& item : v)
        write_json(out, item, format...);
    out.end_array();
}

template <class T, class... Format>
void write_json(json_out& out, const std::map<std::string, T>& v, Format... format) {
    out.begin_object();
    for (const auto& [key, item] : v) {
        out.key(key);
        write_json(out, item, format...);
    }
    out.end_object();
}

//----------------------------------------------------------------------------------------------
// Reading

/// Reading state: the form, the path to the value being read, and the first error.
class json_in {
public:
    explicit json_in(json_form form, std::string_view root = {}) : form_(form), root_(root) {}

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

    /// The current path, e.g. `SendMessageRequest.Message.Value[2]`.
    std::string path() const {
        std::string p(root_);
        for (const segment& s : path_) {
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
        return p;
    }

    void push_field(std::string_view name) { path_.push_back({segment::field, name, 0}); }
    void push_index(std::size_t i) { path_.push_back({segment::index, {}, i}); }
    void push_key(std::string_view key) { path_.push_back({segment::key, key, 0}); }
    void pop() noexcept { path_.pop_back(); }

    /// Reads the members of a JSON object: for each known, non-null key, calls
    /// `on_field(index into fields, value)`. Unknown keys are an error in the document form and
    /// ignored on the wire (services add members over time).
    template <std::size_t N, class OnField>
    bool read_object(const boost::json::value& jv, const field_name (&fields)[N], OnField&& on_field) {
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
            if (entry.value().is_null())
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
    struct segment {
        enum kind_t : unsigned char { field, index, key } kind;
        std::string_view name;
        std::size_t position;
    };

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
    std::string_view root_;
    std::vector<segment> path_;
    std::string error_;
};

inline bool read_json(json_in& in, const boost::json::value& jv, std::string& out) {
    const boost::json::string* s = jv.if_string();
    if (!s)
        return in.fail("expected a string");
    out.assign(s->data(), s->size());
    return true;
}

inline bool read_json(json_in& in, const boost::json::value& jv, bool& out) {
    if (!jv.is_bool())
        return in.fail("expected true or false");
    out = jv.get_bool();
    return true;
}

namespace detail {
template <class Int>
bool read_integer(json_in& in, const boost::json::value& jv, Int& out) {
    std::int64_t v = 0;
    if (jv.is_int64()) {
        v = jv.get_int64();
    } else if (jv.is_uint64()) {
        return in.fail("integer out of range");
    } else if (jv.is_double()) {
        // Some encoders write integral numbers as 1.0; accept those, nothing fractional.
        const double d = jv.get_double();
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || std::trunc(d) != d)
            return in.fail("expected an integer");
        v = static_cast<std::int64_t>(d);
    } else {
        return in.fail("expected an integer");
    }
    if (v < std::numeric_limits<Int>::min() || v > std::numeric_limits<Int>::max())
        return in.fail("integer out of range");
    out = static_cast<Int>(v);
    return true;
}

template <class Float>
bool read_floating(json_in& in, const boost::json::value& jv, Float& out) {
    if (jv.is_double())
        out = static_cast<Float>(jv.get_double());
    else if (jv.is_int64())
        out = static_cast<Float>(jv.get_int64());
    else if (jv.is_uint64())
        out = static_cast<Float>(jv.get_uint64());
    else if (const boost::json::string* s = jv.if_string()) {
        // The AWS JSON protocols spell the non-finite values as strings.
        if (*s == "NaN")
            out = std::numeric_limits<Float>::quiet_NaN();
        else if (*s == "Infinity")
            out = std::numeric_limits<Float>::infinity();
        else if (*s == "-Infinity")
            out = -std::numeric_limits<Float>::infinity();
        else
            return in.fail("expected a number");
    } else {
        return in.fail("expected a number");
    }
    return true;
}
} // namespace detail

inline bool read_json(json_in& in, const boost::json::value& jv, std::int8_t& out) {
    return detail::read_integer(in, jv, out);
}
inline bool read_json(json_in& in, const boost::json::value& jv, std::int16_t& out) {
    return detail::read_integer(in, jv, out);
}
inline bool read_json(json_in& in, const boost::json::value& jv, std::int32_t& out) {
    return detail::read_integer(in, jv, out);
}
inline bool read_json(json_in& in, const boost::json::value& jv, std::int64_t& out) {
    return detail::read_integer(in, jv, out);
}
inline bool read_json(json_in& in, const boost::json::value& jv, float& out) {
    return detail::read_floating(in, jv, out);
}
inline bool read_json(json_in& in, const boost::json::value& jv, double& out) {
    return detail::read_floating(in, jv, out);
}

/// Timestamps are read leniently in both forms: epoch seconds (number or numeric string),
/// ISO-8601 or HTTP date, whatever the member's timestampFormat says.
inline bool read_json(json_in& in, const boost::json::value& jv, timestamp& out) {
    std::optional<timestamp> t;
    if (jv.is_int64())
        t = from_epoch_seconds(jv.get_int64());
    else if (jv.is_uint64())
        t = std::nullopt;
    else if (jv.is_double())
        t = from_epoch_seconds(jv.get_double());
    else if (const boost::json::string* s = jv.if_string())
        t = parse_timestamp(std::string_view(s->data(), s->size()));
    else
        return in.fail("expected a timestamp");
    if (!t)
        return in.fail("not a valid timestamp");
    out = *t;
    return true;
}

inline bool read_json(json_in& in, const boost::json::value& jv, blob& out) {
    const boost::json::string* s = jv.if_string();
    if (!s)
        return in.fail("expected a base64 string");
    if (!base64_decode(std::string_view(s->data(), s->size()), out))
        return in.fail("not valid base64");
    return true;
}

inline bool read_json(json_in&, const boost::json::value& jv, boost::json::value& out) {
    out = jv;
    return true;
}

template <class T>
bool read_json(json_in& in, const boost::json::value& jv, boxed<T>& out) {
    return read_json(in, jv, *out);
}

template <class T>
bool read_json(json_in& in, const boost::json::value& jv, std::optional<T>& out) {
    return read_json(in, jv, out.emplace());
}

/// Null entries are skipped, as the AWS SDKs do for non-sparse lists.
template <class T>
bool read_json(json_in& in, const boost::json::value& jv, std::vector<T>& out) {
    const boost::json::array* a = jv.if_array();
    if (!a)
        return in.fail("expected a JSON array");
    out.clear();
    out.reserve(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        if ((*a)[i].is_null())
            continue;
        in.push_index(i);
        if (!read_json(in, (*a)[i], out.emplace_back()))
            return false;
        in.pop();
    }
    return true;
}

template <class T>
bool read_json(json_in& in, const boost::json::value& jv, std::map<std::string, T>& out) {
    const boost::json::object* o = jv.if_object();
    if (!o)
        return in.fail("expected a JSON object");
    out.clear();
    for (const auto& entry : *o) {
        if (entry.value().is_null())
            continue;
        in.push_key(entry.key());
        if (!read_json(in, entry.value(), out[std::string(entry.key())]))
            return false;
        in.pop();
    }
    return true;
}

//----------------------------------------------------------------------------------------------
// Entry points

/// `value` as JSON text in the given form.
template <class T>
std::string to_json(const T& value, json_form form) {
    std::string text;
    json_out out(text, form);
    write_json(out, value);
    return text;
}

/// `value` in the document form (model member names), as a Boost.JSON value.
template <class T>
boost::json::value to_document(const T& value) {
    return boost::json::parse(to_json(value, json_form::document));
}

/// Reads `jv` into `out`. On failure returns false and sets `error` to a message naming the
/// path, e.g. `SendMessageRequest.Content: expected a string`.
template <class T>
bool from_json(const boost::json::value& jv, json_form form, T& out, std::string& error) {
    json_in in(form, T::shape_name);
    if (read_json(in, jv, out))
        return true;
    error = in.error();
    return false;
}

/// For Boost.JSON's `try_value_to` (and `value_to`, which throws on error).
template <class T>
boost::system::result<T> try_from_document(const boost::json::value& jv) {
    T out{};
    std::string error;
    if (from_json(jv, json_form::document, out, error))
        return out;
    return boost::system::error_code(EINVAL, boost::system::generic_category());
}

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
