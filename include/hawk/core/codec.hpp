#pragma once

// Conversions of every value type hawk knows: JSON in both forms (json_io.hpp), debug text
// (debug.hpp) and, for generated structures and unions, validation (validate.hpp).
//
// They are class template specializations, `codec<T>`, rather than overloaded free functions:
// generated code specializes codec for each of its types, and a call resolves by looking up one
// specialization instead of ranking thousands of same-named overloads (which made a header of
// every connect shape compile ten times slower).

#include <hawk/core/boxed.hpp>
#include <hawk/core/debug.hpp>
#include <hawk/core/json_io.hpp>
#include <hawk/core/timestamp.hpp>
#include <hawk/core/validate.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace hawk::core {

/// Specialized for each type: `write(json_out&, const T&)`, `read(json_in&, const value&, T&)`,
/// `print(debug_out&, const T&)`, and for structures and unions `validate(validator&, const T&)`.
template <class T, class = void>
struct codec;

template <class T>
void write_json(json_out& out, const T& value) {
    codec<T>::write(out, value);
}
/// Timestamps, and containers of them, with a wire format other than epoch seconds.
template <class T>
void write_json(json_out& out, const T& value, timestamp_format format) {
    codec<T>::write(out, value, format);
}
template <class T>
bool read_json(json_in& in, const boost::json::value& jv, T& value) {
    return codec<T>::read(in, jv, value);
}
template <class T>
void print_debug(debug_out& out, const T& value) {
    codec<T>::print(out, value);
}
template <class T>
void validate_value(validator& v, const T& value) {
    codec<T>::validate(v, value);
}

//----------------------------------------------------------------------------------------------
// Scalars

template <>
struct codec<std::string> {
    static void write(json_out& out, const std::string& v) { out.string(v); }
    static bool read(json_in& in, const boost::json::value& jv, std::string& v) {
        const boost::json::string* s = jv.if_string();
        if (!s)
            return in.fail("expected a string");
        v.assign(s->data(), s->size());
        return true;
    }
    static void print(debug_out& out, const std::string& v) { out.quoted(v); }
};

template <>
struct codec<bool> {
    static void write(json_out& out, bool v) { out.boolean(v); }
    static bool read(json_in& in, const boost::json::value& jv, bool& v) {
        if (!jv.is_bool())
            return in.fail("expected true or false");
        v = jv.get_bool();
        return true;
    }
    static void print(debug_out& out, bool v) { out.raw(v ? "true" : "false"); }
};

template <class Int>
struct codec<Int, std::enable_if_t<std::is_integral_v<Int> && std::is_signed_v<Int>>> {
    static void write(json_out& out, Int v) { out.integer(v); }
    static bool read(json_in& in, const boost::json::value& jv, Int& v) {
        std::int64_t n = 0;
        if (jv.is_int64()) {
            n = jv.get_int64();
        } else if (jv.is_uint64()) {
            return in.fail("integer out of range");
        } else if (jv.is_double()) {
            // Some encoders write integral numbers as 1.0; accept those, nothing fractional.
            const double d = jv.get_double();
            if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || std::trunc(d) != d)
                return in.fail("expected an integer");
            n = static_cast<std::int64_t>(d);
        } else {
            return in.fail("expected an integer");
        }
        if (n < std::numeric_limits<Int>::min() || n > std::numeric_limits<Int>::max())
            return in.fail("integer out of range");
        v = static_cast<Int>(n);
        return true;
    }
    static void print(debug_out& out, Int v) { out.raw(std::to_string(v)); }
};

template <class Float>
struct codec<Float, std::enable_if_t<std::is_floating_point_v<Float>>> {
    static void write(json_out& out, Float v) { out.number(v); }
    static bool read(json_in& in, const boost::json::value& jv, Float& v) {
        if (jv.is_double())
            v = static_cast<Float>(jv.get_double());
        else if (jv.is_int64())
            v = static_cast<Float>(jv.get_int64());
        else if (jv.is_uint64())
            v = static_cast<Float>(jv.get_uint64());
        else if (const boost::json::string* s = jv.if_string()) {
            // The AWS JSON protocols spell the non-finite values as strings.
            if (*s == "NaN")
                v = std::numeric_limits<Float>::quiet_NaN();
            else if (*s == "Infinity")
                v = std::numeric_limits<Float>::infinity();
            else if (*s == "-Infinity")
                v = -std::numeric_limits<Float>::infinity();
            else
                return in.fail("expected a number");
        } else {
            return in.fail("expected a number");
        }
        return true;
    }
    static void print(debug_out& out, Float v) {
        std::string text;
        json_writer(text).number(v);
        out.raw(text);
    }
};

