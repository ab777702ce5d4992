/// \file
/// agen::async_generator: the move-only handle to an asynchronous generator
/// (PEP 525 in C++20). See SPEC §2-§3 and docs/semantics.md.
#pragma once

#include <agen/any_async_generator.hpp>
#include <agen/detail/generator_control.hpp>
#include <agen/detail/operation.hpp>
#include <agen/next_result.hpp>
#include <agen/state.hpp>

#include <exception>
#include <type_traits>
#include <utility>

namespace agen {

namespace detail {
template <class Yield, class Send> class native_promise;
}

/// Owns an asynchronous generator whose body yields `Yield` and, when `Send`
/// is not void, receives `Send` as the value of each `co_yield`.
///
/// Calling a generator function runs nothing. Every operation is awaited
/// once, as an rvalue (`co_await g.next()`), from any C++20 coroutine. An
/// empty (default-constructed or moved-from) handle is an empty sequence.
///
/// Destroying a started, unfinished handle hands the generator to the
/// finalizer captured at its first operation, or else closes it
/// synchronously (SPEC §3.7).
template <class Yield, class Send = void> class [[nodiscard]] async_generator {
public:
  using promise_type = detail::native_promise<Yield, Send>;
  using value_type = std::remove_cvref_t<Yield>;
  using reference = typename next_result<Yield>::reference;
  using send_type = Send;

  async_generator() noexcept = default;
  /// Takes ownership of a frame; used by the runtime's promises and hosts.
  explicit async_generator(detail::generator_control &ctl) noexcept
      : ctl_(&ctl) {
    ctl_->owner = &ctl_;
  }
  async_generator(async_generator &&other) noexcept
      : ctl_(std::exchange(other.ctl_, nullptr)) {
    if (ctl_ != nullptr)
      ctl_->owner = &ctl_;
  }
  async_generator &operator=(async_generator &&other) noexcept {
    if (this != &other) {
      detail::release(std::exchange(ctl_, std::exchange(other.ctl_, nullptr)));
      if (ctl_ != nullptr)
        ctl_->owner = &ctl_;
    }
    return *this;
  }
  async_generator(const async_generator &) = delete;
  async_generator &operator=(const async_generator &) = delete;
  ~async_generator() { detail::release(ctl_); }

  /// Resumes the body to its next `co_yield` (a value) or its end (an empty
  /// result, and every time after). An exception escaping the body comes out
  /// of this operation; the generator is closed afterwards. When Send is not
  /// void, the suspended `co_yield` evaluates to `Send{}`.
  auto next() noexcept {
    return detail::operation<detail::operation_awaiter<Yield>>(
        std::in_place, ctl_, detail::op_kind::next);
  }

  /// Like next(), but the suspended `co_yield` evaluates to `value`.
  /// Throws std::logic_error, and leaves the generator created, if it has not
  /// started yet.
  template <class S = Send>
    requires(!std::is_void_v<S>)
  auto asend(std::type_identity_t<S> value) {
    return detail::operation<detail::send_awaiter<Yield, S>>(
        std::in_place, ctl_, std::move(value));
  }

  /// Raises `error` at the suspended `co_yield`; completes with the next
  /// value if the body handles it. On a generator that has not started it
  /// closes the generator without running the body and rethrows `error`; on
  /// a closed one it gives end. A null `error` is rejected with
  /// std::invalid_argument, the generator unchanged.
  auto athrow(std::exception_ptr error) noexcept {
    return detail::operation<detail::raise_awaiter<Yield>>(std::in_place, ctl_,
                                                           std::move(error));
  }

  /// Raises generator_exit at the suspended `co_yield` and completes once the
  /// body has unwound (its cleanup may co_await). Throws
  /// yielded_while_closing if the body yields instead, or whatever else
  /// escapes it. A no-op on created and closed generators.
  auto aclose() noexcept { return detail::close_operation(ctl_); }

  agen::state state() const noexcept {
    return ctl_ != nullptr ? ctl_->state() : agen::state::closed;
  }

  /// Null for an empty handle; otherwise what generator_ref::id() gives.
  void *id() const noexcept { return ctl_; }

private:
  detail::generator_control *ctl_ = nullptr;
};

} // namespace agen

#include <agen/detail/native_promise.hpp>
