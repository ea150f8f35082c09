#pragma once

// Everything a generated type header needs: included by each of them, and by nothing heavy.

#include <hawk/core/boxed.hpp>
#include <hawk/core/codec.hpp>
#include <hawk/core/config.hpp>
#include <hawk/core/debug.hpp>
#include <hawk/core/json_io.hpp>
#include <hawk/core/timestamp.hpp>
#include <hawk/core/validate.hpp>

#include <boost/json/conversion.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace hawk::core {

/// True for the types hawk generates (they name their model shape).
template <class T, class = void>
struct is_shape : std::false_type {};
template <class T>
struct is_shape<T, std::void_t<decltype(T::shape_name)>> : std::true_type {};

/// Boost.JSON conversions and `operator<<` for every generated type, written once as
/// templates. Each generated namespace pulls them in with using-declarations, where argument-
/// dependent lookup finds them; being templates, they cost nothing until used (per-type inline
/// functions made a header of the whole service several times slower to compile).
namespace conversions {

template <class T, std::enable_if_t<is_shape<T>::value, int> = 0>
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const T& value) {
    jv = to_document(value);
}

template <class T, std::enable_if_t<is_shape<T>::value, int> = 0>
boost::system::result<T> tag_invoke(boost::json::try_value_to_tag<T>,
                                    const boost::json::value& jv) {
    return try_from_document<T>(jv);
}

template <class T, std::enable_if_t<is_shape<T>::value, int> = 0>
std::ostream& operator<<(std::ostream& os, const T& value) {
    return print(os, value);
}

} // namespace conversions
} // namespace hawk::core
