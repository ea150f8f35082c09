#pragma once

// A seam for sending one HTTP attempt some other way than hawk's transport: the replay, capture
// and silent transports of hawk::testing (<hawk/testing/transports.hpp>), a recording proxy, or
// another HTTP stack. A plain function object, so any client takes one without subclassing.

#include <hawk/core/http/message.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/system/error_code.hpp>

#include <functional>

namespace hawk::core::http {

/// Completes one attempt: an error (nothing usable came back) or the response, whatever its
/// status.
using send_handler = boost::asio::any_completion_handler<void(boost::system::error_code, response)>;

/// Sends one attempt's request (endpoint, headers and signature already in place).
///
/// The client calls it on its executor. `req` stays valid until `handler` is invoked. Invoke
/// `handler` exactly once, from any thread, inline or later. The client still bounds each
/// attempt with `transport_config::attempt_timeout`: when it expires, the handler's associated
/// cancellation slot receives a terminal cancellation (a sender that holds the handler should
/// then let it go, invoking it with operation_aborted) and the attempt fails with
/// `boost::asio::error::timed_out`; whatever the sender delivers afterwards is ignored.
using sender = std::function<void(const request& req, send_handler handler)>;

} // namespace hawk::core::http
