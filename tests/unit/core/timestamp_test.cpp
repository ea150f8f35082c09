#include <hawk/core/timestamp.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

using hawk::core::timestamp;
using namespace std::chrono;
namespace hc = hawk::core;

namespace {

timestamp at(std::int64_t secs, std::int64_t nanos = 0) {
    return timestamp(duration_cast<timestamp::duration>(seconds(secs) + nanoseconds(nanos)));
}

std::int64_t nanos_since_epoch(timestamp t) {
    return duration_cast<nanoseconds>(t.time_since_epoch()).count();
}

} // namespace

TEST_CASE("civil date algorithms") {
    CHECK(hc::detail::days_from_civil(1970, 1, 1) == 0);
    CHECK(hc::detail::days_from_civil(2000, 3, 1) == 11017);
    CHECK(hc::detail::days_from_civil(1969, 12, 31) == -1);
    CHECK(hc::detail::days_from_civil(0, 1, 1) == -719528);
    CHECK(hc::detail::days_from_civil(9999, 12, 31) == 2932896);
    // Every day from year 0 to 9999 round-trips and days are consecutive.
    std::int64_t expected = hc::detail::days_from_civil(0, 1, 1);
    for (std::int64_t y = 0; y <= 9999; ++y) {
        for (unsigned m = 1; m <= 12; ++m) {
            for (unsigned d = 1; d <= hc::detail::days_in_month(y, m); ++d) {
                const std::int64_t z = hc::detail::days_from_civil(y, m, d);
                const auto c = hc::detail::civil_from_days(z);
                if (z != expected || c.year != y || c.month != m || c.day != d) {
                    FAIL("mismatch at ", y, "-", m, "-", d);
                }
                ++expected;
            }
        }
    }
    CHECK(hc::detail::is_leap_year(2000));
    CHECK(hc::detail::is_leap_year(2024));
    CHECK_FALSE(hc::detail::is_leap_year(1900));
    CHECK_FALSE(hc::detail::is_leap_year(2023));
}

TEST_CASE("format_epoch_seconds") {
    CHECK(hc::format_epoch_seconds(at(1440938160)) == "1440938160");
    CHECK(hc::format_epoch_seconds(at(1440938160, 123000000)) == "1440938160.123");
    CHECK(hc::format_epoch_seconds(at(1440938160, 1000)) == "1440938160.000001");
    CHECK(hc::format_epoch_seconds(at(1440938160, 1)) == "1440938160.000000001");
    CHECK(hc::format_epoch_seconds(at(1440938160, 100000000)) == "1440938160.1");
    CHECK(hc::format_epoch_seconds(at(0)) == "0");
    CHECK(hc::format_epoch_seconds(at(-2, 500000000)) == "-1.5");
    CHECK(hc::format_epoch_seconds(at(-1, 500000000)) == "-0.5");
    CHECK(hc::format_epoch_seconds(at(-1)) == "-1");
    CHECK(hc::format_epoch_seconds(at(-1, 999999999)) == "-0.000000001");
    CHECK(hc::format_epoch_seconds(timestamp::max()) == "9223372036.854775807");
    CHECK(hc::format_epoch_seconds(timestamp::min()) == "-9223372036.854775808");

    std::string out = "x=";
    hc::append_epoch_seconds(out, at(12, 340000000));
    CHECK(out == "x=12.34");
}

