#pragma once

// Paginators: the shared runtime of the generated `<operation>_paginator` types and
// `async_collect_<operation>` functions (hawk/<service>/paginators/<operation>.hpp).
//
// A paginated operation takes a token in its request (`NextToken`) and returns the token of the
// next page in its response. The generated part is only a traits struct saying which members
// those are, where the items are and which member limits the page size:
//
//     struct Traits {
//         using operation = operations::ListUsers;     // request, response, name
//         using items_type = std::vector<UserSummary>; // the result_key member's type
//         using item = UserSummary;
//         static constexpr std::string_view input_token_name = "NextToken";
//         static constexpr std::string_view output_token_name = "NextToken";
//         static std::string_view input_token(const request&);   // empty when unset
//         static void set_input_token(request&, std::string);
//         static std::string_view output_token(const response&); // empty when unset
//         static items_type* items(response&);                   // null when unset
//         static constexpr bool has_limit = true;                // limit_key: MaxResults
//         static constexpr long long limit_min = 1;              // its model minimum
//         static std::optional<long long> limit(const request&); // nullopt when unset
//         static void set_limit(request&, long long);
//     };
//
// Paging stops when a response has no output token, or an empty one. A response that returns
// the very token its request sent would page forever: the page is delivered, and the next
// async_next completes with errc::pagination_token_repeated.

#include <hawk/core/client.hpp>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hawk::core {

/// What async_collect_<operation> completes with: at most `max_items` items, and whether the
/// listing goes on.
template <class Item>
struct collected_items {
    /// The items of the pages read, in order: never more than the cap.
    std::vector<Item> items;
    /// True when the listing was not read to its end: the cap was reached while the service had,
    /// or may have had, more items (a page cut short, or a next-page token), or the call failed.
    /// False: these are all the items there are.
    bool more = false;
    /// When `more` and the cap fell on the end of a page: the input token that continues the
    /// listing right after the last item (set it on the request and collect again). Empty when
    /// the cap cut a page (its remaining items were dropped: lower the request's page size, or
    /// use the paginator, to resume exactly) or when there is nothing more.
    std::optional<std::string> next_token;
};

/// No cap: async_collect_<operation>(client, request, core::all_items, token). Only for
/// listings known to be small: every item is held in memory.
inline constexpr std::size_t all_items = std::numeric_limits<std::size_t>::max();

template <class Traits>
class paginator;

namespace detail {
template <class Traits, class Handler, class Executor>
struct collect_op;
} // namespace detail

/// Pages through a paginated operation, one call per async_next. Not copyable or movable: a
/// pending async_next refers to it. One async_next at a time. `client` (and `diag`, if given)
/// must outlive the paginator.
template <class Traits>
class paginator {
public:
    using traits = Traits;
    using operation = typename Traits::operation;
    using request_type = typename operation::request;
    using response_type = typename operation::response;

    /// Pages from `first` (its token, if set, is where paging starts). `diag`, when given,
    /// receives the details of a failed page (see async_<operation>).
    paginator(client& c, request_type first, diagnostics* diag = nullptr)
        : client_(&c), request_(std::move(first)), diag_(diag) {}
    paginator(const paginator&) = delete;
    paginator& operator=(const paginator&) = delete;

    /// True once the last page has been delivered (its response had no next-page token), or
    /// after the error for a repeated token. async_next then completes with nullopt.
    bool done() const noexcept { return state_ == state::done; }
    /// Pages delivered so far.
    std::size_t pages() const noexcept { return pages_; }
    /// The request of the next page: the first request, then with the input token set to the
    /// last page's output token. It may be changed between pages (e.g. its page size).
    request_type& next_request() noexcept { return request_; }
    const request_type& next_request() const noexcept { return request_; }

    /// Fetches the next page. Completion signature:
    /// `void(boost::system::error_code, std::optional<response_type>)`: the page; nullopt when
    /// done() (nothing is sent then) or on an error. A failed call (service, transport or
    /// validation error) leaves the paginator where it was: async_next tries the same page
    /// again. A page whose token is the one its request sent is delivered, and the next
    /// async_next completes with errc::pagination_token_repeated. Never completes inline. Any
    /// Asio completion token: callbacks, use_future, use_awaitable, deferred.
    template <class CompletionToken>
    auto async_next(CompletionToken&& token) {
        return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code,
                                                                 std::optional<response_type>)>(
            [this](auto handler) { start(std::move(handler)); }, token);
    }

