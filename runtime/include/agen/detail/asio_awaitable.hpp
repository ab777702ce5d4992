/// \file
/// What an asio initiating function returns for agen::use_agen: a plain
/// awaiter (await_ready/await_suspend/await_resume) that starts the
/// operation when the awaiting coroutine suspends and resumes that
/// coroutine's std::coroutine_handle from the completion handler. It needs
/// nothing from the awaiting coroutine's promise, so it works in agen
/// generator bodies (whose promise wraps every co_await), agen::task and any
/// other C++20 coroutine. Included by <agen/asio.hpp>.
#pragma once

#include <agen/detail/exceptions.hpp>

#include <asio/error_code.hpp>
#include <asio/system_error.hpp>

#include <coroutine>
#include <cstddef>
#include <exception>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace agen::detail {

/// How a completion's arguments become the result of `co_await`.
template <bool AsResult, class... Args> struct asio_completion {
  using results = std::tuple<Args...>;

  /// as_result: everything, error first, as a tuple.
  static results unpack(results &&r)
    requires AsResult
  {
    return std::move(r);
  }

  /// use_agen: a leading error_code or exception_ptr is thrown if set and
  /// dropped; what remains is returned (void, the value, or a tuple).
  static decltype(auto) unpack(results &&r)
    requires(!AsResult)
  {
    if constexpr (sizeof...(Args) == 0) {
      return;
    } else {
      using first = std::tuple_element_t<0, results>;
      if constexpr (std::is_same_v<first, asio::error_code>) {
        if (std::get<0>(r))
          throw_error(asio::system_error(std::get<0>(r)));
        return values<1>(std::move(r),
                         std::make_index_sequence<sizeof...(Args) - 1>{});
      } else if constexpr (std::is_same_v<first, std::exception_ptr>) {
        if (std::get<0>(r))
          std::rethrow_exception(std::get<0>(r));
        return values<1>(std::move(r),
                         std::make_index_sequence<sizeof...(Args) - 1>{});
      } else {
        return values<0>(std::move(r),
                         std::make_index_sequence<sizeof...(Args)>{});
      }
    }
  }

private:
  template <std::size_t skip, std::size_t... I>
  static auto values(results &&r, std::index_sequence<I...>) {
    if constexpr (sizeof...(I) == 0)
      return;
    else if constexpr (sizeof...(I) == 1)
      return std::get<skip>(std::move(r));
    else
      return std::tuple<std::tuple_element_t<skip + I, results>...>(
          std::get<skip + I>(std::move(r))...);
  }
};

/// The awaiter for one asio operation with completion signature
/// `void(Args...)`. Awaited once, where it was created (it must not move
/// once suspended: the completion handler points at it).
template <bool AsResult, class Initiation, class InitArgs, class... Args>
class [[nodiscard]] asio_awaitable {
  using completion = asio_completion<AsResult, std::decay_t<Args>...>;

public:
  template <class I, class... A>
  explicit asio_awaitable(I &&initiation, A &&...args)
      : initiation_(std::forward<I>(initiation)),
        args_(std::forward<A>(args)...) {}
  asio_awaitable(asio_awaitable &&) = default;
  asio_awaitable(const asio_awaitable &) = delete;
  asio_awaitable &operator=(const asio_awaitable &) = delete;
  asio_awaitable &operator=(asio_awaitable &&) = delete;

  /// asio never completes an operation inside its initiating function, so
  /// there is nothing to check before suspending.
  bool await_ready() const noexcept { return false; }

  /// Starts the operation. If starting it throws, the exception comes out of
  /// the co_await and nothing was started.
  void await_suspend(std::coroutine_handle<> awaiting) {
    awaiting_ = awaiting;
    // The operation may complete on another thread and resume, even free,
    // the frame holding this awaiter before the initiation returns: the
    // initiation runs from the stack, and nothing here is touched after it.
    Initiation initiation = std::move(initiation_);
    InitArgs args = std::move(args_);
    std::apply(
        [&](auto &&...a) {
          std::move(initiation)(handler{this}, std::forward<decltype(a)>(a)...);
        },
        std::move(args));
  }

  /// The completion's arguments: see asio_completion.
  decltype(auto) await_resume() {
    return completion::unpack(std::move(*result_));
  }

private:
  /// The completion handler asio stores with the operation. It carries no
  /// executor or allocator of its own, so asio completes it on the I/O
  /// object's executor and recycles the operation's memory as usual.
  struct handler {
    asio_awaitable *self;
    template <class... A> void operator()(A &&...a) {
      self->result_.emplace(std::forward<A>(a)...);
      self->awaiting_.resume();
    }
  };

  Initiation initiation_;
  InitArgs args_;
  std::optional<typename completion::results> result_;
  std::coroutine_handle<> awaiting_;
};

} // namespace agen::detail
