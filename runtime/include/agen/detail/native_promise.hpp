/// \file
/// The promise behind a generator body compiled natively (no plugin): it
/// hosts the control block, turns co_yield into control-block yields, and
/// wraps every co_await so that context guards see real suspensions only.
#pragma once

#include <agen/detail/awaiter_traits.hpp>
#include <agen/detail/exceptions.hpp>
#include <agen/detail/generator_control.hpp>
#include <agen/detail/yield_binding.hpp>

#include <concepts>
#include <coroutine>
#include <exception>
#include <memory>
#include <type_traits>
#include <utility>

namespace agen {
template <class Yield, class Send> class async_generator;
}

namespace agen::detail {

/// Wraps an awaiter of the body: when it really suspends, the frame's guards
/// are suspended before await_suspend and resumed before await_resume.
/// Awaits that complete without suspending touch no guard (SPEC §4).
template <class Awaiter> class guarded_awaiter {
public:
  template <class A>
  guarded_awaiter(generator_control &ctl, A &&a)
      : ctl_(ctl), awaiter_(make(std::forward<A>(a))) {}

  bool await_ready() { return awaiter_.await_ready(); }

  template <class Promise>
  auto await_suspend(std::coroutine_handle<Promise> self) {
    suspended_ = true;
    ctl_.suspend_guards();
    ctl_.leave();
    AGEN_TRY {
      // After a suspending await_suspend returns, the frame may already be
      // running elsewhere: touch nothing here afterwards.
      return awaiter_.await_suspend(self);
    }
    AGEN_CATCH(...) {
      ctl_.enter();
      ctl_.resume_guards();
      AGEN_RETHROW;
    }
  }

  decltype(auto) await_resume() {
    if (suspended_) { // not when await_ready() was true: nothing to undo
      ctl_.enter();
      ctl_.resume_guards();
    }
    return awaiter_.await_resume();
  }

private:
  template <class A> static Awaiter make(A &&a) {
    if constexpr (std::is_reference_v<Awaiter>)
      return as_lvalue(get_awaiter(std::forward<A>(a)));
    else
      return get_awaiter(std::forward<A>(a));
  }

  generator_control &ctl_;
  Awaiter awaiter_; // a reference when the operand is the awaiter
  bool suspended_ = false;
};

template <class A>
using guarded_awaiter_for = guarded_awaiter<stored_awaiter_t<A>>;

/// What `co_yield v` awaits: suspends with a pointer to the value and
/// evaluates to the sent value (Send{} after next()).
template <class Send> class yield_awaiter {
public:
  yield_awaiter(generator_control &ctl, void *value) noexcept
      : ctl_(ctl), value_(value) {}

  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept {
    return ctl_.yield(value_);
  }
  Send await_resume() {
    [[maybe_unused]] op_kind kind = ctl_.resume_from_yield();
    if constexpr (!std::is_void_v<Send>) {
      if (kind == op_kind::send)
        return std::move(*static_cast<Send *>(ctl_.op->send_value));
      return Send{};
    }
  }

protected:
  generator_control &ctl_;
  void *value_;
};

/// `co_yield u` where u does not yield in place (yields_in_place): the
/// converted value lives in the awaiter, in the frame, across the suspension.
template <class Value, class Send>
class converting_yield_awaiter : public yield_awaiter<Send> {
public:
  template <class U>
  converting_yield_awaiter(generator_control &ctl, U &&u)
      : yield_awaiter<Send>(ctl, nullptr), converted_(std::forward<U>(u)) {}

  std::coroutine_handle<> await_suspend(std::coroutine_handle<> self) noexcept {
    this->value_ = std::addressof(converted_);
    return yield_awaiter<Send>::await_suspend(self);
  }

private:
  Value converted_;
};

template <class Yield, class Send>
class native_promise final : public generator_control {
  using value_type = std::remove_cvref_t<Yield>;
  using reference =
      std::conditional_t<std::is_reference_v<Yield>, Yield, Yield &>;

public:
  async_generator<Yield, Send> get_return_object() noexcept {
    frame = std::coroutine_handle<native_promise>::from_promise(*this);
    return async_generator<Yield, Send>(*this);
  }

  auto initial_suspend() noexcept {
    struct awaiter {
      generator_control &ctl;
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<>) const noexcept {}
      void await_resume() const noexcept { ctl.enter(); }
    };
    return awaiter{*this};
  }

  finish_awaiter final_suspend() noexcept { return {*this}; }

  void unhandled_exception() noexcept { fail(std::current_exception()); }
  void return_void() noexcept {}

  yield_awaiter<Send> yield_value(reference value) noexcept {
    return {*this, erase_pointer(std::addressof(value))};
  }
  yield_awaiter<Send>
  yield_value(std::remove_reference_t<Yield> &&value) noexcept
    requires(!std::is_reference_v<Yield>)
  {
    return {*this, erase_pointer(std::addressof(value))};
  }
  // Only for what the reference does not bind directly: as a better match
  // (`T &` against `const T &`, a derived class), this template would
  // otherwise copy what the consumer could read in place.
  template <class U>
    requires(std::constructible_from<value_type, U> &&
             !yields_in_place<Yield, U>)
  converting_yield_awaiter<value_type, Send> yield_value(U &&value) {
    return {*this, std::forward<U>(value)};
  }

  template <class A> guarded_awaiter_for<A> await_transform(A &&a) {
    return {*this, std::forward<A>(a)};
  }
};

} // namespace agen::detail