private:
    template <class, class, class>
    friend struct detail::collect_op;

    enum class state { ready, repeated, done };

    template <class Handler>
    void start(Handler handler) {
        auto ex = boost::asio::get_associated_executor(handler, client_->get_executor());
        if (state_ != state::ready) {
            boost::system::error_code ec;
            if (state_ == state::repeated) {
                ec = make_error_code(errc::pagination_token_repeated);
                state_ = state::done;
                if (diag_) {
                    *diag_ = diagnostics{};
                    diag_->client_message =
                        std::string(operation::name) + " returned the " +
                        std::string(Traits::output_token_name) +
                        " its request sent; paging stopped (it would never end)";
                }
            }
            boost::asio::post(ex, [handler = std::move(handler), ec]() mutable {
                std::move(handler)(ec, std::optional<response_type>());
            });
            return;
        }
        async_call<operation>(
            *client_, request_, diag_,
            boost::asio::bind_executor(
                ex, [this, handler = std::move(handler)](boost::system::error_code ec,
                                                         response_type page) mutable {
                    if (ec) {
                        std::move(handler)(ec, std::optional<response_type>());
                        return;
                    }
                    advance(page);
                    std::move(handler)(ec, std::optional<response_type>(std::move(page)));
                }));
    }

    void advance(const response_type& page) {
        ++pages_;
        const std::string_view next = Traits::output_token(page);
        if (next.empty())
            state_ = state::done;
        else if (next == Traits::input_token(request_))
            state_ = state::repeated;
        else
            Traits::set_input_token(request_, std::string(next));
    }

    client* client_;
    request_type request_;
    diagnostics* diag_;
    state state_ = state::ready;
    std::size_t pages_ = 0;
};

namespace detail {

template <class Traits, class Handler, class Executor>
struct collect_op {
    using item = typename Traits::item;
    using response_type = typename Traits::operation::response;

    struct state {
        state(client& c, typename Traits::operation::request first, diagnostics* diag,
              std::size_t max)
            : pager(c, std::move(first), diag), max_items(max) {}
        paginator<Traits> pager; // on the heap: a pending page refers to it
        std::size_t max_items;
        collected_items<item> out;
    };

    std::unique_ptr<state> st;
    Handler handler;
    Executor ex;

    void next() {
        paginator<Traits>& pager = st->pager;
        if constexpr (Traits::has_limit) {
            // The last page asks for no more than the cap leaves, so that it ends on a page
            // boundary (and next_token resumes exactly), within the model's minimum.
            const std::size_t room = st->max_items - st->out.items.size();
            const std::optional<long long> limit = Traits::limit(pager.next_request());
            if (limit && room < static_cast<unsigned long long>(*limit) &&
                static_cast<long long>(room) >= Traits::limit_min)
                Traits::set_limit(pager.next_request(), static_cast<long long>(room));
        }
        pager.async_next(boost::asio::bind_executor(ex, std::move(*this)));
    }

    void operator()(boost::system::error_code ec, std::optional<response_type> page) {
        if (ec) {
            st->out.more = true;
            return finish(ec);
        }
        paginator<Traits>& pager = st->pager;
        if (page) {
            if (auto* items = Traits::items(*page)) {
                const std::size_t room = st->max_items - st->out.items.size();
                const std::size_t n = std::min(room, items->size());
                st->out.items.insert(st->out.items.end(), std::make_move_iterator(items->begin()),
                                     std::make_move_iterator(items->begin() + n));
                if (n < items->size()) { // the cap cut this page
                    st->out.more = true;
                    return finish({});
                }
            }
        }
        if (pager.done())
            return finish({});
        if (st->out.items.size() >= st->max_items &&
            pager.state_ == paginator<Traits>::state::ready) {
            st->out.more = true;
            st->out.next_token = std::string(Traits::input_token(pager.next_request()));
            return finish({});
        }
        next(); // also after a repeated token: its error ends the collection
    }

    void finish(boost::system::error_code ec) {
        collected_items<item> out = std::move(st->out);
        st.reset();
        std::move(handler)(ec, std::move(out));
    }
};

} // namespace detail

/// Collects the items (the operation's result_key member) of every page from `request` on, at
/// most `max_items` of them: see collected_items. Completion signature:
/// `void(boost::system::error_code, collected_items<Traits::item>)`; on an error, the items
/// collected before it (and `more` set). When the request has a page size (limit_key), the
/// last page asks for no more items than the cap leaves. `max_items` 0 sends nothing. Never
/// completes inline. `client` (and `diag`) must outlive the call.
template <class Traits, class CompletionToken>
auto async_collect(client& c, typename Traits::operation::request request, std::size_t max_items,
                   diagnostics* diag, CompletionToken&& token) {
    using result = collected_items<typename Traits::item>;
    return boost::asio::async_initiate<CompletionToken, void(boost::system::error_code, result)>(
        [&c, diag, max_items](auto handler, typename Traits::operation::request first) {
            auto ex = boost::asio::get_associated_executor(handler, c.get_executor());
            using op_type = detail::collect_op<Traits, decltype(handler), decltype(ex)>;
            op_type op{
                std::make_unique<typename op_type::state>(c, std::move(first), diag, max_items),
                std::move(handler), ex};
            if (max_items == 0) {
                op.st->out.more = true; // unknown: nothing was asked
                boost::asio::post(ex, [op = std::move(op)]() mutable { op.finish({}); });
                return;
            }
            op.next();
        },
        token, std::move(request));
}

} // namespace hawk::core
