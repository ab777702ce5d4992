/// \file
/// How `co_await a` finds its awaiter, for code that wraps or drives
/// arbitrary awaitables (the native promise, sync_wait).
#pragma once

#include <type_traits>
#include <utility>

namespace agen::detail {

template <class A>
concept has_member_co_await =
    requires(A &&a) { std::forward<A>(a).operator co_await(); };
template <class A>
concept has_free_co_await =
    requires(A &&a) { operator co_await(std::forward<A>(a)); };

/// The awaiter `co_await a` uses: `a` itself (by reference) when it is an
/// awaiter, else what its operator co_await returns.
template <class A> decltype(auto) get_awaiter(A &&a) {
  if constexpr (has_member_co_await<A>)
    return std::forward<A>(a).operator co_await();
  else if constexpr (has_free_co_await<A>)
    return operator co_await(std::forward<A>(a));
  else
    return std::forward<A>(a);
}

template <class T> T &as_lvalue(T &&t) noexcept { return t; }

/// How a wrapper keeps the awaiter of `A` across a suspension: by lvalue
/// reference when it is the operand itself (a temporary operand lives until
/// the end of the full-expression, past the resumption), by value otherwise.
template <class A>
using stored_awaiter_t = std::conditional_t<
    std::is_reference_v<decltype(get_awaiter(std::declval<A>()))>,
    std::remove_reference_t<decltype(get_awaiter(std::declval<A>()))> &,
    decltype(get_awaiter(std::declval<A>()))>;

/// The type of `co_await std::declval<A>()`.
template <class A>
using await_result_t =
    decltype(std::declval<stored_awaiter_t<A> &>().await_resume());

} // namespace agen::detail