template <>
struct codec<timestamp> {
    static void write(json_out& out, timestamp v,
                      timestamp_format format = timestamp_format::epoch_seconds) {
        if (out.form() == json_form::document || format == timestamp_format::epoch_seconds)
            out.timestamp_epoch(v);
        else if (format == timestamp_format::iso8601)
            out.string(format_iso8601(v));
        else
            out.string(format_http_date(v));
    }
    /// Read leniently in both forms: epoch seconds (number or numeric string), ISO-8601 or HTTP
    /// date, whatever the member's timestampFormat says.
    static bool read(json_in& in, const boost::json::value& jv, timestamp& v) {
        std::optional<timestamp> t;
        if (jv.is_int64())
            t = from_epoch_seconds(jv.get_int64());
        else if (jv.is_double())
            t = from_epoch_seconds(jv.get_double());
        else if (const boost::json::string* s = jv.if_string())
            t = parse_timestamp(std::string_view(s->data(), s->size()));
        else if (!jv.is_uint64())
            return in.fail("expected a timestamp");
        if (!t)
            return in.fail("not a valid timestamp");
        v = *t;
        return true;
    }
    static void print(debug_out& out, timestamp v) { out.raw(format_iso8601(v)); }
};

template <>
struct codec<blob> {
    static void write(json_out& out, const blob& v) { out.blob_base64(v); }
    static bool read(json_in& in, const boost::json::value& jv, blob& v) {
        const boost::json::string* s = jv.if_string();
        if (!s)
            return in.fail("expected a base64 string");
        if (!base64_decode(std::string_view(s->data(), s->size()), v))
            return in.fail("not valid base64");
        return true;
    }
    static void print(debug_out& out, const blob& v) {
        out.raw("<" + std::to_string(v.size()) + " bytes>");
    }
};

/// AWS `document` shapes: any JSON.
template <>
struct codec<boost::json::value> {
    static void write(json_out& out, const boost::json::value& v) { out.value(v); }
    static bool read(json_in&, const boost::json::value& jv, boost::json::value& v) {
        v = jv;
        return true;
    }
    static void print(debug_out& out, const boost::json::value& v) {
        std::string text;
        json_writer(text).value(v);
        out.raw(text);
    }
};

//----------------------------------------------------------------------------------------------
// Wrappers and containers

template <class T>
struct codec<boxed<T>> {
    template <class... Format>
    static void write(json_out& out, const boxed<T>& v, Format... format) {
        codec<T>::write(out, *v, format...);
    }
    static bool read(json_in& in, const boost::json::value& jv, boxed<T>& v) {
        return codec<T>::read(in, jv, *v);
    }
    static void print(debug_out& out, const boxed<T>& v) { codec<T>::print(out, *v); }
    static void validate(validator& val, const boxed<T>& v) { codec<T>::validate(val, *v); }
};

template <class T>
struct codec<std::optional<T>> {
    static bool read(json_in& in, const boost::json::value& jv, std::optional<T>& v) {
        return codec<T>::read(in, jv, v.emplace());
    }
};

template <class T>
struct codec<std::vector<T>> {
    template <class... Format>
    static void write(json_out& out, const std::vector<T>& v, Format... format) {
        out.begin_array();
        for (const T& item : v)
            codec<T>::write(out, item, format...);
        out.end_array();
    }
    /// Null entries are skipped, as the AWS SDKs do for lists that are not sparse.
    static bool read(json_in& in, const boost::json::value& jv, std::vector<T>& v) {
        const boost::json::array* a = jv.if_array();
        if (!a)
            return in.fail("expected a JSON array");
        v.clear();
        v.reserve(a->size());
        for (std::size_t i = 0; i < a->size(); ++i) {
            if ((*a)[i].is_null())
                continue;
            if constexpr (std::is_same_v<T, bool>) {
                bool item = false; // std::vector<bool> has no bool& to read into
                if (!codec<T>::read(in, (*a)[i], item))
                    return in.failed_at_index(i);
                v.push_back(item);
            } else {
                // Read in place: no move of a large structure. A failed entry is not kept.
                if (!codec<T>::read(in, (*a)[i], v.emplace_back())) {
                    v.pop_back();
                    return in.failed_at_index(i);
                }
            }
        }
        return true;
    }
    static void print(debug_out& out, const std::vector<T>& v) {
        out.raw("[");
        const bool saved = out.enter();
        for (const T& item : v) {
            out.separator();
            codec<T>::print(out, item);
        }
        out.leave(saved);
        out.raw("]");
    }
};