TEST_CASE("format_iso8601 and format_http_date") {
    CHECK(hc::format_iso8601(at(1440938160)) == "2015-08-30T12:36:00Z");
    CHECK(hc::format_iso8601(at(1440938160, 123000000)) == "2015-08-30T12:36:00.123Z");
    CHECK(hc::format_iso8601(at(1440938160, 123456000)) == "2015-08-30T12:36:00.123456Z");
    CHECK(hc::format_iso8601(at(1440938160, 123456789)) == "2015-08-30T12:36:00.123456789Z");
    CHECK(hc::format_iso8601(at(0)) == "1970-01-01T00:00:00Z");
    CHECK(hc::format_iso8601(at(-1)) == "1969-12-31T23:59:59Z");
    CHECK(hc::format_iso8601(at(-1, 500000000)) == "1969-12-31T23:59:59.5Z");
    CHECK(hc::format_iso8601(at(951782400)) == "2000-02-29T00:00:00Z");
    CHECK(hc::format_iso8601(at(-2208988800)) == "1900-01-01T00:00:00Z");
    CHECK(hc::format_iso8601(timestamp::min()) == "1677-09-21T00:12:43.145224192Z");
    CHECK(hc::format_iso8601(timestamp::max()) == "2262-04-11T23:47:16.854775807Z");

    CHECK(hc::format_http_date(at(1440938160)) == "Sun, 30 Aug 2015 12:36:00 GMT");
    CHECK(hc::format_http_date(at(1440938160, 999000000)) == "Sun, 30 Aug 2015 12:36:00 GMT");
    CHECK(hc::format_http_date(at(0)) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(hc::format_http_date(at(-1)) == "Wed, 31 Dec 1969 23:59:59 GMT");
    CHECK(hc::format_http_date(at(784111777)) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(hc::format_http_date(at(-2208988800)) == "Mon, 01 Jan 1900 00:00:00 GMT");
}

TEST_CASE("parse_iso8601 accepts") {
    CHECK(hc::parse_iso8601("2015-08-30T12:36:00Z") == at(1440938160));
    CHECK(hc::parse_iso8601("2015-08-30t12:36:00z") == at(1440938160));
    CHECK(hc::parse_iso8601("2015-08-30T12:36:00.1Z") == at(1440938160, 100000000));
    CHECK(hc::parse_iso8601("2015-08-30T12:36:00.123Z") == at(1440938160, 123000000));
    CHECK(hc::parse_iso8601("2015-08-30T12:36:00.123456Z") == at(1440938160, 123456000));
    CHECK(hc::parse_iso8601("2015-08-30T12:36:00.123456789Z") == at(1440938160, 123456789));
    CHECK(hc::parse_iso8601("2015-08-30T14:36:00+02:00") == at(1440938160));
    CHECK(hc::parse_iso8601("2015-08-30T14:36:00+0200") == at(1440938160));
    CHECK(hc::parse_iso8601("2015-08-30T07:06:00-05:30") == at(1440938160));
    CHECK(hc::parse_iso8601("2015-08-30T12:36:00-00:00") == at(1440938160));
    CHECK(hc::parse_iso8601("2015-08-31T00:36:00+12:00") == at(1440938160));
    CHECK(hc::parse_iso8601("1970-01-01T00:00:00Z") == at(0));
    CHECK(hc::parse_iso8601("1969-12-31T23:59:59.5Z") == at(-1, 500000000));
    CHECK(hc::parse_iso8601("1900-01-01T00:00:00Z") == at(-2208988800));
    CHECK(hc::parse_iso8601("2000-02-29T00:00:00Z") == at(951782400));
    CHECK(hc::parse_iso8601("2024-02-29T23:59:59Z") == at(1709251199));
    CHECK(hc::parse_iso8601("1677-09-21T00:12:43.145224192Z") == timestamp::min());
    CHECK(hc::parse_iso8601("2262-04-11T23:47:16.854775807Z") == timestamp::max());
}

TEST_CASE("parse_iso8601 rejects") {
    const char* bad[] = {
        "",
        "2015-08-30",
        "2015-08-30T12:36:00",             // no zone
        "2015-13-01T00:00:00Z",            // month 13
        "2015-00-01T00:00:00Z",            // month 0
        "2015-02-29T00:00:00Z",            // not a leap year
        "1900-02-29T00:00:00Z",            // century, not a leap year
        "2015-02-30T00:00:00Z",            // Feb 30
        "2015-04-31T00:00:00Z",            // Apr 31
        "2015-08-00T00:00:00Z",            // day 0
        "2015-08-30T24:00:00Z",            // hour 24
        "2015-08-30T12:60:00Z",            // minute 60
        "2015-08-30T12:36:60Z",            // leap second
        "2015-08-30T12:36:00.Z",           // empty fraction
        "2015-08-30T12:36:00.1234567890Z", // 10 fraction digits
        "2015-08-30T12:36:00ZZ",           // trailing garbage
        "2015-08-30T12:36:00Z ",           // trailing space
        " 2015-08-30T12:36:00Z",           // leading space
        "2015-08-30 12:36:00Z",            // space separator
        "2015-08-30T12:36Z",               // no seconds
        "2015-8-30T12:36:00Z",             // short month
        "15-08-30T12:36:00Z",              // short year
        "2015-08-30T12:36:00+2:00",        // short offset
        "2015-08-30T12:36:00+24:00",       // offset hour 24
        "2015-08-30T12:36:00+02:60",       // offset minute 60
        "2015-08-30T12:36:00+02",          // offset without minutes
        "2015-08-30T12:36:00+02:00x",      // trailing garbage after offset
        "2015/08/30T12:36:00Z",
        "9999-12-31T23:59:59Z", // valid, but beyond the clock's range
        "0001-01-01T00:00:00Z", // valid, but before the clock's range
    };
    for (const char* s : bad) {
        CAPTURE(s);
        CHECK_FALSE(hc::parse_iso8601(s).has_value());
    }
}

TEST_CASE("iso8601 round trip") {
    const std::int64_t secs[] = {0, 1, -1, 951782400, -2208988800, 1440938160, 4102444800};
    const std::int64_t fracs[] = {0, 1, 1000, 123000000, 500000000, 999999999};
    for (auto s : secs) {
        for (auto f : fracs) {
            const timestamp t = at(s, f);
            CAPTURE(hc::format_iso8601(t));
            CHECK(hc::parse_iso8601(hc::format_iso8601(t)) == t);
            CHECK(hc::parse_epoch_seconds(hc::format_epoch_seconds(t)) == t);
            CHECK(hc::parse_http_date(hc::format_http_date(t)) == at(s));
        }
    }
}

TEST_CASE("parse_http_date") {
    CHECK(hc::parse_http_date("Sun, 30 Aug 2015 12:36:00 GMT") == at(1440938160));
    CHECK(hc::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == at(784111777));
    CHECK(hc::parse_http_date("Sun, 06 Nov 1994 08:49:37.250 GMT") == at(784111777, 250000000));
    CHECK(hc::parse_http_date("sun, 06 nov 1994 08:49:37 gmt") == at(784111777));
    CHECK(hc::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == at(784111777));
    CHECK(hc::parse_http_date("Thursday, 01-Jan-15 00:00:00 GMT") == at(1420070400));
    CHECK(hc::parse_http_date("Sun Nov  6 08:49:37 1994") == at(784111777));
    CHECK(hc::parse_http_date("Sun Nov 16 08:49:37 1994") == at(784111777 + 10 * 86400));
    CHECK(hc::parse_http_date("Wed, 31 Dec 1969 23:59:59 GMT") == at(-1));
    CHECK(hc::parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT") == at(1709164800));

    const char* bad[] = {
        "",
        "Sun, 30 Aug 2015 12:36:00",      // no zone
        "Sun, 30 Aug 2015 12:36:00 UTC",  // wrong zone
        "Sun, 30 Aug 2015 12:36:00 GMTx", // trailing garbage
        "Sun, 30 Foo 2015 12:36:00 GMT",  // bad month
        "Xyz, 30 Aug 2015 12:36:00 GMT",  // bad weekday
        "Sun, 31 Sep 2015 12:36:00 GMT",  // Sep 31
        "Sun, 29 Feb 2015 12:36:00 GMT",  // not a leap year
        "Sun, 30 Aug 2015 24:00:00 GMT",  // hour 24
        "Sun, 3 Aug 2015 12:36:00 GMT",   // one-digit day
        "Sun, 30 Aug 15 12:36:00 GMT",    // two-digit year in IMF-fixdate
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sun Nov  6 08:49:37 1994 ",
        "Sun Nov 6 08:49:37 1994",
        "2015-08-30T12:36:00Z",
    };
    for (const char* s : bad) {
        CAPTURE(s);
        CHECK_FALSE(hc::parse_http_date(s).has_value());
    }
}

TEST_CASE("parse_epoch_seconds") {
    CHECK(hc::parse_epoch_seconds("1398796238") == at(1398796238));
    CHECK(hc::parse_epoch_seconds("1398796238.1") == at(1398796238, 100000000));
    CHECK(hc::parse_epoch_seconds("1398796238.123") == at(1398796238, 123000000));
    CHECK(hc::parse_epoch_seconds("1398796238.123456") == at(1398796238, 123456000));
    CHECK(hc::parse_epoch_seconds("1398796238.123456789") == at(1398796238, 123456789));
    // Beyond nanoseconds: truncated, not rounded.
    CHECK(hc::parse_epoch_seconds("1398796238.1234567899") == at(1398796238, 123456789));
    CHECK(hc::parse_epoch_seconds("0") == at(0));
    CHECK(hc::parse_epoch_seconds("-0") == at(0));
    CHECK(hc::parse_epoch_seconds("+5") == at(5));
    CHECK(hc::parse_epoch_seconds("-1.5") == at(-2, 500000000));
    CHECK(hc::parse_epoch_seconds("-1") == at(-1));
    CHECK(hc::parse_epoch_seconds("-0.000000001") == at(-1, 999999999));
    CHECK(hc::parse_epoch_seconds("1e3") == at(1000));
    CHECK(hc::parse_epoch_seconds("1E+3") == at(1000));
    CHECK(hc::parse_epoch_seconds("1.5e1") == at(15));
    CHECK(hc::parse_epoch_seconds("15e-1") == at(1, 500000000));
    CHECK(hc::parse_epoch_seconds("1.398796238123e9") == at(1398796238, 123000000));
    CHECK(hc::parse_epoch_seconds("-1.5e-9") == at(-1, 999999999)); // truncated toward zero
    CHECK(hc::parse_epoch_seconds("0e999999999") == at(0));
    CHECK(hc::parse_epoch_seconds("5e-999999999") == at(0));
    CHECK(hc::parse_epoch_seconds("00001.50") == at(1, 500000000));
    CHECK(hc::parse_epoch_seconds("9223372036.854775807") == timestamp::max());
    CHECK(hc::parse_epoch_seconds("-9223372036.854775808") == timestamp::min());

    const char* bad[] = {"",
                         "-",
                         ".5",
                         "5.",
                         "1.2.3",
                         "1e",
                         "1e+",
                         "abc",
                         "1 ",
                         " 1",
                         "0x10",
                         "NaN",
                         "inf",
                         "1,5",
                         "1e999",
                         "9223372036.854775808",
                         "-9223372036.854775809",
                         "99999999999999999999999999"};
    for (const char* s : bad) {
        CAPTURE(s);
        CHECK_FALSE(hc::parse_epoch_seconds(s).has_value());
    }
}

TEST_CASE("from_epoch_seconds") {
    // A JSON number parsed as a double comes back with the intended decimal fraction.
    CHECK(nanos_since_epoch(*hc::from_epoch_seconds(1440938160.123)) == 1440938160123000000);
    CHECK(nanos_since_epoch(*hc::from_epoch_seconds(1398796238.123456)) == 1398796238123456000);
    CHECK(hc::from_epoch_seconds(1.5) == at(1, 500000000));
    CHECK(hc::from_epoch_seconds(-1.5) == at(-2, 500000000));
    CHECK(hc::from_epoch_seconds(0.9999999) == at(1)); // rounds up into the next second
    CHECK(hc::from_epoch_seconds(-0.0) == at(0));
    CHECK(hc::from_epoch_seconds(1e9) == at(1000000000));
    CHECK_FALSE(hc::from_epoch_seconds(std::numeric_limits<double>::quiet_NaN()).has_value());
    CHECK_FALSE(hc::from_epoch_seconds(std::numeric_limits<double>::infinity()).has_value());
    CHECK_FALSE(hc::from_epoch_seconds(-std::numeric_limits<double>::infinity()).has_value());
    CHECK_FALSE(hc::from_epoch_seconds(1e300).has_value());
    CHECK_FALSE(hc::from_epoch_seconds(1e10).has_value()); // year 2286: past the clock

    CHECK(hc::from_epoch_seconds(std::int64_t{1440938160}) == at(1440938160));
    CHECK(hc::from_epoch_seconds(-1) == at(-1)); // int: no ambiguity with double
    CHECK(hc::from_epoch_seconds(7u) == at(7));
    CHECK(hc::from_epoch_seconds(std::uint64_t{1} << 63) == std::nullopt);
    CHECK_FALSE(hc::from_epoch_seconds(std::numeric_limits<std::int64_t>::max()).has_value());
    CHECK_FALSE(hc::from_epoch_seconds(std::numeric_limits<std::int64_t>::min()).has_value());
    CHECK_FALSE(hc::from_epoch_seconds(std::int64_t{9223372037}).has_value());
    CHECK(hc::from_epoch_seconds(std::int64_t{9223372036}).has_value());
    CHECK(hc::from_epoch_seconds(std::int64_t{-9223372036}).has_value());
    CHECK_FALSE(hc::from_epoch_seconds(std::int64_t{-9223372037}).has_value());
}

TEST_CASE("parse_timestamp tries every format") {
    CHECK(hc::parse_timestamp("2015-08-30T12:36:00Z") == at(1440938160));
    CHECK(hc::parse_timestamp("1440938160.5") == at(1440938160, 500000000));
    CHECK(hc::parse_timestamp("Sun, 30 Aug 2015 12:36:00 GMT") == at(1440938160));
    CHECK_FALSE(hc::parse_timestamp("yesterday").has_value());
    CHECK_FALSE(hc::parse_timestamp("").has_value());
}
