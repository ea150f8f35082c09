#pragma once

// AWS timestamps on the wire: epoch seconds, ISO-8601 (RFC 3339) and HTTP dates (RFC 7231).
//
// Civil-date math is done by hand (Howard Hinnant's days_from_civil / civil_from_days) because
// the public headers must compile as C++17, where <chrono> has no calendar.
//
// Range: the algorithms are exact for years 0000..9999, but a timestamp is a
// system_clock::time_point, which on libstdc++ counts int64 nanoseconds and so spans
// 1677-09-21..2262-04-11. Parsers return std::nullopt for instants that do not fit.

#include <hawk/core/config.hpp>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace hawk::core {

using timestamp = std::chrono::system_clock::time_point;

namespace detail {

using clock_rep = timestamp::duration::rep;
using clock_period = timestamp::duration::period;
static_assert(clock_period::num == 1 && 1000000000 % clock_period::den == 0,
              "system_clock must tick at a whole divisor of a nanosecond per second");
static_assert(sizeof(clock_rep) == 8 && std::is_signed_v<clock_rep>);

inline constexpr std::int64_t ticks_per_second = clock_period::den;
inline constexpr std::int64_t nanos_per_tick = 1000000000 / ticks_per_second;

// An instant as floored whole seconds plus nanoseconds in [0, 1e9).
struct split_seconds {
    std::int64_t seconds;
    std::uint32_t nanos;
};

// Integer arithmetic on the tick count: chrono::floor / operator- would overflow near
// duration::min().
inline constexpr split_seconds split(timestamp t) noexcept {
    const std::int64_t ticks = t.time_since_epoch().count();
    std::int64_t secs = ticks / ticks_per_second;
    std::int64_t rem = ticks % ticks_per_second;
    if (rem < 0) {
        rem += ticks_per_second;
        --secs;
    }
    return {secs, static_cast<std::uint32_t>(rem * nanos_per_tick)};
}

// Inverse of split(); std::nullopt when the instant does not fit the clock. Nanoseconds finer
// than the clock's tick are truncated.
inline constexpr std::optional<timestamp> make_timestamp(std::int64_t secs,
                                                         std::uint32_t nanos) noexcept {
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
    const std::int64_t sub = static_cast<std::int64_t>(nanos) / nanos_per_tick; // [0, tps)
    std::int64_t ticks = 0;
    if (secs >= 0) {
        if (secs > (max - sub) / ticks_per_second) {
            return std::nullopt;
        }
        ticks = secs * ticks_per_second + sub;
    } else {
        // min = q * tps + r with r in (-tps, 0]; secs == q - 1 still fits when sub is large.
        constexpr std::int64_t q = min / ticks_per_second;
        constexpr std::int64_t r = min % ticks_per_second;
        if (secs < q && !(secs == q - 1 && sub >= r + ticks_per_second)) {
            return std::nullopt;
        }
        ticks = (secs + 1) * ticks_per_second + (sub - ticks_per_second);
    }
    return timestamp(timestamp::duration(static_cast<clock_rep>(ticks)));
}

inline constexpr bool is_leap_year(std::int64_t y) noexcept {
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

inline constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
    constexpr unsigned char days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap_year(y) ? 29u : days[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (valid month/day assumed).
inline constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil_date {
    std::int64_t year;
    unsigned month; // 1..12
    unsigned day;   // 1..31
};

inline constexpr civil_date civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

inline constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    const std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Writes v as exactly n digits, zero-padded; returns the end.
inline char* put_digits(char* p, std::uint64_t v, int n) noexcept {
    for (int i = n - 1; i >= 0; --i) {
        p[i] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    return p + n;
}

// ".fffffffff" with trailing zeros trimmed; nothing when nanos == 0.
inline char* put_fraction(char* p, std::uint32_t nanos) noexcept {
    if (nanos == 0) {
        return p;
    }
    *p++ = '.';
    int n = 9;
    while (nanos % 10 == 0) {
        nanos /= 10;
        --n;
    }
    return put_digits(p, nanos, n);
}

inline char* put_year(char* p, char* end, std::int64_t y) noexcept {
    if (y >= 0 && y <= 9999) {
        return put_digits(p, static_cast<std::uint64_t>(y), 4);
    }
    return std::to_chars(p, end, y).ptr; // only reachable with clocks coarser than libstdc++'s
}

inline constexpr bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

// Reads exactly n digits at s[pos..pos+n).
inline constexpr bool get_digits(std::string_view s, std::size_t pos, int n, unsigned& v) noexcept {
    if (pos + static_cast<std::size_t>(n) > s.size()) {
        return false;
    }
    v = 0;
    for (int i = 0; i < n; ++i) {
        const char c = s[pos + static_cast<std::size_t>(i)];
        if (!is_digit(c)) {
            return false;
        }
        v = v * 10 + static_cast<unsigned>(c - '0');
    }
    return true;
}

// Reads 1..9 fraction digits at s[pos..] (after the '.'), scaled to nanoseconds.
inline constexpr bool get_fraction(std::string_view s, std::size_t& pos,
                                   std::uint32_t& nanos) noexcept {
    std::uint32_t v = 0;
    int n = 0;
    while (pos < s.size() && is_digit(s[pos])) {
        if (++n > 9) {
            return false;
        }
        v = v * 10 + static_cast<std::uint32_t>(s[pos] - '0');
        ++pos;
    }
    if (n == 0) {
        return false;
    }
    for (; n < 9; ++n) {
        v *= 10;
    }
    nanos = v;
    return true;
}

// "hh:mm:ss" at s[pos..], optionally followed by ".f{1,9}" when allowed.
inline constexpr bool get_time_of_day(std::string_view s, std::size_t& pos, std::int64_t& sod,
                                      std::uint32_t& nanos) noexcept {
    unsigned h = 0, m = 0, sec = 0;
    if (!get_digits(s, pos, 2, h) || pos + 2 >= s.size() || s[pos + 2] != ':' ||
        !get_digits(s, pos + 3, 2, m) || pos + 5 >= s.size() || s[pos + 5] != ':' ||
        !get_digits(s, pos + 6, 2, sec)) {
        return false;
    }
    // Leap seconds (:60) are rejected: a time_point cannot represent them.
    if (h > 23 || m > 59 || sec > 59) {
        return false;
    }
    pos += 8;
    nanos = 0;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        if (!get_fraction(s, pos, nanos)) {
            return false;
        }
    }
    sod = static_cast<std::int64_t>(h) * 3600 + m * 60 + sec;
    return true;
}

inline constexpr char lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

inline constexpr const char* month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
inline constexpr const char* weekday_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
inline constexpr const char* weekday_long_names[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                     "Thursday", "Friday", "Saturday"};

// 1..12, or 0 when s[pos..pos+3) is not a month name.
inline constexpr unsigned get_month(std::string_view s, std::size_t pos) noexcept {
    if (pos + 3 > s.size()) {
        return 0;
    }
    for (unsigned i = 0; i < 12; ++i) {
        if (iequals(s.substr(pos, 3), month_names[i])) {
            return i + 1;
        }
    }
    return 0;
}

inline constexpr bool is_weekday(std::string_view w, const char* const (&names)[7]) noexcept {
    for (const char* n : names) {
        if (iequals(w, n)) {
            return true;
        }
    }
    return false;
}

inline constexpr bool valid_date(std::int64_t y, unsigned m, unsigned d) noexcept {
    return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

inline constexpr std::optional<timestamp> from_civil(std::int64_t y, unsigned mo, unsigned d,
                                                     std::int64_t sod,
                                                     std::uint32_t nanos) noexcept {
    if (!valid_date(y, mo, d)) {
        return std::nullopt;
    }
    return make_timestamp(days_from_civil(y, mo, d) * 86400 + sod, nanos);
}

} // namespace detail

/// Appends exact decimal epoch seconds: "1440938160", "1440938160.123", "-1.5". The fraction
/// keeps every significant digit down to the clock's resolution and no trailing zeros.
inline void append_epoch_seconds(std::string& out, timestamp t) {
    const auto [secs, nanos] = detail::split(t);
    char buf[32];
    char* p = buf;
    std::uint64_t whole;
    std::uint32_t frac = nanos;
    if (secs < 0) {
        *p++ = '-';
        // split() floors, so -1.5 arrives as -2 + 0.5; print the magnitude 1.5.
        if (frac != 0) {
            whole = static_cast<std::uint64_t>(-(secs + 1));
            frac = 1000000000 - frac;
        } else {
            whole = std::uint64_t{0} - static_cast<std::uint64_t>(secs);
        }
    } else {
        whole = static_cast<std::uint64_t>(secs);
    }
    p = std::to_chars(p, buf + sizeof buf, whole).ptr;
    p = detail::put_fraction(p, frac);
    out.append(buf, static_cast<std::size_t>(p - buf));
}

inline std::string format_epoch_seconds(timestamp t) {
    std::string s;
    append_epoch_seconds(s, t);
    return s;
}

/// "2015-08-30T12:36:00Z", or "2015-08-30T12:36:00.123Z" (fraction trimmed of trailing zeros).
inline std::string format_iso8601(timestamp t) {
    const auto [secs, nanos] = detail::split(t);
    const std::int64_t days = detail::floor_div(secs, 86400);
    const std::int64_t sod = secs - days * 86400;
    const detail::civil_date c = detail::civil_from_days(days);
    char buf[48];
    char* p = detail::put_year(buf, buf + 24, c.year);
    *p++ = '-';
    p = detail::put_digits(p, c.month, 2);
    *p++ = '-';
    p = detail::put_digits(p, c.day, 2);
    *p++ = 'T';
    p = detail::put_digits(p, static_cast<std::uint64_t>(sod / 3600), 2);
    *p++ = ':';
    p = detail::put_digits(p, static_cast<std::uint64_t>(sod / 60 % 60), 2);
    *p++ = ':';
    p = detail::put_digits(p, static_cast<std::uint64_t>(sod % 60), 2);
    p = detail::put_fraction(p, nanos);
    *p++ = 'Z';
    return std::string(buf, p);
}

/// IMF-fixdate, whole seconds (sub-second precision is dropped, as HTTP dates cannot carry it):
/// "Sun, 30 Aug 2015 12:36:00 GMT".
inline std::string format_http_date(timestamp t) {
    const std::int64_t secs = detail::split(t).seconds;
    const std::int64_t days = detail::floor_div(secs, 86400);
    const std::int64_t sod = secs - days * 86400;
    const detail::civil_date c = detail::civil_from_days(days);
    // 1970-01-01 was a Thursday (index 4).
    const std::int64_t wd = ((days % 7) + 7 + 4) % 7;
    char buf[48];
    char* p = buf;
    for (const char* n = detail::weekday_names[wd]; *n; ++n) {
        *p++ = *n;
    }
    *p++ = ',';
    *p++ = ' ';
    p = detail::put_digits(p, c.day, 2);
    *p++ = ' ';
    for (const char* n = detail::month_names[c.month - 1]; *n; ++n) {
        *p++ = *n;
    }
    *p++ = ' ';
    p = detail::put_year(p, buf + 36, c.year);
    *p++ = ' ';
    p = detail::put_digits(p, static_cast<std::uint64_t>(sod / 3600), 2);
    *p++ = ':';
    p = detail::put_digits(p, static_cast<std::uint64_t>(sod / 60 % 60), 2);
    *p++ = ':';
    p = detail::put_digits(p, static_cast<std::uint64_t>(sod % 60), 2);
    std::string_view gmt = " GMT";
    for (char ch : gmt) {
        *p++ = ch;
    }
    return std::string(buf, p);
}

/// RFC 3339 profile of ISO-8601: YYYY-MM-DDThh:mm:ss[.f{1,9}](Z|+hh:mm|-hh:mm|+hhmm|-hhmm);
/// 't' and 'z' may be lowercase. Invalid dates/times, leap seconds and trailing text are
/// rejected.
inline std::optional<timestamp> parse_iso8601(std::string_view s) noexcept {
    unsigned y = 0, mo = 0, d = 0;
    if (!detail::get_digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' ||
        !detail::get_digits(s, 5, 2, mo) || s[7] != '-' || !detail::get_digits(s, 8, 2, d) ||
        (s[10] != 'T' && s[10] != 't')) {
        return std::nullopt;
    }
    std::size_t pos = 11;
    std::int64_t sod = 0;
    std::uint32_t nanos = 0;
    if (!detail::get_time_of_day(s, pos, sod, nanos) || pos >= s.size()) {
        return std::nullopt;
    }
    std::int64_t offset = 0;
    const char z = s[pos];
    if (z == 'Z' || z == 'z') {
        ++pos;
    } else if (z == '+' || z == '-') {
        unsigned oh = 0, om = 0;
        if (!detail::get_digits(s, pos + 1, 2, oh)) {
            return std::nullopt;
        }
        pos += 3;
        if (pos < s.size() && s[pos] == ':') {
            ++pos;
        }
        if (!detail::get_digits(s, pos, 2, om) || oh > 23 || om > 59) {
            return std::nullopt;
        }
        pos += 2;
        offset = (static_cast<std::int64_t>(oh) * 3600 + om * 60) * (z == '-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) {
        return std::nullopt;
    }
    // Local time = UTC + offset, so UTC = local - offset.
    return detail::from_civil(y, mo, d, sod - offset, nanos);
}

/// HTTP date (RFC 7231 section 7.1.1.1): IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" (an optional
/// ".f{1,9}" after the seconds is accepted, as some AWS services send it), the obsolete RFC 850
/// form "Sunday, 06-Nov-94 08:49:37 GMT" (years 70..99 -> 19xx, 00..69 -> 20xx) and asctime
/// "Sun Nov  6 08:49:37 1994". Names are matched case-insensitively; the weekday is not checked
/// against the date.
inline std::optional<timestamp> parse_http_date(std::string_view s) noexcept {
    std::size_t pos = 0;
    while (pos < s.size() && s[pos] != ',' && s[pos] != ' ') {
        ++pos;
    }
    if (pos >= s.size()) {
        return std::nullopt;
    }
    const std::string_view wday = s.substr(0, pos);
    unsigned y = 0, mo = 0, d = 0;
    std::int64_t sod = 0;
    std::uint32_t nanos = 0;
    if (s[pos] == ',' && wday.size() == 3) {
        // IMF-fixdate: ", DD Mon YYYY hh:mm:ss GMT"
        if (!detail::is_weekday(wday, detail::weekday_names) || pos + 1 >= s.size() ||
            s[pos + 1] != ' ' || !detail::get_digits(s, pos + 2, 2, d) || pos + 4 >= s.size() ||
            s[pos + 4] != ' ' || (mo = detail::get_month(s, pos + 5)) == 0 || pos + 8 >= s.size() ||
            s[pos + 8] != ' ' || !detail::get_digits(s, pos + 9, 4, y) || pos + 13 >= s.size() ||
            s[pos + 13] != ' ') {
            return std::nullopt;
        }
        pos += 14;
        if (!detail::get_time_of_day(s, pos, sod, nanos)) {
            return std::nullopt;
        }
    } else if (s[pos] == ',') {
        // RFC 850: ", DD-Mon-YY hh:mm:ss GMT"
        unsigned yy = 0;
        if (!detail::is_weekday(wday, detail::weekday_long_names) || pos + 1 >= s.size() ||
            s[pos + 1] != ' ' || !detail::get_digits(s, pos + 2, 2, d) || pos + 4 >= s.size() ||
            s[pos + 4] != '-' || (mo = detail::get_month(s, pos + 5)) == 0 || pos + 8 >= s.size() ||
            s[pos + 8] != '-' || !detail::get_digits(s, pos + 9, 2, yy) || pos + 11 >= s.size() ||
            s[pos + 11] != ' ') {
            return std::nullopt;
        }
        y = yy < 70 ? 2000 + yy : 1900 + yy;
        pos += 12;
        if (!detail::get_time_of_day(s, pos, sod, nanos) || nanos != 0) {
            return std::nullopt;
        }
    } else {
        // asctime: " Mon DD hh:mm:ss YYYY" where DD may be " D"
        if (wday.size() != 3 || !detail::is_weekday(wday, detail::weekday_names) ||
            (mo = detail::get_month(s, pos + 1)) == 0 || pos + 4 >= s.size() || s[pos + 4] != ' ' ||
            pos + 6 >= s.size()) {
            return std::nullopt;
        }
        if (s[pos + 5] == ' ') {
            if (!detail::get_digits(s, pos + 6, 1, d)) {
                return std::nullopt;
            }
        } else if (!detail::get_digits(s, pos + 5, 2, d)) {
            return std::nullopt;
        }
        if (pos + 7 >= s.size() || s[pos + 7] != ' ') {
            return std::nullopt;
        }
        pos += 8;
        if (!detail::get_time_of_day(s, pos, sod, nanos) || nanos != 0 || pos >= s.size() ||
            s[pos] != ' ' || !detail::get_digits(s, pos + 1, 4, y) || pos + 5 != s.size()) {
            return std::nullopt;
        }
        return detail::from_civil(y, mo, d, sod, 0);
    }
    if (!detail::iequals(s.substr(pos), " GMT")) {
        return std::nullopt;
    }
    return detail::from_civil(y, mo, d, sod, nanos);
}

/// Decimal epoch seconds: [+-]digits[.digits][(e|E)[+-]digits], e.g. "1398796238",
/// "1398796238.123", "-1.5", "1e3". Converted exactly (no floating point); digits finer than
/// a nanosecond are truncated toward zero.
inline std::optional<timestamp> parse_epoch_seconds(std::string_view s) noexcept {
    std::size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
        negative = s[i] == '-';
        ++i;
    }
    const std::size_t int_begin = i;
    while (i < s.size() && detail::is_digit(s[i])) {
        ++i;
    }
    const std::string_view int_digits = s.substr(int_begin, i - int_begin);
    if (int_digits.empty()) {
        return std::nullopt;
    }
    std::string_view frac_digits;
    if (i < s.size() && s[i] == '.') {
        const std::size_t frac_begin = ++i;
        while (i < s.size() && detail::is_digit(s[i])) {
            ++i;
        }
        frac_digits = s.substr(frac_begin, i - frac_begin);
        if (frac_digits.empty()) {
            return std::nullopt;
        }
    }
    std::int64_t exponent = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
            exp_negative = s[i] == '-';
            ++i;
        }
        const std::size_t exp_begin = i;
        while (i < s.size() && detail::is_digit(s[i])) {
            // Clamped: anything this large overflows (or is zero) anyway.
            if (exponent < 1000000) {
                exponent = exponent * 10 + (s[i] - '0');
            }
            ++i;
        }
        if (i == exp_begin) {
            return std::nullopt;
        }
        exponent = exp_negative ? -exponent : exponent;
    }
    if (i != s.size()) {
        return std::nullopt;
    }

    // View the mantissa as one digit string with the decimal point at `point`.
    const auto n_int = static_cast<std::int64_t>(int_digits.size());
    const auto n_all = n_int + static_cast<std::int64_t>(frac_digits.size());
    auto digit_at = [&](std::int64_t k) -> unsigned {
        if (k < 0 || k >= n_all) {
            return 0;
        }
        const char c = k < n_int ? int_digits[static_cast<std::size_t>(k)]
                                 : frac_digits[static_cast<std::size_t>(k - n_int)];
        return static_cast<unsigned>(c - '0');
    };
    const std::int64_t point = n_int + exponent;
    std::uint64_t whole = 0;
    for (std::int64_t k = 0; k < point; ++k) {
        if (k >= n_all && whole == 0) {
            break; // only zeros remain
        }
        whole = whole * 10 + digit_at(k);
        if (whole > (std::uint64_t{1} << 62)) {
            return std::nullopt;
        }
    }
    std::uint32_t nanos = 0;
    for (std::int64_t k = point; k < point + 9; ++k) {
        nanos = nanos * 10 + digit_at(k);
    }
    auto secs = static_cast<std::int64_t>(whole);
    if (negative && nanos != 0) {
        return detail::make_timestamp(-secs - 1, 1000000000 - nanos);
    }
    return detail::make_timestamp(negative ? -secs : secs, nanos);
}

/// Epoch seconds from a double (e.g. a JSON number), rounded to the nearest microsecond: a
/// double near 1.4e9 only carries ~7 fractional digits, so 1440938160.123 must come back as
/// .123000000 rather than .123000144. NaN, infinities and out-of-range values give nullopt.
inline std::optional<timestamp> from_epoch_seconds(double v) noexcept {
    if (!std::isfinite(v)) {
        return std::nullopt;
    }
    const double whole = std::floor(v);
    if (whole < -9.0e18 || whole > 9.0e18) {
        return std::nullopt;
    }
    const double frac = v - whole; // exact, in [0, 1)
    auto secs = static_cast<std::int64_t>(whole);
    auto micros = static_cast<std::int64_t>(std::round(frac * 1e6));
    if (micros >= 1000000) {
        ++secs;
        micros -= 1000000;
    }
    return detail::make_timestamp(secs, static_cast<std::uint32_t>(micros * 1000));
}

/// Whole epoch seconds; nullopt when out of the clock's range.
inline std::optional<timestamp> from_epoch_seconds(std::int64_t v) noexcept {
    return detail::make_timestamp(v, 0);
}

// Other integer types would be ambiguous between the int64_t and double overloads.
template <class Int, std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool> &&
                                          !std::is_same_v<Int, std::int64_t>,
                                      int> = 0>
std::optional<timestamp> from_epoch_seconds(Int v) noexcept {
    if constexpr (std::is_unsigned_v<Int>) {
        if (static_cast<std::uint64_t>(v) >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return std::nullopt;
        }
    }
    return from_epoch_seconds(static_cast<std::int64_t>(v));
}

/// Lenient parse for places where the format is not fixed: ISO-8601, then epoch seconds, then
/// HTTP date.
inline std::optional<timestamp> parse_timestamp(std::string_view s) noexcept {
    if (auto t = parse_iso8601(s)) {
        return t;
    }
    if (auto t = parse_epoch_seconds(s)) {
        return t;
    }
    return parse_http_date(s);
}

} // namespace hawk::core