template <class T>
struct codec<std::map<std::string, T>> {
    template <class... Format>
    static void write(json_out& out, const std::map<std::string, T>& v, Format... format) {
        out.begin_object();
        for (const auto& [key, item] : v) {
            out.key(key);
            codec<T>::write(out, item, format...);
        }
        out.end_object();
    }
    static bool read(json_in& in, const boost::json::value& jv, std::map<std::string, T>& v) {
        const boost::json::object* o = jv.if_object();
        if (!o)
            return in.fail("expected a JSON object");
        v.clear();
        for (const auto& entry : *o) {
            if (entry.value().is_null())
                continue;
            // Hinted at the end: O(1) when keys come in order (as hawk writes them).
            auto slot = v.try_emplace(v.end(), std::string(entry.key()));
            if (!codec<T>::read(in, entry.value(), slot->second))
                return in.failed_at_key(entry.key());
        }
        return true;
    }
    static void print(debug_out& out, const std::map<std::string, T>& v) {
        out.raw("{");
        const bool saved = out.enter();
        for (const auto& [key, item] : v) {
            out.separator();
            out.quoted(key);
            out.raw(": ");
            codec<T>::print(out, item);
        }
        out.leave(saved);
        out.raw("}");
    }
};

//----------------------------------------------------------------------------------------------
// Entry points

namespace detail {
/// Each thread writes JSON into a buffer whose capacity it keeps from call to call (up to
/// `kept` bytes), then copies the text once into a string of its exact size: one allocation
/// whatever the size, instead of a string doubling its way up from nothing.
struct json_scratch {
    static constexpr std::size_t kept = std::size_t{1} << 20;
    std::string text;
    bool busy = false; // a to_json inside a to_json writes into a string of its own

    static json_scratch& this_thread() {
        thread_local json_scratch scratch;
        return scratch;
    }
};
} // namespace detail

/// `value` as JSON text in the given form.
template <class T>
std::string to_json(const T& value, json_form form) {
    detail::json_scratch& scratch = detail::json_scratch::this_thread();
    if (scratch.busy) {
        std::string text;
        json_out out(text, form);
        codec<T>::write(out, value);
        return text;
    }
    struct release {
        detail::json_scratch& s;
        ~release() {
            s.busy = false;
            if (s.text.capacity() > detail::json_scratch::kept)
                std::string().swap(s.text);
        }
    } guard{scratch};
    scratch.busy = true;
    scratch.text.clear();
    json_out out(scratch.text, form);
    codec<T>::write(out, value);
    return std::string(scratch.text);
}

/// `value` in the document form (model member names), as a Boost.JSON value. Throws
/// std::invalid_argument when a string holds bytes that are not UTF-8 (text read from a header
/// or a raw payload as it came): JSON has no form for them, and nothing is replaced silently.
template <class T>
boost::json::value to_document(const T& value) {
    boost::system::error_code ec;
    boost::json::value jv = boost::json::parse(to_json(value, json_form::document), ec);
    if (ec)
        throw std::invalid_argument(std::string(T::shape_name) +
                                    " holds text that is not valid UTF-8, which has no JSON form");
    return jv;
}

/// Reads `jv` into `out`. On failure returns false and sets `error` to a message naming the
/// path, e.g. `SendMessageRequest.Content: expected a string`.
template <class T>
bool from_json(const boost::json::value& jv, json_form form, T& out, std::string& error) {
    json_in in(form, T::shape_name);
    if (codec<T>::read(in, jv, out))
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

/// Every violation in `value`, empty when it is valid.
template <class T>
std::vector<violation> validate(const T& value, validation_mode mode = validation_mode::all) {
    validator v(T::shape_name, mode);
    codec<T>::validate(v, value);
    return v.release();
}

/// The debug rendering of any generated shape, with sensitive members redacted.
template <class T>
std::string to_debug_string(const T& value) {
    std::string text;
    debug_out out(text);
    codec<T>::print(out, value);
    return text;
}

/// What `operator<<` of generated types calls.
template <class T>
std::ostream& print(std::ostream& os, const T& value) {
    return detail::write_text(os, to_debug_string(value));
}

} // namespace hawk::core
